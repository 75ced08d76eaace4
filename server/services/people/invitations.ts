/**
 * Invitations by email (issue 15): an administrator invites an address, the
 * invitee receives a link that expires, and on it chooses a user name and a
 * password: a LOCAL account, whatever sign-in the instance otherwise uses
 * (the directory or single sign-on cannot create accounts Warble does not
 * hold). Re-sending issues a new token (the old link stops working);
 * revoking voids the link. Every step is audited.
 */
import type { Sequelize } from 'sequelize';
import { hashSecret, newSecret } from '../../auth/token-crypto.js';
import type { UserModel } from '../../db/models/user.js';
import type { InvitationRecord, InvitationRepository } from '../../db/repositories/invitation-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { normaliseEmail } from '../../domain/email-address.js';
import { conflict, DomainError, notFound } from '../../domain/errors.js';
import { normaliseDisplayName } from '../../domain/account-rules.js';
import type { Logger } from '../../logging/logger.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { LocalUserCreateService } from '../local-user-create.js';
import type { AccountMail } from './account-mail.js';
import type { Actor } from './actor.js';

export type InvitationState = 'pending' | 'expired' | 'revoked' | 'accepted';

export interface InvitationView extends InvitationRecord {
  state: InvitationState;
}

export interface InvitationDraft {
  email: string;
  displayName?: string;
  isAdmin?: boolean;
}

export interface AcceptDraft {
  username: string;
  displayName?: string;
  password: string;
  passwordConfirmation?: string;
}

/** The outcome of a send: the invitation stands even when the relay refused the mail (the admin can re-send). */
export interface Sent {
  invitation: InvitationRecord;
  mailed: boolean;
}

export function invitationState(invitation: InvitationRecord, now: Date = new Date()): InvitationState {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

const linkNotUsable = () => new DomainError('E_FORBIDDEN', 'This invitation link is no longer valid', 403);

export interface InvitationDeps {
  sequelize: Sequelize;
  invitations: InvitationRepository;
  users: UserRepository;
  localUsers: LocalUserCreateService;
  mail: AccountMail;
  audit: AuditLog;
  logger: Logger;
  expiryDays: number;
}

export class Invitations {
  constructor(private readonly deps: InvitationDeps) {}

  private expiry(now: Date): Date {
    return new Date(now.getTime() + this.deps.expiryDays * 86_400_000);
  }

  /** Open invitations (pending and expired, which can be re-sent), newest first. */
  async listOpen(now: Date = new Date()): Promise<InvitationView[]> {
    return (await this.deps.invitations.listOpen()).map((invitation) => ({ ...invitation, state: invitationState(invitation, now) }));
  }

  async invite(actor: Actor, draft: InvitationDraft): Promise<Sent> {
    const email = normaliseEmail(draft.email);
    const displayName = draft.displayName?.trim() ? normaliseDisplayName(draft.displayName, '') : null;
    this.deps.mail.requireMail('email');
    const token = newSecret();
    const now = new Date();
    const invitation = await this.deps.sequelize.transaction(async (transaction) => {
      if (await this.deps.users.findByEmail(email, transaction)) throw conflict('email', 'Someone already has an account with this address');
      if (await this.deps.invitations.openForEmail(email, transaction)) throw conflict('email', 'This address already has an open invitation: re-send it');
      return this.deps.invitations.create(
        { email, displayName, isAdmin: draft.isAdmin ?? false, invitedBy: actor.actorId, tokenHash: hashSecret(token), expiresAt: this.expiry(now) },
        transaction,
      );
    });
    await this.deps.audit.record({ action: 'invitation.created', ...actor, targetType: 'invitation', targetId: invitation.id, detail: { email, isAdmin: invitation.isAdmin } });
    return { invitation, mailed: await this.mailLink(actor, invitation, token) };
  }

  /** A new link and a new expiry; the previous link stops working at once. */
  async resend(actor: Actor, id: string): Promise<Sent> {
    this.deps.mail.requireMail('invitation');
    const token = newSecret();
    const invitation = await this.deps.sequelize.transaction(async (transaction) => {
      const found = await this.deps.invitations.findById(id, transaction);
      if (!found || found.acceptedAt || found.revokedAt) throw notFound('Invitation');
      const expiresAt = this.expiry(new Date());
      await this.deps.invitations.renew(id, hashSecret(token), expiresAt, transaction);
      return { ...found, expiresAt };
    });
    await this.deps.audit.record({ action: 'invitation.resent', ...actor, targetType: 'invitation', targetId: id, detail: { email: invitation.email } });
    return { invitation, mailed: await this.mailLink(actor, invitation, token) };
  }

  async revoke(actor: Actor, id: string): Promise<InvitationRecord> {
    const invitation = await this.deps.invitations.findById(id);
    if (!invitation || !(await this.deps.invitations.revoke(id, new Date()))) throw notFound('Invitation');
    await this.deps.audit.record({ action: 'invitation.revoked', ...actor, targetType: 'invitation', targetId: id, detail: { email: invitation.email } });
    return invitation;
  }

  /** The invitation behind a link and its state; null when the token matches none (never issued, or replaced by a re-send). */
  async open(token: string): Promise<InvitationView | null> {
    if (token === '') return null;
    const invitation = await this.deps.invitations.findByTokenHash(hashSecret(token));
    return invitation ? { ...invitation, state: invitationState(invitation) } : null;
  }

  /** Creates the invitee's local account and spends the invitation, in one transaction. */
  async accept(token: string, draft: AcceptDraft, address: string | null): Promise<UserModel> {
    const invitation = await this.open(token);
    if (!invitation || invitation.state !== 'pending') throw linkNotUsable();
    const user = await this.deps.localUsers.create(
      // The name the administrator typed, unless the invitee chose another.
      { ...draft, displayName: draft.displayName?.trim() ? draft.displayName : (invitation.displayName ?? undefined), email: invitation.email, isAdmin: invitation.isAdmin },
      {
        onCreated: async (created, transaction) => {
          // Conditional on still being open and unexpired: a link raced, revoked or re-sent meanwhile creates nobody.
          if (!(await this.deps.invitations.accept(invitation.id, created.id, transaction))) throw linkNotUsable();
        },
      },
    );
    await this.deps.audit.record({
      action: 'invitation.accepted',
      actorId: user.id,
      actorLabel: user.username,
      address,
      targetType: 'invitation',
      targetId: invitation.id,
      detail: { email: invitation.email, username: user.username, isAdmin: user.isAdmin },
    });
    await this.deps.audit.record({
      action: 'user.created',
      actorId: invitation.invitedBy,
      actorLabel: user.username,
      address,
      targetType: 'user',
      targetId: user.id,
      detail: { username: user.username, isAdmin: user.isAdmin, via: 'invitation' },
    });
    return user;
  }

  private async mailLink(actor: Actor, invitation: InvitationRecord, token: string): Promise<boolean> {
    try {
      await this.deps.mail.sendInvitation(invitation.email, {
        token,
        inviterName: actor.displayName ?? actor.actorLabel,
        displayName: invitation.displayName,
        expiresAt: invitation.expiresAt,
      });
      await this.deps.invitations.markSent(invitation.id);
      return true;
    } catch (error) {
      this.deps.logger.error({ err: error, invitationId: invitation.id }, 'invitation mail not sent');
      return false;
    }
  }
}
