/**
 * What a request may have changed, read from the tables people's text lands
 * in: posts, users and groups. A refused request must leave them as they
 * were; an accepted one must have stored its text exactly as sent.
 */
import type { Models } from '../../../server/db/models/index.js';

type Row = Record<string, unknown>;
export type StoreSnapshot = Map<string, Row>;

/** The columns holding text that people typed, which must be stored byte for byte. */
export const TEXT_COLUMNS: Record<string, readonly string[]> = {
  posts: ['text'],
  users: ['displayName'],
  groups: ['name', 'description'],
};

export async function snapshotStore(models: Models): Promise<StoreSnapshot> {
  const snapshot: StoreSnapshot = new Map();
  const tables = { posts: models.Post, users: models.User, groups: models.Group } as const;
  for (const [table, model] of Object.entries(tables)) {
    for (const row of (await (model as typeof models.Post).findAll({ raw: true })) as unknown as Row[]) {
      snapshot.set(`${table}/${String(row.id)}`, row);
    }
  }
  return snapshot;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export interface StoreChange {
  key: string;
  table: string;
  before: Row | undefined;
  after: Row | undefined;
}

export function changesBetween(before: StoreSnapshot, after: StoreSnapshot): StoreChange[] {
  const changes: StoreChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    if (!same(before.get(key), after.get(key))) {
      changes.push({ key, table: key.split('/')[0] ?? '', before: before.get(key), after: after.get(key) });
    }
  }
  return changes;
}
