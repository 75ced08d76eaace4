/**
 * The world the trends tests read: people, a private and a public group, and
 * posts, likes and replies written at chosen times in the past (ids are
 * ULIDs carrying that time, as the posting service would have made them).
 */
import { ulid } from 'ulid';
import type { Models } from '../../../server/db/models/index.js';
import type { PostVisibility } from '../../../server/db/models/post.js';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

export const CAROL = { username: 'carol', displayName: 'Carol Chemist', password: 'carols secret words' };
export const DAVE = { username: 'dave', displayName: 'Dave Designer', password: 'daves secret words' };

const HOUR = 3600_000;

export interface PastPost {
  authorId: string;
  hoursAgo: number;
  tags?: string[];
  visibility?: PostVisibility;
  groupId?: string;
  inReplyToId?: string;
  deleted?: boolean;
  hidden?: boolean;
}

/** A post (with its hashtags) as if written `hoursAgo` hours ago. */
export async function postAt(models: Models, post: PastPost): Promise<string> {
  const at = new Date(Date.now() - post.hoursAgo * HOUR);
  const id = ulid(at.getTime());
  await models.Post.create({
    id,
    authorId: post.authorId,
    text: (post.tags ?? []).map((tag) => `#${tag}`).join(' ') || 'hello',
    visibility: post.visibility ?? (post.groupId ? 'group' : 'public'),
    groupId: post.groupId ?? null,
    inReplyToId: post.inReplyToId ?? null,
    inReplyToAuthorId: null,
    threadRootId: post.inReplyToId ?? null,
    repostOfId: null,
    conversationId: null,
    language: null,
    deletedAt: post.deleted ? new Date() : null,
    hiddenAt: post.hidden ? new Date() : null,
    createdAt: at,
    updatedAt: at,
  });
  if (post.tags?.length) await models.PostHashtag.bulkCreate(post.tags.map((tag) => ({ postId: id, tag })));
  return id;
}

/** A like as if given `hoursAgo` hours ago. */
export async function likeAt(models: Models, userId: string, postId: string, hoursAgo: number): Promise<void> {
  const at = new Date(Date.now() - hoursAgo * HOUR);
  await models.Like.create({ id: ulid(at.getTime()), userId, postId, createdAt: at });
}

export interface TrendsWorld {
  testApp: TestApp;
  ids: Record<'ada' | 'bob' | 'carol' | 'dave' | 'erin' | 'frank', string>;
  api: { ada: ApiClient; bob: ApiClient; carol: ApiClient; dave: ApiClient };
  /** Private: bob and dave. Public: carol. */
  groups: { secret: string; open: string };
}

export async function startTrendsWorld(): Promise<TrendsWorld> {
  const testApp = await startTestApp();
  await seedPeople(testApp);
  const { container } = testApp;
  await container.localUsers.create(CAROL);
  await container.localUsers.create(DAVE);
  await container.users.create({ username: 'erin', displayName: 'Erin' });
  await container.users.create({ username: 'frank', displayName: 'Frank' });
  const idOf = async (username: string) => (await container.users.findByUsername(username))!.id;
  const ids = {
    ada: await idOf(ADMIN.username),
    bob: await idOf(MEMBER.username),
    carol: await idOf('carol'),
    dave: await idOf('dave'),
    erin: await idOf('erin'),
    frank: await idOf('frank'),
  };
  const group = async (name: string, visibility: 'public' | 'private', members: string[]) => {
    const id = ulid();
    await container.models.Group.create({ id, slug: name, name, visibility, directoryDn: null });
    await container.models.GroupMembership.bulkCreate(
      members.map((userId, index) => ({ groupId: id, userId, role: index === 0 ? 'owner' : 'member', state: 'active' })),
    );
    return id;
  };
  return {
    testApp,
    ids,
    api: {
      ada: await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password),
      bob: await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password),
      carol: await ApiClient.signIn(testApp, CAROL.username, CAROL.password),
      dave: await ApiClient.signIn(testApp, DAVE.username, DAVE.password),
    },
    groups: { secret: await group('secret-lab', 'private', [ids.bob, ids.dave]), open: await group('open-house', 'public', [ids.carol]) },
  };
}
