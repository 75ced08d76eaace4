/**
 * Builds the domain's ViewerContext (who is looking, and their group
 * memberships) from the database, once per request, so every visibility
 * decision in services and routes uses the same facts.
 */
import type { Models } from '../db/models/index.js';
import type { UserModel } from '../db/models/user.js';
import type { MembershipRow } from '../db/repositories/viewer-read-repository.js';
import {
  ANONYMOUS_VIEWER,
  viewerContext,
  type GroupMembershipState,
  type ViewerContext,
} from '../domain/visibility/index.js';

export async function loadViewerContext(models: Models, user: UserModel | undefined | null): Promise<ViewerContext> {
  if (!user) return viewerContext(ANONYMOUS_VIEWER);
  const rows = await models.GroupMembership.findAll({
    where: { userId: user.id },
    attributes: ['groupId', 'role', 'state'],
    raw: true,
  });
  return viewerContextFor(user, rows);
}

/** The same context from memberships read elsewhere (the HTTP requests read them on the hot-read connections). */
export function viewerContextFor(user: UserModel, rows: readonly MembershipRow[]): ViewerContext {
  const memberships = new Map<string, GroupMembershipState>(
    rows.map((row) => [row.groupId, row.state === 'active' ? row.role : row.state]),
  );
  return viewerContext(
    { kind: 'user', id: user.id, isAdmin: user.isAdmin, isModerator: user.isModerator === true, isActive: user.deactivatedAt === null && !user.suspendedAt },
    memberships,
  );
}
