/**
 * Official accounts: an account that speaks for a team (IT Helpdesk, HR),
 * created or marked by administrators, that never signs in itself (no
 * password; sign-in refuses it, see auth/sign-in.ts). Named people publish as
 * it; each such post goes through the ordinary post-create use case with the
 * official account as author (same plugin filters, fan-out, notifications)
 * and records the real publisher on the post and in the audit log.
 */
import type { Sequelize } from 'sequelize';
import type { AccessRevoker } from '../../auth/access-revoker.js';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import type { OfficialAccountRepository } from '../../db/repositories/official-account-repository.js';
import type { UserRepository } from '../../db/repositories/user-repository.js';
import { normaliseDisplayName, normaliseUsername } from '../../domain/account-rules.js';
import { conflict, forbidden, notFound, validationError } from '../../domain/errors.js';
import { isId } from '../../domain/ids.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { EventPublisher } from '../events.js';
import type { PostCreateService, PostDraft } from '../posts/post-create.js';
import { loadViewerContext } from '../viewer-context-loader.js';

/** Who acts: an administrator on the admin page, or a publisher posting. */
export interface OfficialActor {
  id: string;
  username: string;
  isAdmin: boolean;
  /** The request's address, for the audit log. */
  address?: string | null;
}

export interface OfficialAccountListing {
  account: UserModel;
  publishers: UserModel[];
}

export interface OfficialAccountDraft {
  username: string;
  displayName?: string;
  bio?: string;
}

export interface OfficialAccountsDeps {
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  publishers: OfficialAccountRepository;
  posts: PostCreateService;
  audit: AuditLog;
  revoker: AccessRevoker;
  events?: EventPublisher;
}

export const MAX_BIO_LENGTH = 500;

const notAllowedToPublish = () => forbidden('You may not publish as this account');

export class OfficialAccounts {
  constructor(private readonly deps: OfficialAccountsDeps) {}

  /** Every official account with its publishers, by display name. */
  async list(): Promise<OfficialAccountListing[]> {
    const accounts = await this.deps.models.User.findAll({ where: { isOfficial: true }, order: [['displayName', 'ASC'], ['id', 'ASC']] });
    const rows = await this.deps.publishers.publishersOf(accounts.map((account) => account.id));
    const people = rows.length ? await this.deps.models.User.findAll({ where: { id: [...new Set(rows.map((row) => row.userId))] } }) : [];
    const byId = new Map(people.map((person) => [person.id, person]));
    return accounts.map((account) => ({
      account,
      publishers: rows
        .filter((row) => row.accountId === account.id)
        .map((row) => byId.get(row.userId))
        .filter((person): person is UserModel => person !== undefined),
    }));
  }

