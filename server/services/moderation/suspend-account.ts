/**
 * Suspending an account (reversible): sets users.suspended_at and ends every
 * session, token and live connection at once (AccessRevoker). While
 * suspended the person cannot sign in (local or directory) and no token
 * works. Reinstating clears the mark; they sign in again. Both recorded.
 */
import type { UserModel } from '../../db/models/user.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { isId } from '../../domain/ids.js';
import { actorOf, assertModerator, type ModerationDeps, type Moderator } from './moderation-deps.js';

export class SuspendAccountService {
  constructor(private readonly deps: Pick<ModerationDeps, 'sequelize' | 'models' | 'events' | 'revoker' | 'audit'>) {}

  async suspend(moderator: Moderator, accountId: string, reason = ''): Promise<void> {
    assertModerator(moderator);
    const user = isId(accountId) ? await this.deps.models.User.findByPk(accountId) : null;
    if (!user) throw notFound('Account');
    if (user.id === moderator.user.id) throw forbidden('You cannot suspend yourself');
    // Moderators do not overrule administrators; only an administrator may suspend one.
    if ((user.isAdmin || user.isModerator) && !moderator.user.isAdmin) throw forbidden('Only an administrator can suspend a moderator or administrator');
    const changed = !user.suspendedAt;
    if (changed) await this.mark(user, new Date());
    // Always revoke: a repeated suspension still ends anything that slipped in.
    const revoked = await this.deps.revoker.revokeAll(user.id);
    await this.deps.audit.record({
      action: 'moderation.suspend',
      ...actorOf(moderator),
      targetType: 'user',
      targetId: user.id,
      detail: { username: user.username, changed, reason, sessions: revoked.sessions, tokens: revoked.tokens },
    });
  }

  async reinstate(moderator: Moderator, accountId: string): Promise<void> {
    assertModerator(moderator);
    const user = isId(accountId) ? await this.deps.models.User.findByPk(accountId) : null;
    if (!user) throw notFound('Account');
    const changed = !!user.suspendedAt;
    if (changed) await this.mark(user, null);
    await this.deps.audit.record({
      action: 'moderation.reinstate',
      ...actorOf(moderator),
      targetType: 'user',
      targetId: user.id,
      detail: { username: user.username, changed },
    });
  }

  /** The mark and its event commit together: every node's timelines drop (or show again) the person's posts. */
  private async mark(user: UserModel, suspendedAt: Date | null): Promise<void> {
    await this.deps.sequelize.transaction(async (transaction) => {
      await user.update({ suspendedAt }, { transaction });
      await this.deps.events.record(transaction, 'user.updated', { userId: user.id, change: suspendedAt ? 'suspended' : 'reinstated' });
    });
  }
}
