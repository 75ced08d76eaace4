/**
 * Writes posts, follows and groups straight into the database, for tests
 * that exercise reading (timelines, visibility) independently of the posting
 * services. Rows match what the services write.
 */
import type { Models } from '../../server/db/models/index.js';
import type { PostVisibility } from '../../server/db/models/post.js';
import { newId } from '../../server/domain/ids.js';

export interface PostFixture {
  authorId: string;
  text?: string;
  visibility?: PostVisibility;
  groupId?: string;
  mentionIds?: string[];
  hashtags?: string[];
  inReplyToId?: string;
  repostOfId?: string;
  deleted?: boolean;
}

export async function insertPost(models: Models, fixture: PostFixture): Promise<string> {
  const id = newId();
  await models.Post.create({
    id,
    authorId: fixture.authorId,
    text: fixture.text ?? `post ${id}`,
    visibility: fixture.visibility ?? (fixture.groupId ? 'group' : 'public'),
    groupId: fixture.groupId ?? null,
    inReplyToId: fixture.inReplyToId ?? null,
    inReplyToAuthorId: null,
    threadRootId: null,
    repostOfId: fixture.repostOfId ?? null,
    conversationId: null,
    language: null,
    deletedAt: fixture.deleted ? new Date() : null,
  });
  if (fixture.mentionIds?.length) {
    await models.PostMention.bulkCreate(fixture.mentionIds.map((userId) => ({ postId: id, userId })));
  }
  if (fixture.hashtags?.length) {
    await models.PostHashtag.bulkCreate(fixture.hashtags.map((tag) => ({ postId: id, tag })));
  }
  return id;
}

export async function follow(models: Models, followerId: string, followeeId: string): Promise<void> {
  await models.Follow.create({ id: newId(), followerId, followeeId });
}

export async function followTag(models: Models, userId: string, tag: string): Promise<void> {
  await models.HashtagFollow.create({ id: newId(), userId, tag });
}

export async function createGroup(
  models: Models,
  options: { name: string; visibility: 'public' | 'private'; members: Array<{ userId: string; role?: 'owner' | 'admin' | 'member'; state?: 'active' | 'requested' | 'invited' }> },
): Promise<string> {
  const id = newId();
  await models.Group.create({
    id,
    slug: `${options.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6).toLowerCase()}`,
    name: options.name,
    visibility: options.visibility,
    directoryDn: null,
  });
  for (const member of options.members) {
    await models.GroupMembership.create({ groupId: id, userId: member.userId, role: member.role ?? 'member', state: member.state ?? 'active' });
  }
  return id;
}