  /** The official accounts this person may publish as (active ones only), by display name. */
  async publishableBy(userId: string): Promise<UserModel[]> {
    const ids = await this.deps.publishers.accountIdsFor(userId);
    if (ids.length === 0) return [];
    const accounts = await this.deps.models.User.findAll({ where: { id: ids, isOfficial: true, deactivatedAt: null, suspendedAt: null } });
    return accounts.sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** A new local account that is official from the start: no password, no email. */
  async create(admin: OfficialActor, draft: OfficialAccountDraft): Promise<UserModel> {
    requireAdmin(admin);
    const username = normaliseUsername(draft.username);
    const displayName = normaliseDisplayName(draft.displayName, username);
    const bio = checkedBio(draft.bio);
    const created = await this.deps.sequelize.transaction(async (transaction) => {
      if (await this.deps.users.findByUsername(username, transaction)) throw conflict('username', 'This user name is taken');
      const user = await this.deps.users.create({ username, displayName, source: 'local', passwordHash: null }, transaction);
      user.set({ isOfficial: true, bio });
      await user.save({ transaction });
      await this.deps.events?.record(transaction, 'user.created', { userId: user.id });
      return user;
    });
    await this.audit(admin, 'official.created', created, { username, displayName });
    return created;
  }

  /**
   * Makes an existing account official: its password is removed and its
   * sessions and tokens end, so from now on only its publishers speak for it.
   * Administrators cannot be marked (that would lock an administrator out).
   */
  async markOfficial(admin: OfficialActor, username: string): Promise<UserModel> {
    requireAdmin(admin);
    const account = await this.deps.users.findByUsername(username.trim().replace(/^@/, ''));
    if (!account) throw validationError('account', `No account named ${username.trim()}`);
    if (account.isOfficial) return account;
    if (account.isAdmin || account.id === admin.id) throw validationError('account', 'An administrator cannot become an official account');
    await this.deps.sequelize.transaction(async (transaction) => {
      account.set({ isOfficial: true, passwordHash: null });
      await account.save({ transaction });
      // The official badge shows with every post of the account.
      await this.deps.events?.record(transaction, 'user.updated', { userId: account.id, change: 'role' });
    });
    await this.deps.revoker.revokeAll(account.id);
    await this.audit(admin, 'official.marked', account, { username: account.username });
    return account;
  }

  /** Lets `username` publish as the official account; adding twice changes nothing. */
  async addPublisher(admin: OfficialActor, accountId: string, username: string): Promise<UserModel> {
    requireAdmin(admin);
    const account = await this.officialAccount(accountId);
    const person = await this.deps.users.findByUsername(username.trim().replace(/^@/, ''));
    if (!person) throw validationError('publisher', `No account named ${username.trim()}`);
    if (person.isOfficial) throw validationError('publisher', 'An official account cannot publish as another one');
    if (person.deactivatedAt) throw validationError('publisher', 'This account is deactivated');
    const added = await this.deps.sequelize.transaction((transaction) => this.deps.publishers.add(account.id, person.id, admin.id, transaction));
    if (added) await this.audit(admin, 'official.publisherAdded', account, { publisherId: person.id, publisher: person.username });
    return person;
  }

  async removePublisher(admin: OfficialActor, accountId: string, userId: string): Promise<void> {
    requireAdmin(admin);
    const account = await this.officialAccount(accountId);
    const person = isId(userId) ? await this.deps.users.findById(userId) : null;
    if (!person) throw notFound('Account');
    const removed = await this.deps.sequelize.transaction((transaction) => this.deps.publishers.remove(account.id, person.id, transaction));
    if (removed) await this.audit(admin, 'official.publisherRemoved', account, { publisherId: person.id, publisher: person.username });
  }

  /**
   * Publishes `draft` as the official account `accountId` on behalf of
   * `person`, who must be one of its publishers (403 otherwise, also for an
   * unknown or non-official account, so the check reveals nothing). Returns
   * the new post's id.
   */
  async publishAs(person: OfficialActor, accountId: string, draft: PostDraft): Promise<string> {
    const account = await this.publishableAccount(person, accountId);
    // The official account's own memberships decide where it may post (a group it belongs to, the company),
    // but the publisher must be able to see what they answer and read the group too: nobody writes into, or
    // probes for, a conversation they cannot see. Post-create checks both in its transaction (a reply's group
    // and direct-message participants come from its parent), answering 404 as for what does not exist.
    const actor = await loadViewerContext(this.deps.models, account);
    const publisher = await loadViewerContext(this.deps.models, await this.deps.users.findById(person.id));
    const postId = await this.deps.posts.create(actor, draft, { publisher });
    await this.deps.audit.record({
      action: 'official.posted',
      actorId: person.id,
      actorLabel: person.username,
      address: person.address ?? null,
      targetType: 'post',
      targetId: postId,
      detail: { accountId: account.id, account: account.username },
    });
    return postId;
  }

  private async publishableAccount(person: OfficialActor, accountId: string): Promise<UserModel> {
    if (!isId(accountId) || !(await this.deps.publishers.isPublisher(accountId, person.id))) throw notAllowedToPublish();
    const account = await this.deps.users.findById(accountId);
    if (!account || !account.isOfficial || account.deactivatedAt || account.suspendedAt) throw notAllowedToPublish();
    return account;
  }

  private async officialAccount(accountId: string): Promise<UserModel> {
    const account = isId(accountId) ? await this.deps.users.findById(accountId) : null;
    if (!account || !account.isOfficial) throw notFound('Official account');
    return account;
  }

  private audit(admin: OfficialActor, action: 'official.created' | 'official.marked' | 'official.publisherAdded' | 'official.publisherRemoved', account: UserModel, detail: Record<string, unknown>) {
    return this.deps.audit.record({
      action,
      actorId: admin.id,
      actorLabel: admin.username,
      address: admin.address ?? null,
      targetType: 'user',
      targetId: account.id,
      detail,
    });
  }
}

function requireAdmin(actor: OfficialActor): void {
  if (!actor.isAdmin) throw forbidden('Only administrators manage official accounts');
}

function checkedBio(raw: string | undefined): string | null {
  const bio = (raw ?? '').trim();
  if ([...bio].length > MAX_BIO_LENGTH) throw validationError('bio', `The description must be at most ${MAX_BIO_LENGTH} characters`);
  return bio === '' ? null : bio;
}
