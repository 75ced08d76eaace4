/**
 * Every list of groups follows the one visibility rule (canSeeGroup): a
 * private group's name reaches its members and nobody else, site
 * administrators included ("private groups are private from the site
 * operators too"). Carol owns the private "SECRETGROUPNAME team" and the
 * public "Open team"; Dave is a member of both; Bob and Ada (site admin)
 * are in neither.
 */
import { expect } from 'chai';
import type { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { NotificationWriter } from '../../../server/services/notifications/notification-writer.js';
import { CAROL, DAVE, startPostsWorld, type PostsWorld } from '../posts/posts-world.js';

const SECRET = 'SECRETGROUPNAME team';
const SECRET_SLUG = 'secretgroupname-team';
const OPEN = 'Open team';

describe('lists of groups never name a private group to a non-member', function () {
  this.timeout(30_000);
  let world: PostsWorld;
  const browsers = new Map<string, WebClient>();

  const browser = async (who: { username: string; password: string }): Promise<WebClient> => {
    const known = browsers.get(who.username);
    if (known) return known;
    const client = new WebClient(world.testApp);
    expect((await client.signIn(who.username, who.password)).status).to.equal(302);
    browsers.set(who.username, client);
    return client;
  };

  before(async () => {
    world = await startPostsWorld();
    const { Group, GroupMembership } = world.testApp.container.models;
    const secret = await world.testApp.container.groups.create({ slug: SECRET_SLUG, name: SECRET, visibility: 'private' });
    const open = await world.testApp.container.groups.create({ slug: 'open-team', name: OPEN, visibility: 'public' });
    for (const group of [secret, open]) {
      await GroupMembership.bulkCreate([
        { groupId: group.id, userId: world.ids.carol, role: 'owner', state: 'active' },
        { groupId: group.id, userId: world.ids.dave, role: 'member', state: 'active' },
      ]);
    }
    expect(await Group.count()).to.equal(2);
  });
  after(() => world.close());

  const strangers = () => [
    { who: MEMBER, api: world.bob },
    { who: ADMIN, api: world.ada },
  ];

  it("a colleague's profile page lists their private group to fellow members only", async () => {
    for (const { who } of strangers()) {
      const page = await (await browser(who)).get(`/@${CAROL.username}`).expect(200);
      expect(page.text, who.username).to.include(OPEN).and.not.include(SECRET).and.not.include(SECRET_SLUG);
    }
    const member = await (await browser(DAVE)).get(`/@${CAROL.username}`).expect(200);
    expect(member.text).to.include(OPEN).and.include(SECRET).and.include(`/groups/${SECRET_SLUG}`);
    const own = await (await browser(CAROL)).get(`/@${CAROL.username}`).expect(200);
    expect(own.text).to.include(SECRET);
  });

  it('the API group list and the group directory page show it to members only', async () => {
    const names = async (client: ApiClient) => ((await client.get('/api/v1/groups').expect(200)).body as { name: string }[]).map((g) => g.name);
    for (const { who, api } of strangers()) {
      expect(await names(api), who.username).to.include(OPEN).and.not.include(SECRET);
      const page = await (await browser(who)).get('/groups').expect(200);
      expect(page.text, who.username).to.include(OPEN).and.not.include(SECRET);
    }
    expect(await names(world.dave)).to.include(SECRET);
    expect((await (await browser(DAVE)).get('/groups').expect(200)).text).to.include(SECRET);
  });

  it('search (API and page) finds it for members only', async () => {
    const found = async (client: ApiClient) =>
      ((await client.get('/api/v2/search?q=team&type=groups').expect(200)).body.groups as { name: string }[]).map((g) => g.name);
    for (const { who, api } of strangers()) {
      expect(await found(api), who.username).to.include(OPEN).and.not.include(SECRET);
      const page = await (await browser(who)).get('/search?q=team&type=groups').expect(200);
      expect(page.text, who.username).to.include(OPEN).and.not.include(SECRET);
    }
    expect(await found(world.dave)).to.include(SECRET);
    expect((await (await browser(DAVE)).get('/search?q=team&type=groups').expect(200)).text).to.include(SECRET);
  });

  it("the administrators' group overview gives a site administrator no pass", async () => {
    const page = await (await browser(ADMIN)).get('/admin/groups').expect(200);
    expect(page.text).to.include(OPEN).and.not.include(SECRET);
  });

  it('archived private groups, listed apart on that overview, follow the same rule', async () => {
    const { Group } = world.testApp.container.models;
    await Group.update({ archivedAt: new Date() }, { where: {} });
    try {
      const page = await (await browser(ADMIN)).get('/admin/groups').expect(200);
      expect(page.text).to.include(OPEN).and.not.include(SECRET);
      // Ada as a member of it (and a site admin) sees it there, so she can unarchive it.
      const secret = await Group.findOne({ where: { slug: SECRET_SLUG } });
      await world.testApp.container.models.GroupMembership.create({ groupId: secret!.id, userId: world.ids.ada, role: 'member', state: 'active' });
      const member = await (await browser(ADMIN)).get('/admin/groups').expect(200);
      expect(member.text).to.include(SECRET);
      await world.testApp.container.models.GroupMembership.destroy({ where: { groupId: secret!.id, userId: world.ids.ada } });
    } finally {
      await Group.update({ archivedAt: null }, { where: {} });
    }
  });

  it('notifications name the group only while the reader relates to it: an invitation withdrawn takes the name with it', async () => {
    const { models, sequelize } = world.testApp.container;
    const secret = await models.Group.findOne({ where: { slug: SECRET_SLUG } });
    await models.GroupMembership.create({ groupId: secret!.id, userId: world.ids.bob, role: 'member', state: 'invited' });
    await sequelize.transaction((transaction) =>
      new NotificationWriter(models).write([{ recipientId: world.ids.bob, type: 'group_invite', actorId: world.ids.carol, groupId: secret!.id }], transaction),
    );
    const groupNames = async () =>
      ((await world.bob.get('/api/v1/notifications').expect(200)).body as Array<{ group?: { name: string } | null }>).map((n) => n.group?.name);
    // Invited, Bob has to see what he is invited to.
    expect(await groupNames()).to.include(SECRET);
    expect((await (await browser(MEMBER)).get('/notifications').expect(200)).text).to.include(SECRET);

    await models.GroupMembership.destroy({ where: { groupId: secret!.id, userId: world.ids.bob } });
    expect(await groupNames()).not.to.include(SECRET);
    expect((await (await browser(MEMBER)).get('/notifications').expect(200)).text).not.to.include(SECRET);
  });

  it("the trends page never names a private group picked by its id in the address", async () => {
    const secret = await world.testApp.container.models.Group.findOne({ where: { slug: SECRET_SLUG } });
    for (const { who } of strangers()) {
      const page = await (await browser(who)).get(`/trends?group=${secret!.id}`);
      expect(page.status, who.username).to.equal(404);
      expect(page.text, who.username).not.to.include(SECRET);
    }
    const member = await (await browser(DAVE)).get(`/trends?group=${secret!.id}`).expect(200);
    expect(member.text).to.include(SECRET);
  });
});
