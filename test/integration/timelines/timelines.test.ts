import { expect } from 'chai';
import type { UserModel } from '../../../server/db/models/user.js';
import { ApiClient } from '../../helpers/api-client.js';
import { createGroup, follow, followTag, insertPost } from '../../helpers/post-fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const PASSWORD = 'timeline test password';

interface World {
  alice: UserModel;
  bob: UserModel;
  carol: UserModel;
  dave: UserModel;
  privateGroup: string;
  publicGroup: string;
  posts: Record<string, string>;
}

async function buildWorld(testApp: TestApp): Promise<World> {
  const { models, localUsers } = testApp.container;
  const make = (username: string) => localUsers.create({ username, password: PASSWORD });
  const [alice, bob, carol, dave] = [await make('alice'), await make('bob'), await make('carol'), await make('dave')];
  const privateGroup = await createGroup(models, {
    name: 'Secret Project',
    visibility: 'private',
    members: [{ userId: alice.id, role: 'owner' }, { userId: bob.id }, { userId: dave.id, state: 'requested' }],
  });
  const publicGroup = await createGroup(models, { name: 'Ops', visibility: 'public', members: [{ userId: carol.id, role: 'owner' }] });
  await follow(models, bob.id, alice.id);
  await followTag(models, carol.id, 'launch');
  const posts = {
    alicePublic: await insertPost(models, { authorId: alice.id, text: 'hello @bob #launch', mentionIds: [bob.id], hashtags: ['launch'] }),
    alicePrivateGroup: await insertPost(models, { authorId: alice.id, text: 'secret #launch', groupId: privateGroup, hashtags: ['launch'] }),
    aliceDirectToCarol: await insertPost(models, { authorId: alice.id, text: '@carol psst', visibility: 'direct', mentionIds: [carol.id] }),
    carolPublicGroup: await insertPost(models, { authorId: carol.id, text: 'ops news', groupId: publicGroup }),
    davePublic: await insertPost(models, { authorId: dave.id, text: 'dave says hi' }),
    aliceDeleted: await insertPost(models, { authorId: alice.id, text: 'oops', deleted: true }),
  };
  return { alice, bob, carol, dave, privateGroup, publicGroup, posts };
}

const ids = (body: Array<{ id: string }>) => body.map((status) => status.id);

