/**
 * The moderation queue: open reports, oldest first, with the reported post
 * (its stored text, whatever its audience: a colleague who could see it has
 * brought it to the moderators) and the people involved.
 */
import { Op } from 'sequelize';
import { assertModerator, type ModerationDeps, type Moderator } from './moderation-deps.js';

export interface QueueEntry {
  id: string;
  comment: string;
  createdAt: Date;
  reporter: { id: string; username: string; displayName: string } | null;
  account: { id: string; username: string; displayName: string; suspended: boolean } | null;
  post: { id: string; text: string; hidden: boolean; deleted: boolean; url: string } | null;
}

export const QUEUE_LIMIT = 50;

export class ListReportsService {
  constructor(private readonly deps: Pick<ModerationDeps, 'models'>) {}

  async open(moderator: Moderator, limit = QUEUE_LIMIT): Promise<QueueEntry[]> {
    assertModerator(moderator);
    const { models } = this.deps;
    const reports = await models.Report.findAll({ where: { status: 'open' }, order: [['id', 'ASC']], limit });
    const userIds = [...new Set(reports.flatMap((r) => [r.reporterId, r.accountId]))];
    const postIds = [...new Set(reports.map((r) => r.postId).filter((id): id is string => id !== null))];
    const [users, posts] = await Promise.all([
      userIds.length ? models.User.findAll({ where: { id: { [Op.in]: userIds } } }) : Promise.resolve([]),
      postIds.length ? models.Post.findAll({ where: { id: { [Op.in]: postIds } } }) : Promise.resolve([]),
    ]);
    const userById = new Map(users.map((u) => [u.id, u]));
    const postById = new Map(posts.map((p) => [p.id, p]));
    return reports.map((report) => {
      const reporter = userById.get(report.reporterId);
      const account = userById.get(report.accountId);
      const post = report.postId ? postById.get(report.postId) : undefined;
      return {
        id: report.id,
        comment: report.comment,
        createdAt: report.createdAt,
        reporter: reporter ? { id: reporter.id, username: reporter.username, displayName: reporter.displayName } : null,
        account: account
          ? { id: account.id, username: account.username, displayName: account.displayName, suspended: account.suspendedAt !== null && account.suspendedAt !== undefined }
          : null,
        post: post
          ? {
              id: post.id,
              text: post.text,
              hidden: post.hiddenAt !== null,
              deleted: post.deletedAt !== null,
              url: account ? `/@${account.username}/${post.id}` : '',
            }
          : null,
      };
    });
  }
}
