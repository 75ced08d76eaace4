/**
 * The safety net under event-driven invalidation: every write made through
 * this process's models to a cached table (posts, users, groups) reports the
 * records it changed, after its transaction commits. Use cases also publish
 * events for their writes (read-cache-keys.ts); this catches the writes that
 * have none (a counter, a sign-in stamp, a script, a test writing the
 * database directly), so no such write leaves a stale record on this node,
 * and through the invalidation channel on the others.
 *
 * Increments (counters) fire no Sequelize hook: the events their use cases
 * publish (`post.countsChanged`, `post.created`, follows) cover them. A bulk
 * write whose rows cannot be told from its WHERE clause drops the whole kind.
 */
import { Op, type Model, type ModelStatic, type Transaction, type WhereOptions } from 'sequelize';
import type { Models } from '../models/index.js';
import type { StaleRecords } from './stale-records.js';

/** `all` when the written rows are unknown: every cached record of that kind goes. */
export type WrittenRecords = StaleRecords | { all: keyof StaleRecords };

interface HookOptions {
  where?: WhereOptions;
  transaction?: Transaction | null;
}

/** The ids a WHERE clause names (`id = x`, `id IN (...)`), or null when it selects rows otherwise. */
export function idsOfWhere(where: WhereOptions | undefined): string[] | null {
  const id = (where as Record<string, unknown> | undefined)?.id;
  if (typeof id === 'string') return [id];
  if (Array.isArray(id) && id.every((value) => typeof value === 'string')) return id;
  if (id && typeof id === 'object') {
    const list = (id as Record<symbol, unknown>)[Op.in] ?? (id as Record<symbol, unknown>)[Op.eq];
    if (typeof list === 'string') return [list];
    if (Array.isArray(list) && list.every((value) => typeof value === 'string')) return list;
  }
  return null;
}

const records = (kind: keyof StaleRecords, ids: string[]): StaleRecords => ({ posts: [], users: [], groups: [], [kind]: ids });

export function watchModelWrites(models: Pick<Models, 'Post' | 'User' | 'Group'>, onWritten: (written: WrittenRecords) => void): void {
  const afterCommit = (options: HookOptions | undefined, written: WrittenRecords) => {
    // Dropped before commit, a concurrent reader could cache the old row again; after commit it cannot.
    if (options?.transaction) options.transaction.afterCommit(() => onWritten(written));
    else onWritten(written);
  };
  const watch = <M extends Model & { id: string }>(model: ModelStatic<M>, kind: keyof StaleRecords) => {
    const one = (instance: M, options?: HookOptions) => afterCommit(options, records(kind, [instance.id]));
    const bulk = (options: HookOptions) => {
      const ids = idsOfWhere(options.where);
      afterCommit(options, ids ? records(kind, ids) : { all: kind });
    };
    model.addHook('afterUpdate', one);
    model.addHook('afterDestroy', one);
    model.addHook('afterBulkUpdate', bulk);
    model.addHook('afterBulkDestroy', bulk);
  };
  watch(models.Post, 'posts');
  watch(models.User, 'users');
  watch(models.Group, 'groups');
}
