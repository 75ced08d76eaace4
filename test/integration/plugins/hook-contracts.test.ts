/**
 * Contracts of the filters that change data outside posting: directory.profile
 * (against the real slapd), notification.beforeSend and timeline.items.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { ldapEnv } from '../../helpers/directory-app.js';
import { startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { post, startPostsWorld, type PostsWorld, type StatusJson } from '../posts/posts-world.js';
import { FAST_HOOKS } from './plugin-world.js';

describe('directory.profile (real slapd)', function () {
  this.timeout(60_000);
  let slapd: SlapdHandle;
  let testApp: TestApp;

  before(async () => {
    slapd = await startSlapd();
    testApp = await startTestApp({ ...ldapEnv(slapd), ...FAST_HOOKS, WARBLE_PLUGINS_ENABLED: 'profile-tweaker' });
  });
  after(async () => {
    await testApp?.close();
    await slapd?.close();
  });

  it('the adjusted profile is stored; the user name and invalid values are not changed', async () => {
    const report = await testApp.container.directory!.sync.run('admin');
    expect(report).to.include({ status: 'succeeded', added: 6 });
    const bob = await testApp.container.users.findByUsername('bob');
    const rdn = slapd.users.bob.dn.split(',')[0];
    expect(bob!.get({ plain: true })).to.include({
      username: 'bob',
      displayName: slapd.users.bob.displayName,
      title: `${slapd.users.bob.title} (${rdn})`,
      department: 'Platform Engineering',
      phone: null,
      source: 'ldap',
    });
    const zoe = await testApp.container.users.findByUsername('zangstrom');
    expect(zoe!.department).to.equal('Direction');
    expect(await testApp.container.users.findByUsername('mallory')).to.equal(null);
    expect(testApp.container.plugins.list().find((plugin) => plugin.id === 'profile-tweaker')!.errors).to.deep.equal([]);
  });
});

describe('notification.beforeSend and timeline.items', () => {
  let world: PostsWorld;
  const notificationsOf = (recipientId: string) =>
    world.testApp.container.models.Notification.findAll({ where: { recipientId }, order: [['id', 'ASC']] }).then((rows) =>
      rows.map((row) => ({ type: row.type, actorId: row.actorId, postId: row.postId })),
    );

  before(async () => {
    world = await startPostsWorld({ ...FAST_HOOKS, WARBLE_PLUGINS_ENABLED: 'notice-filter,timeline-shuffler' });
  });
  after(() => world.close());

  it('returning null drops the notification; the others are written', async () => {
    const status = await post(world.bob, { status: 'hello @carol' });
    await world.carol.post(`/api/v1/statuses/${status.id}/favourite`).expect(200);
    const mine = await notificationsOf(world.ids.bob);
    expect(mine.filter((notification) => notification.postId === status.id)).to.deep.equal([]);
    expect(await notificationsOf(world.ids.carol)).to.deep.include({ type: 'mention', actorId: world.ids.bob, postId: status.id });
    // The like itself was stored: only its notification was dropped.
    expect(await world.testApp.container.models.Like.count({ where: { postId: status.id } })).to.equal(1);
  });

  it('a changed notification is not used: plugins keep or drop, they never redirect or retype', async () => {
    await world.dave.post(`/api/v1/accounts/${world.ids.bob}/follow`).expect(200);
    expect(await notificationsOf(world.ids.bob)).to.deep.include({ type: 'follow', actorId: world.ids.dave, postId: null });
    expect((await notificationsOf(world.ids.dave)).filter((notification) => notification.type === 'mention')).to.deep.equal([]);
  });

  it('timeline.items may drop and reorder items; items it adds are ignored', async () => {
    const first = await post(world.ada, { status: 'first public post' });
    const hidden = await post(world.ada, { status: 'please hide-me' });
    const third = await post(world.ada, { status: 'third public post' });
    const secret = await post(world.carol, { status: '@dave a secret for Dave', visibility: 'direct' });
    // Besides an invented id and a duplicate, the plugin returns a direct message Bob may not see and a post outside the page.
    await supertest(world.testApp.callback).post('/plugins/timeline-shuffler/inject').send({ ids: [secret.id, first.id] }).expect(200);
    const ids = (statuses: StatusJson[]) => statuses.map((status) => status.id);

    // Read newest first: third, hidden. The plugin dropped `hidden`; `first`, the secret and the invented item were not added.
    const two = await world.bob.get('/api/v1/timelines/public?limit=2').expect(200);
    expect(ids(two.body as StatusJson[])).to.deep.equal([third.id]);
    // Paging follows what was read, so the next page starts below `hidden`.
    expect(String(two.headers.link)).to.include(`max_id=${hidden.id}`);

    // Read newest first: third, hidden, first. The plugin dropped `hidden` and reversed the rest; its duplicate was ignored.
    const three = await world.bob.get('/api/v1/timelines/public?limit=3').expect(200);
    expect(ids(three.body as StatusJson[])).to.deep.equal([first.id, third.id]);

    const seen = (await supertest(world.testApp.callback).get('/plugins/timeline-shuffler/seen').expect(200)).body as Array<{ timeline: string; viewerId: string | null }>;
    expect(seen.map((context) => context.viewerId)).to.include(world.ids.bob);
    // The plugin is told which timeline it filters (the public timeline is Warble's company timeline).
    expect(seen.map((context) => context.timeline)).to.include('company').and.not.include('timeline');
  });
});
