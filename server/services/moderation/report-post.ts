/**
 * A person reports posts (Mastodon's `POST /api/v1/reports`): only posts
 * they can see, written by the reported account; anything else is 404, so a
 * report never confirms that a hidden post exists. One report row per post
 * (one without a post when only the account is reported).
 */
import { notFound, validationError } from '../../domain/errors.js';
import { isId, newId } from '../../domain/ids.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { ReportModel } from '../../db/models/report.js';
import { actingUser, PostAccess } from '../posts/post-access.js';
import type { ModerationDeps } from './moderation-deps.js';

export const MAX_REPORT_COMMENT = 1000;
export const MAX_REPORTED_POSTS = 20;

export interface ReportDraft {
  accountId: string;
  statusIds: readonly string[];
  comment: string;
}

export class ReportPostService {
  private readonly access: PostAccess;

  constructor(private readonly deps: Pick<ModerationDeps, 'sequelize' | 'models' | 'audit'>) {
    this.access = new PostAccess(deps.models);
  }

  async report(reporter: ViewerContext, draft: ReportDraft, reporterLabel: string, address: string | null = null): Promise<ReportModel[]> {
    const person = actingUser(reporter);
    const comment = draft.comment.trim();
    if (comment.length > MAX_REPORT_COMMENT) throw validationError('comment', `Say it in at most ${MAX_REPORT_COMMENT} characters`);
    const statusIds = [...new Set(draft.statusIds)];
    if (statusIds.length > MAX_REPORTED_POSTS) throw validationError('status_ids', `Report at most ${MAX_REPORTED_POSTS} posts at once`);
    if (!isId(draft.accountId)) throw notFound('Account');
    const created = await this.deps.sequelize.transaction(async (transaction) => {
      const account = await this.deps.models.User.findByPk(draft.accountId, { attributes: ['id'], transaction });
      if (!account) throw notFound('Account');
      for (const id of statusIds) {
        if (!isId(id)) throw notFound('Status');
        const loaded = await this.access.loadVisible(id, reporter, transaction);
        if (loaded.row.authorId !== account.id) throw notFound('Status');
      }
      const now = new Date();
      const targets: Array<string | null> = statusIds.length > 0 ? statusIds : [null];
      const rows: ReportModel[] = [];
      for (const postId of targets) {
        rows.push(await this.deps.models.Report.create(
          { id: newId(), reporterId: person.id, postId, accountId: account.id, comment, createdAt: now },
          { transaction },
        ));
      }
      return rows;
    });
    for (const row of created) {
      await this.deps.audit.record({
        action: 'moderation.report',
        actorId: person.id,
        actorLabel: reporterLabel,
        targetType: row.postId ? 'post' : 'user',
        targetId: row.postId ?? row.accountId,
        address,
        detail: { reportId: row.id, accountId: row.accountId },
      });
    }
    return created;
  }
}
