/**
 * The standard world the social tests start from: four people signed in
 * through the API (ada is a site admin, which must give her no group
 * powers), and helpers that write posts, conversations and notifications
 * the way the posting service stores them, so these tests exercise the read
 * side on their own.
 */
import type { UserModel } from '../../../server/db/models/user.js';
import type { PostVisibility } from '../../../server/db/models/post.js';
import { newId } from '../../../server/domain/ids.js';
import { NotificationWriter, type NotificationDraft } from '../../../server/services/notifications/notification-writer.js';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

export const CAROL = { username: 'carol', displayName: 'Carol Chemist', password: 'carols secret words' };
export const DAVE = { username: 'dave', displayName: 'Dave Designer', password: 'daves secret words' };

export interface SocialWorld {
  testApp: TestApp;
  users: { ada: UserModel; bob: UserModel; carol: UserModel; dave: UserModel };
  api: { ada: ApiClient; bob: ApiClient; carol: ApiClient; dave: ApiClient };
}

export async function startSocialWorld(): Promise<SocialWorld> {
  const testApp = await startTestApp();
  await seedPeople(testApp);
  await testApp.container.localUsers.create(CAROL);
  await testApp.container.localUsers.create(DAVE);
  const find = async (username: string) => {
    const user = await testApp.container.users.findByUsername(username);
    if (!user) throw new Error(`no ${username}`);
    return user;
  };
  return {
    testApp,
    users: { ada: await find(ADMIN.username), bob: await find(MEMBER.username), carol: await find('carol'), dave: await find('dave') },
    api: {
      ada: await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password),
      bob: await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password),
      carol: await ApiClient.signIn(testApp, CAROL.username, CAROL.password),
      dave: await ApiClient.signIn(testApp, DAVE.username, DAVE.password),
    },
  };
}

/** People who never sign in (followers for paging tests), without the cost of hashing passwords. */
export async function createQuietPeople(world: SocialWorld, prefix: string, count: number): Promise<UserModel[]> {
  const people: UserModel[] = [];
  for (let n = 0; n < count; n += 1) {
    people.push(await world.testApp.container.users.create({ username: `${prefix}${n}`, displayName: `${prefix} ${n}` }));
  }
  return people;
}

/** A post stored as the posting service stores it (text, audience, mentions). */
export async function insertPost(
  world: SocialWorld,
  author: UserModel,
  options: { text?: string; visibility?: PostVisibility; groupId?: string; mentions?: UserModel[]; conversationId?: string } = {},
): Promise<string> {
  const { models } = world.testApp.container;
  const id = newId();
  await models.Post.create({
    id,
    authorId: author.id,
    text: options.text ?? 'hello',
    visibility: options.visibility ?? 'public',
    groupId: options.groupId ?? null,
    inReplyToId: null,
    inReplyToAuthorId: null,
    threadRootId: null,
    repostOfId: null,
    conversationId: options.conversationId ?? null,
    language: null,
  });
  for (const user of options.mentions ?? []) await models.PostMention.create({ postId: id, userId: user.id });
  return id;
}

/** A direct conversation between `people` whose last message is `text` from the first of them. */
export async function insertConversation(world: SocialWorld, people: UserModel[], text: string): Promise<{ id: string; lastPostId: string }> {
  const { models } = world.testApp.container;
  const [author, ...others] = people;
  if (!author) throw new Error('a conversation needs people');
  const id = newId();
  await models.Conversation.create({ id, participantsKey: people.map((p) => p.id).sort().join(':'), lastPostId: null });
  const lastPostId = await insertPost(world, author, { text, visibility: 'direct', mentions: others, conversationId: id });
  await models.Conversation.update({ lastPostId }, { where: { id } });
  for (const person of people) {
    await models.ConversationParticipant.create({ conversationId: id, userId: person.id, unread: person.id !== author.id });
  }
  return { id, lastPostId };
}

/** Notifications written by the same writer the posting service uses. */
export async function notify(world: SocialWorld, drafts: NotificationDraft[]): Promise<string[]> {
  const { sequelize, models } = world.testApp.container;
  const writer = new NotificationWriter(models);
  const written = await sequelize.transaction((transaction) => writer.write(drafts, transaction));
  return written.map((row) => row.notificationId);
}

/** Follows every `next` link until the end, collecting ids; fails on a loop. */
export async function walkPages(client: ApiClient, firstPath: string, maxPages = 20): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let path: string | null = firstPath;
  let pages = 0;
  while (path) {
    const response = await client.get(path).expect(200);
    const body = response.body as Array<{ id: string }>;
    if (body.length === 0) break;
    ids.push(...body.map((item) => item.id));
    pages += 1;
    if (pages > maxPages) throw new Error('pagination does not end');
    const next = /<([^>]+)>; rel="next"/.exec(String(response.headers.link ?? ''));
    path = next?.[1] ? new URL(next[1]).pathname + new URL(next[1]).search : null;
  }
  return { ids, pages };
}
