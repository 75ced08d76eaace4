/**
 * The world the posting tests start from: Ada (site admin), Bob (member),
 * Carol and Dave (members), each signed in through the API client, plus
 * helpers to make groups and posts.
 */
import { expect } from 'chai';
import { newId } from '../../../server/domain/ids.js';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

export const CAROL = { username: 'carol', displayName: 'Carol Chen', password: 'carols long password' };
export const DAVE = { username: 'dave', displayName: 'Dave Diaz', password: 'daves long password' };

export interface PostsWorld {
  testApp: TestApp;
  ada: ApiClient;
  bob: ApiClient;
  carol: ApiClient;
  dave: ApiClient;
  ids: { ada: string; bob: string; carol: string; dave: string };
  close(): Promise<void>;
}

export async function startPostsWorld(env: Record<string, string> = {}): Promise<PostsWorld> {
  const testApp = await startTestApp(env);
  await seedPeople(testApp);
  await testApp.container.localUsers.create(CAROL);
  await testApp.container.localUsers.create(DAVE);
  const idOf = async (username: string) => (await testApp.container.users.findByUsername(username))!.id;
  return {
    testApp,
    ada: await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password),
    bob: await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password),
    carol: await ApiClient.signIn(testApp, CAROL.username, CAROL.password),
    dave: await ApiClient.signIn(testApp, DAVE.username, DAVE.password),
    ids: { ada: await idOf(ADMIN.username), bob: await idOf(MEMBER.username), carol: await idOf(CAROL.username), dave: await idOf(DAVE.username) },
    close: () => testApp.close(),
  };
}

/** A group with `members` as active members (the first is its owner). */
export async function createGroup(testApp: TestApp, visibility: 'public' | 'private', members: string[]): Promise<string> {
  const { Group, GroupMembership } = testApp.container.models;
  const id = newId();
  await Group.create({ id, slug: `team-${id.slice(-8).toLowerCase()}`, name: `Team ${id.slice(-4)}`, visibility, directoryDn: null });
  await GroupMembership.bulkCreate(
    members.map((userId, index) => ({ groupId: id, userId, role: index === 0 ? 'owner' : 'member', state: 'active' })),
  );
  return id;
}

export interface StatusJson {
  id: string;
  content: string;
  created_at: string;
  edited_at: string | null;
  visibility: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
  text?: string;
  reblog: StatusJson | null;
  account: { id: string; username: string };
  mentions: Array<{ id: string; username: string }>;
  tags: Array<{ name: string }>;
  media_attachments: Array<{ id: string; type: string; url: string; preview_url: string | null; meta: { original?: { width: number; height: number } } | null }>;
  warble: { group: { id: string } | null };
}

/** Posts and expects success; returns the new status. */
export async function post(client: ApiClient, body: Record<string, unknown>): Promise<StatusJson> {
  const response = await client.post('/api/v1/statuses', body);
  expect(response.status, JSON.stringify(response.body)).to.equal(200);
  return response.body as StatusJson;
}

export async function statusAs(client: ApiClient, id: string): Promise<StatusJson> {
  const response = await client.get(`/api/v1/statuses/${id}`);
  expect(response.status, JSON.stringify(response.body)).to.equal(200);
  return response.body as StatusJson;
}
