/**
 * Where a post goes, decided once per event: which streams it belongs to
 * (company, group, hashtag, profile, thread), whose home timeline shows it,
 * and whether it is restricted to named people (private group, direct). Then,
 * per stream, the rooms to emit to and the viewers to present it for. Kept
 * apart from the delivery so the audience rules can be read (and changed) in
 * one place, with no Socket.IO in sight.
 */
import type { AudienceRepository } from '../db/repositories/audience-repository.js';
import type { PostRow } from '../db/repositories/post-read-repository.js';
import { streamAudience, viewerContext, type Post as VisibilityPost, type ViewerContext } from '../domain/visibility/index.js';
import type { CoreServices } from '../services/core-services.js';
import { personalRoom, sharedRoom, type StreamKey } from './streams.js';

/** Where one post belongs and who may receive it. */
export interface PostRoute {
  row: PostRow;
  post: VisibilityPost;
  /** Streams other than home (company, group, hashtag, profile, thread). */
  streams: StreamKey[];
  /** People whose home timeline shows it. */
  homeUserIds: string[];
  /** null: every active colleague may see it; otherwise exactly these people. */
  allowedUserIds: string[] | null;
}

/** The viewer a shared payload is presented for: active, no flags, no memberships. */
const GENERIC_VIEWER = { kind: 'user', id: '', isAdmin: false, isActive: true } as const;

/** The viewer a payload meant for one person (direct message, conversation) is presented for. */
export function participantViewer(userId: string): ViewerContext {
  return viewerContext({ kind: 'user', id: userId, isAdmin: false, isActive: true });
}

/** Routes a post, or null when it is deleted, hidden or goes to no stream at all. */
export async function routePost(deps: { core: CoreServices; audience: AudienceRepository }, postId: string): Promise<PostRoute | null> {
  const { postReads } = deps.core;
  const rows = await postReads.postsByIds([postId]);
  const row = rows.get(postId);
  if (!row || row.deletedAt || row.hiddenAt) return null;
  if (row.repostOfId) for (const [id, original] of await postReads.postsByIds([row.repostOfId])) rows.set(id, original);
  const ids = [...rows.keys()];
  const groupIds = [...rows.values()].map((r) => r.groupId).filter((id): id is string => id !== null);
  const [groups, { mentions, hashtags }] = await Promise.all([postReads.groupsByIds(groupIds), postReads.mentionsAndHashtags(ids)]);
  const toPost = (r: PostRow, withOriginal: boolean): VisibilityPost => {
    const original = r.repostOfId ? rows.get(r.repostOfId) : undefined;
    return {
      id: r.id,
      visibility: r.visibility,
      authorId: r.authorId,
      groupId: r.groupId,
      groupVisibility: r.groupId ? (groups.get(r.groupId)?.visibility ?? null) : null,
      mentionedUserIds: mentions.get(r.id) ?? [],
      hashtags: hashtags.get(r.id) ?? [],
      deletedAt: r.deletedAt,
      hiddenAt: r.hiddenAt,
      inReplyToId: r.inReplyToId,
      repostOfId: r.repostOfId,
      repostOf: withOriginal && original ? toPost(original, false) : null,
    };
  };
  const post = toPost(row, true);
  const audiences = streamAudience(post);
  if (audiences.length === 0) return null;

  const streams: StreamKey[] = [`profile:${row.authorId}`];
  const home = new Set<string>([row.authorId]);
  const lookups: Array<Promise<string[]>> = [];
  for (const audience of audiences) {
    switch (audience.kind) {
      case 'company':
        streams.push('company');
        break;
      case 'hashtag':
        streams.push(`hashtag:${audience.tag}`);
        lookups.push(deps.audience.hashtagFollowers([audience.tag]));
        break;
      case 'group':
        streams.push(`group:${audience.groupId}`);
        lookups.push(deps.audience.activeMembers(audience.groupId));
        break;
      case 'followers':
        lookups.push(deps.audience.followersOf(audience.userId));
        break;
      case 'users':
        for (const id of audience.userIds) home.add(id);
        break;
    }
  }
  if (row.inReplyToId) {
    const root = await deps.audience.threadRootOf(row.id);
    if (root) streams.push(`thread:${root}`);
  } else if (!row.repostOfId) {
    streams.push(`thread:${row.id}`);
  }
  for (const ids of await Promise.all(lookups)) for (const id of ids) home.add(id);

  let allowedUserIds: string[] | null = null;
  if (post.visibility === 'direct') allowedUserIds = [...new Set([row.authorId, ...post.mentionedUserIds])];
  else if (post.visibility === 'group' && post.groupVisibility !== 'public') {
    allowedUserIds = await deps.audience.activeMembers(row.groupId ?? '');
  }
  const allowed = allowedUserIds ? new Set(allowedUserIds) : null;
  const homeUserIds = [...home].filter((id) => !allowed || allowed.has(id));
  return { row, post, streams, homeUserIds, allowedUserIds };
}

/** Every stream of a route, home first. */
export function streamsOf(route: PostRoute): StreamKey[] {
  return ['home', ...route.streams];
}

/** Rooms of stream `key` for a route: the shared room, or the personal rooms of the allowed people. */
export function roomsFor(route: PostRoute, key: StreamKey, onlyUserId?: string): string[] {
  if (key === 'home') {
    const users = onlyUserId ? route.homeUserIds.filter((id) => id === onlyUserId) : route.homeUserIds;
    return users.map((id) => personalRoom(id, 'home'));
  }
  if (route.allowedUserIds === null) return [sharedRoom(key)];
  const users = onlyUserId ? [onlyUserId] : route.allowedUserIds;
  return users.map((id) => personalRoom(id, key));
}

/** Each audience the post goes to, with the viewer its payload is presented for. */
export function presentationAudiences(route: PostRoute): Array<{ viewer: ViewerContext; onlyUserId?: string }> {
  if (route.post.visibility === 'direct') {
    return (route.allowedUserIds ?? []).map((id) => ({ viewer: participantViewer(id), onlyUserId: id }));
  }
  if (route.allowedUserIds !== null && route.row.groupId) {
    return [{ viewer: viewerContext(GENERIC_VIEWER, [[route.row.groupId, 'member']]) }];
  }
  return [{ viewer: viewerContext(GENERIC_VIEWER) }];
}
