/** Closing a report (with or without action taken): it leaves the queue; recorded. */
import { notFound } from '../../domain/errors.js';
import { isId } from '../../domain/ids.js';
import { actorOf, assertModerator, type ModerationDeps, type Moderator } from './moderation-deps.js';

export class ResolveReportService {
  constructor(private readonly deps: Pick<ModerationDeps, 'models' | 'audit'>) {}

  async resolve(moderator: Moderator, reportId: string): Promise<void> {
    assertModerator(moderator);
    const report = isId(reportId) ? await this.deps.models.Report.findByPk(reportId) : null;
    if (!report) throw notFound('Report');
    const changed = report.status !== 'resolved';
    if (changed) await report.update({ status: 'resolved', resolvedBy: moderator.user.id, resolvedAt: new Date() });
    await this.deps.audit.record({
      action: 'moderation.resolve',
      ...actorOf(moderator),
      targetType: 'report',
      targetId: report.id,
      detail: { postId: report.postId, accountId: report.accountId, changed },
    });
  }
}
