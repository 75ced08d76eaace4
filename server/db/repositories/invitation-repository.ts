/** Invitations by email: created, re-sent with a new token, revoked, accepted once. */
import { Op, type Transaction } from 'sequelize';
import { newId } from '../../domain/ids.js';
import type { InvitationModel } from '../models/invitation.js';
import type { Models } from '../models/index.js';

export interface InvitationRecord {
  id: string;
  email: string;
  displayName: string | null;
  isAdmin: boolean;
  invitedBy: string | null;
  expiresAt: Date;
  sentAt: Date | null;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

const toRecord = (row: InvitationModel): InvitationRecord => ({
  id: row.id,
  email: row.email,
  displayName: row.displayName,
  isAdmin: row.isAdmin,
  invitedBy: row.invitedBy,
  expiresAt: row.expiresAt,
  sentAt: row.sentAt,
  acceptedAt: row.acceptedAt,
  revokedAt: row.revokedAt,
  createdAt: row.createdAt,
});

export class InvitationRepository {
  constructor(private readonly models: Models) {}

  async create(
    invitation: { email: string; displayName: string | null; isAdmin: boolean; invitedBy: string | null; tokenHash: string; expiresAt: Date },
    transaction?: Transaction,
  ): Promise<InvitationRecord> {
    return toRecord(await this.models.Invitation.create({ id: newId(), ...invitation }, { transaction }));
  }

  async findById(id: string, transaction?: Transaction): Promise<InvitationRecord | null> {
    const row = await this.models.Invitation.findByPk(id, { transaction });
    return row ? toRecord(row) : null;
  }

  /** The invitation behind a link, whatever its state (the page says why it no longer works). */
  async findByTokenHash(tokenHash: string, transaction?: Transaction): Promise<InvitationRecord | null> {
    const row = await this.models.Invitation.findOne({ where: { tokenHash }, transaction });
    return row ? toRecord(row) : null;
  }

  /** Neither accepted nor revoked (expired ones included, so they can be re-sent), newest first. */
  async listOpen(limit = 200): Promise<InvitationRecord[]> {
    const rows = await this.models.Invitation.findAll({
      where: { acceptedAt: null, revokedAt: null },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
      limit,
    });
    return rows.map(toRecord);
  }

  async openForEmail(email: string, transaction?: Transaction): Promise<InvitationRecord | null> {
    const row = await this.models.Invitation.findOne({ where: { email, acceptedAt: null, revokedAt: null }, transaction });
    return row ? toRecord(row) : null;
  }

  /** A new token and expiry; the previous link stops working. Only while open. */
  async renew(id: string, tokenHash: string, expiresAt: Date, transaction?: Transaction): Promise<boolean> {
    const [count] = await this.models.Invitation.update({ tokenHash, expiresAt, sentAt: null }, { where: { id, acceptedAt: null, revokedAt: null }, transaction });
    return count === 1;
  }

  async markSent(id: string, at: Date = new Date()): Promise<void> {
    await this.models.Invitation.update({ sentAt: at }, { where: { id } });
  }

  async revoke(id: string, at: Date, transaction?: Transaction): Promise<boolean> {
    const [count] = await this.models.Invitation.update({ revokedAt: at }, { where: { id, acceptedAt: null, revokedAt: null }, transaction });
    return count === 1;
  }

  /** Accepts the invitation if it is still open and unexpired: one conditional UPDATE, so a link works once. */
  async accept(id: string, userId: string, transaction: Transaction, now: Date = new Date()): Promise<boolean> {
    const [count] = await this.models.Invitation.update(
      { acceptedAt: now, acceptedUserId: userId },
      { where: { id, acceptedAt: null, revokedAt: null, expiresAt: { [Op.gt]: now } }, transaction },
    );
    return count === 1;
  }
}
