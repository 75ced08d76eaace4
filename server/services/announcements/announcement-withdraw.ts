/**
 * Withdrawing an announcement: it stops pinning at once, for everyone, and
 * disappears live wherever it is shown. The sender, administrators and the
 * communications role may do it, under the same rule as reading its figures
 * (announcement-access.ts: a refusal must not confirm an announcement to a
 * private group exists); it is kept (with its receipts) for the record.
 */
import { forbidden, notFound } from '../../domain/errors.js';
import { isId } from '../../domain/ids.js';
import type { AnnouncementAccess } from './announcement-access.js';
import { actorOf, type ActingRequest, type AnnouncementDeps } from './announcement-deps.js';

export class WithdrawAnnouncementService {
  constructor(
    private readonly deps: AnnouncementDeps,
    private readonly access: AnnouncementAccess,
  ) {}

  async withdraw(request: ActingRequest, announcementId: string): Promise<void> {
    const announcement = isId(announcementId) ? await this.deps.models.Announcement.findByPk(announcementId) : null;
    if (!announcement) throw notFound('Announcement');
    const access = await this.access.figures(request.user, announcement);
    if (access === 'hidden') throw notFound('Announcement');
    if (access === 'forbidden') throw forbidden('Only the sender, administrators and the communications team can withdraw it');
    const changed = await this.deps.sequelize.transaction(async (transaction) => {
      const [count] = await this.deps.models.Announcement.update(
        { withdrawnAt: new Date() },
        { where: { id: announcement.id, withdrawnAt: null }, transaction },
      );
      if (count > 0) await this.deps.events.record(transaction, 'announcement.withdrawn', { announcementId: announcement.id });
      return count > 0;
    });
    if (!changed) return;
    await this.deps.audit.record({ action: 'announcement.withdrawn', ...actorOf(request), targetType: 'announcement', targetId: announcement.id });
  }
}
