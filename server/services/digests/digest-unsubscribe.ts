/**
 * The digest's one-click unsubscribe: the signed token in the mail is the
 * authority (no session needed, as the mail may be opened anywhere), and
 * using it turns the person's digest off and is audited. Reading who a
 * token belongs to never changes anything (the GET page only asks).
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import type { AuditLog } from '../audit/audit-log.js';
import { verifyUnsubscribeToken } from './unsubscribe-token.js';

export class DigestUnsubscribe {
  constructor(
    private readonly deps: { sequelize: Sequelize; models: Models; audit: AuditLog; sessionSecret: string },
  ) {}

  /** The person a genuine token names (active or not), else null. */
  async personOf(token: unknown): Promise<UserModel | null> {
    const userId = verifyUnsubscribeToken(this.deps.sessionSecret, token);
    return userId ? this.deps.models.User.findByPk(userId) : null;
  }

  /** Turns the digest off for the token's person; null for a token that is not genuine. */
  async unsubscribe(token: unknown, via: 'page' | 'one-click'): Promise<UserModel | null> {
    const person = await this.personOf(token);
    if (!person) return null;
    const previous = person.digestFrequency;
    if (previous !== 'off') {
      await this.deps.sequelize.transaction((transaction) =>
        this.deps.models.User.update({ digestFrequency: 'off' }, { where: { id: person.id }, transaction }),
      );
      await this.deps.audit.record({
        action: 'digest.unsubscribed',
        actorId: person.id,
        actorLabel: person.username,
        targetType: 'user',
        targetId: person.id,
        detail: { previous, via },
      });
    }
    return person;
  }
}
