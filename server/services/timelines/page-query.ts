/**
 * Cursor paging over an id column (ULIDs sort by time): `max_id` (older
 * than), `since_id` (newer than, newest first), `min_id` (the page right after
 * it, fetched oldest first and returned newest first).
 */
export interface PageCursor {
  maxId?: string;
  sinceId?: string;
  minId?: string;
  limit: number;
}

export interface CursorSql {
  /** ` AND col < :maxId …`, or '' */
  where: string;
  order: 'ASC' | 'DESC';
  replacements: Record<string, string>;
}

export function cursorSql(column: string, cursor: PageCursor): CursorSql {
  const conditions: string[] = [];
  const replacements: Record<string, string> = {};
  if (cursor.maxId) {
    conditions.push(`${column} < :maxId`);
    replacements.maxId = cursor.maxId;
  }
  if (cursor.minId) {
    conditions.push(`${column} > :minId`);
    replacements.minId = cursor.minId;
  } else if (cursor.sinceId) {
    conditions.push(`${column} > :sinceId`);
    replacements.sinceId = cursor.sinceId;
  }
  return {
    where: conditions.map((condition) => ` AND ${condition}`).join(''),
    order: cursor.minId ? 'ASC' : 'DESC',
    replacements,
  };
}

/** Rows come back in the query's order; pages are always shown newest first. */
export function newestFirst<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
