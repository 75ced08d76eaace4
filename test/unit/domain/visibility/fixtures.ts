import {
  ANONYMOUS_VIEWER,
  viewerContext,
  type Group,
  type GroupMembershipState,
  type Post,
  type ViewerContext,
} from '../../../../server/domain/visibility/index.js';

export const AUTHOR = 'u-author';
export const PARTICIPANT = 'u-participant';
export const OTHER = 'u-other';
export const SITE_ADMIN = 'u-admin';
export const GROUP_ID = 'g-1';

export function user(
  id: string,
  memberships: Record<string, GroupMembershipState> = {},
  flags: { isAdmin?: boolean; isActive?: boolean } = {},
): ViewerContext {
  return viewerContext(
    { kind: 'user', id, isAdmin: flags.isAdmin ?? false, isActive: flags.isActive ?? true },
    Object.entries(memberships),
  );
}

export const anonymous: ViewerContext = viewerContext(ANONYMOUS_VIEWER);

export function publicPost(overrides: Partial<Post> = {}): Post {
  return { id: 'p-public', visibility: 'public', authorId: AUTHOR, mentionedUserIds: [], ...overrides };
}

export function groupPost(groupVisibility: 'public' | 'private', overrides: Partial<Post> = {}): Post {
  return {
    id: `p-${groupVisibility}-group`,
    visibility: 'group',
    authorId: AUTHOR,
    groupId: GROUP_ID,
    groupVisibility,
    mentionedUserIds: [],
    ...overrides,
  };
}

export function directPost(overrides: Partial<Post> = {}): Post {
  return { id: 'p-direct', visibility: 'direct', authorId: AUTHOR, mentionedUserIds: [PARTICIPANT], ...overrides };
}

export function repostOf(original: Post, overrides: Partial<Post> = {}): Post {
  return {
    id: `p-repost-of-${original.id}`,
    visibility: 'public',
    authorId: OTHER,
    mentionedUserIds: [],
    repostOfId: original.id,
    repostOf: original,
    ...overrides,
  };
}

export function group(visibility: 'public' | 'private', overrides: Partial<Group> = {}): Group {
  return { id: GROUP_ID, visibility, ...overrides };
}
