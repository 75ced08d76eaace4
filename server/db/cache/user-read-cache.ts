/**
 * Authors and mentioned people for the StatusPresenter, cached per node:
 * the same few hundred accounts appear on almost every page. The records are
 * the users rows (viewer-independent); how an account is shown is decided
 * per request. Only the presenter reads through here: sign-in, the current
 * user and every permission check keep reading the committed row.
 *
 * Kept fresh by read-cache-invalidation.ts: profile, photo, suspension and
 * deactivation changes, and the follows and posts that change the counts
 * shown with an account.
 */
import type { UserModel } from '../models/user.js';
import type { ViewerReadRepository } from '../repositories/viewer-read-repository.js';
import { RecordCache, type CacheLookupListener, type RecordCacheOptions } from './record-cache.js';
import type { InvalidatedCache, StaleRecords } from './stale-records.js';

export type UserReads = Pick<ViewerReadRepository, 'usersByIds'>;

export class CachedUserReads implements UserReads, InvalidatedCache {
  private readonly users: RecordCache<UserModel>;

  constructor(
    private readonly source: UserReads,
    options: RecordCacheOptions,
    onLookup?: CacheLookupListener,
  ) {
    this.users = new RecordCache('accounts', options, onLookup);
  }

  async usersByIds(ids: readonly string[]): Promise<UserModel[]> {
    const found = await this.users.getMany(ids, async (missing) => {
      const loaded = await this.source.usersByIds(missing);
      return new Map(loaded.map((user) => [user.id, user]));
    });
    return [...found.values()];
  }

  drop(stale: StaleRecords): void {
    this.users.invalidate(stale.users);
  }

  dropKind(kind: keyof StaleRecords): void {
    if (kind === 'users') this.users.clear();
  }

  clear(): void {
    this.users.clear();
  }
}
