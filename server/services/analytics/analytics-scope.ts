/**
 * Whose figures a dashboard shows: one person's posts (/analytics), one
 * group's posts (/groups/:slug/analytics, its admins) or every post of the
 * company (/admin/analytics, administrators). Direct messages are never
 * counted in any scope: they are conversations, not publications.
 */

export type AnalyticsScope =
  | { kind: 'person'; userId: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'company' };

/** The SQL condition selecting the scope's posts under alias `p`, with its replacements. Only ranges and ids: the same on both dialects. */
export function scopeCondition(scope: AnalyticsScope): { sql: string; replacements: Record<string, unknown> } {
  const base = `p.visibility <> 'direct' AND p.repost_of_id IS NULL AND p.deleted_at IS NULL`;
  switch (scope.kind) {
    case 'person':
      return { sql: `p.author_id = :scopeId AND ${base}`, replacements: { scopeId: scope.userId } };
    case 'group':
      return { sql: `p.group_id = :scopeId AND ${base}`, replacements: { scopeId: scope.groupId } };
    case 'company':
      return { sql: base, replacements: {} };
  }
}
