/**
 * The world the analytics tests start from: Ada (administrator), Bob, Carol
 * and Dave, each with an API client and a browser-like web client, and
 * helpers to place engagement at fixed instants.
 */
import { QueryTypes } from 'sequelize';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

export const CAROL = { username: 'carol', displayName: 'Carol Chen', password: 'carols long password' };
export const DAVE = { username: 'dave', displayName: 'Dave Diaz', password: 'daves long password' };

type Name = 'ada' | 'bob' | 'carol' | 'dave';

export interface AnalyticsWorld {
  testApp: TestApp;
  api: Record<Name, ApiClient>;
  web: Record<Name, WebClient>;
  ids: Record<Name, string>;
  /** Rows of post_impressions for a post. */
  impressionsOf(postId: string): Promise<Array<{ viewer_id: string }>>;
  /** Moves a like (by `userId` on `postId`) to a fixed instant. */
  likeAt(postId: string, userId: string, at: Date): Promise<void>;
  close(): Promise<void>;
}

export async function startAnalyticsWorld(env: Record<string, string> = {}): Promise<AnalyticsWorld> {
  const testApp = await startTestApp(env);
  await seedPeople(testApp);
  await testApp.container.localUsers.create(CAROL);
  await testApp.container.localUsers.create(DAVE);
  const people: Record<Name, { username: string; password: string }> = { ada: ADMIN, bob: MEMBER, carol: CAROL, dave: DAVE };
  const api = {} as Record<Name, ApiClient>;
  const web = {} as Record<Name, WebClient>;
  const ids = {} as Record<Name, string>;
  for (const [name, person] of Object.entries(people) as Array<[Name, { username: string; password: string }]>) {
    api[name] = await ApiClient.signIn(testApp, person.username, person.password);
    web[name] = new WebClient(testApp);
    const signedIn = await web[name].signIn(person.username, person.password);
    if (signedIn.status !== 302) throw new Error(`${name} could not sign in`);
    ids[name] = (await testApp.container.users.findByUsername(person.username))!.id;
  }
  const { sequelize } = testApp.container;
  return {
    testApp,
    api,
    web,
    ids,
    impressionsOf: (postId) =>
      sequelize.query<{ viewer_id: string }>('SELECT viewer_id FROM post_impressions WHERE post_id = :postId ORDER BY viewer_id', {
        replacements: { postId },
        type: QueryTypes.SELECT,
      }),
    likeAt: async (postId, userId, at) => {
      await sequelize.query('UPDATE likes SET created_at = :at WHERE post_id = :postId AND user_id = :userId', { replacements: { at, postId, userId } });
    },
    close: () => testApp.close(),
  };
}
