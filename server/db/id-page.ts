/**
 * Mastodon cursor paging over a ULID column as a Sequelize `where` fragment,
 * for the lists this folder and its neighbours serve (followers, followed
 * tags, groups, members, notifications). `min_id` pages are read oldest
 * first and shown newest first, like every other page.
 */
import { Op } from 'sequelize';

export interface IdPage {
  maxId?: string;
  sinceId?: string;
  minId?: string;
  limit: number;
}

/** `{ [Op.lt]: maxId, [Op.gt]: minId|sinceId }`, or undefined when the page is the newest one. */
export function idRange(page: IdPage): { [Op.lt]?: string; [Op.gt]?: string } | undefined {
  const range: { [Op.lt]?: string; [Op.gt]?: string } = {};
  if (page.maxId) range[Op.lt] = page.maxId;
  const lower = page.minId ?? page.sinceId;
  if (lower) range[Op.gt] = lower;
  return page.maxId || lower ? range : undefined;
}

/** The scan direction: ascending right after `min_id`, else newest first. */
export const idOrder = (page: IdPage): 'ASC' | 'DESC' => (page.minId ? 'ASC' : 'DESC');

/** Rows in the order a page is shown (newest first), whatever the scan direction. */
export function newestFirstBy<T>(rows: readonly T[], idOf: (row: T) => string): T[] {
  return [...rows].sort((a, b) => {
    const x = idOf(a);
    const y = idOf(b);
    return x < y ? 1 : x > y ? -1 : 0;
  });
}
