/**
 * Group slugs: the short, URL-safe name of a group (`/groups/direction-generale`).
 * Pure rules, so directory sync and the upcoming group pages agree.
 */

/** Longest slug (the column holds 64; room is left for a `-NN` suffix). */
export const MAX_SLUG_LENGTH = 56;

/** "Direction Générale" -> "direction-generale"; '' when nothing usable is left. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

/** Candidates in the order to try: `base`, `base-2`, `base-3`, … (`group` when the name had no usable characters). */
export function* slugCandidates(name: string): Generator<string> {
  const base = slugify(name) || 'group';
  yield base;
  for (let n = 2; ; n += 1) yield `${base}-${n}`;
}