describe('timelines', () => {
  let testApp: TestApp;
  let world: World;
  const as = (username: string) => ApiClient.signIn(testApp, username, PASSWORD);

  before(async () => {
    testApp = await startTestApp();
    await testApp.container.localUsers.create({ username: 'root', password: PASSWORD, isAdmin: true });
    world = await buildWorld(testApp);
  });
  after(() => testApp.close());

  it('home shows my follows, my groups and my mentions, newest first, and nothing else', async () => {
    const response = await (await as('bob')).get('/api/v1/timelines/home').expect(200);
    expect(ids(response.body)).to.deep.equal([world.posts.alicePrivateGroup, world.posts.alicePublic]);
    const first = response.body[1];
    expect(first.account.username).to.equal('alice');
    expect(first.created_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('home brings followed hashtags, but never a private group post carrying that tag', async () => {
    const response = await (await as('carol')).get('/api/v1/timelines/home').expect(200);
    const shown = ids(response.body);
    expect(shown).to.include(world.posts.alicePublic);
    expect(shown).to.include(world.posts.aliceDirectToCarol);
    expect(shown).to.include(world.posts.carolPublicGroup);
    expect(shown).not.to.include(world.posts.alicePrivateGroup);
  });

  it('the company timeline has public posts only: no group posts, no direct messages, no deleted posts', async () => {
    const response = await (await as('dave')).get('/api/v1/timelines/public').expect(200);
    expect(ids(response.body)).to.deep.equal([world.posts.davePublic, world.posts.alicePublic]);
  });

  it('a private group timeline is a 404 for non-members, even one who asked to join', async () => {
    await (await as('carol')).get(`/api/v1/timelines/group/${world.privateGroup}`).expect(404);
    await (await as('dave')).get(`/api/v1/timelines/group/${world.privateGroup}`).expect(404);
    const member = await (await as('bob')).get(`/api/v1/timelines/group/${world.privateGroup}`).expect(200);
    expect(ids(member.body)).to.deep.equal([world.posts.alicePrivateGroup]);
    const publicGroup = await (await as('dave')).get(`/api/v1/timelines/group/${world.publicGroup}`).expect(200);
    expect(ids(publicGroup.body)).to.deep.equal([world.posts.carolPublicGroup]);
  });

  it('a hashtag timeline never leaks a private group post to a non-member', async () => {
    const outsider = await (await as('carol')).get('/api/v1/timelines/tag/launch').expect(200);
    expect(ids(outsider.body)).to.deep.equal([world.posts.alicePublic]);
    const member = await (await as('bob')).get('/api/v1/timelines/tag/Launch').expect(200);
    expect(ids(member.body)).to.deep.equal([world.posts.alicePrivateGroup, world.posts.alicePublic]);
  });

  it('an account timeline shows others only what they may see', async () => {
    const byDave = await (await as('dave')).get(`/api/v1/accounts/${world.alice.id}/statuses`).expect(200);
    expect(ids(byDave.body)).to.deep.equal([world.posts.alicePublic]);
    const byCarol = await (await as('carol')).get(`/api/v1/accounts/${world.alice.id}/statuses`).expect(200);
    expect(ids(byCarol.body)).to.deep.equal([world.posts.aliceDirectToCarol, world.posts.alicePublic]);
    await (await as('carol')).get('/api/v1/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV/statuses').expect(404);
  });

  it('mentions list the posts that mention me and I may see', async () => {
    const response = await (await as('carol')).get('/api/v1/timelines/mentions').expect(200);
    expect(ids(response.body)).to.deep.equal([world.posts.aliceDirectToCarol]);
  });

  it('refuses bad paging parameters with 422 naming the parameter, and caps limit at 40', async () => {
    const client = await as('dave');
    const badCursor = await client.get('/api/v1/timelines/public?max_id=1%20OR%201=1').expect(422);
    expect(badCursor.body).to.deep.include({ field: 'max_id' });
    const badLimit = await client.get('/api/v1/timelines/public?limit=abc').expect(422);
    expect(badLimit.body).to.deep.include({ field: 'limit' });
    await client.get('/api/v1/timelines/tag/not%20a%20tag').expect(422);
  });

  it('refuses anonymous readers with 401 JSON', async () => {
    const response = await (await import('supertest')).default(testApp.callback).get('/api/v1/timelines/public').expect(401);
    expect(response.body).to.have.property('error');
  });
});

describe('timeline paging', () => {
  let testApp: TestApp;
  let created: string[];
  before(async () => {
    testApp = await startTestApp();
    const author = await testApp.container.localUsers.create({ username: 'writer', password: PASSWORD, isAdmin: true });
    created = [];
    for (let index = 0; index < 200; index += 1) {
      created.push(await insertPost(testApp.container.models, { authorId: author.id, text: `post number ${index}` }));
    }
  });
  after(() => testApp.close());

  const nextLink = (header: string | undefined, rel: 'next' | 'prev') => {
    const match = new RegExp(`<([^>]+)>; rel="${rel}"`).exec(header ?? '');
    return match ? new URL(match[1]!).pathname + new URL(match[1]!).search : undefined;
  };

  it('walks 200 posts through the Link header without gaps or repeats, and back again', async () => {
    const client = await ApiClient.signIn(testApp, 'writer', PASSWORD);
    const seen: string[] = [];
    let path: string | undefined = '/api/v1/timelines/public?limit=40';
    let pages = 0;
    let lastPage: { header?: string; ids: string[] } = { ids: [] };
    while (path && pages < 10) {
      const response = await client.get(path).expect(200);
      const pageIds = ids(response.body);
      if (pageIds.length === 0) break;
      seen.push(...pageIds);
      lastPage = { header: response.headers.link, ids: pageIds };
      path = nextLink(response.headers.link, 'next');
      pages += 1;
    }
    expect(pages).to.equal(5);
    expect(seen).to.deep.equal([...created].reverse());

    const previous = await client.get(nextLink(lastPage.header, 'prev')!).expect(200);
    expect(ids(previous.body)).to.deep.equal([...created].reverse().slice(120, 160));
  });

  it('since_id gives the newest posts above the cursor; min_id the ones right after it', async () => {
    const client = await ApiClient.signIn(testApp, 'writer', PASSWORD);
    const since = await client.get(`/api/v1/timelines/public?since_id=${created[10]}&limit=5`).expect(200);
    expect(ids(since.body)).to.deep.equal([...created].reverse().slice(0, 5));
    const min = await client.get(`/api/v1/timelines/public?min_id=${created[10]}&limit=5`).expect(200);
    expect(ids(min.body)).to.deep.equal(created.slice(11, 16).reverse());
  });

  it('defaults to 20 and never returns more than 40', async () => {
    const client = await ApiClient.signIn(testApp, 'writer', PASSWORD);
    expect((await client.get('/api/v1/timelines/public').expect(200)).body).to.have.length(20);
    expect((await client.get('/api/v1/timelines/public?limit=500').expect(200)).body).to.have.length(40);
  });
});
