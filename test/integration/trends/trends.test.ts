import { expect } from 'chai';
import { ADMIN, MEMBER } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { CAROL, likeAt, postAt, startTrendsWorld, type TrendsWorld } from './trends-world.js';

interface TagJson {
  name: string;
  url: string;
  history: Array<{ day: string; uses: string; accounts: string }>;
  following: boolean;
  warble: { accounts: number; previous_accounts: number; uses: number };
}

const names = (body: TagJson[]) => body.map((tag) => tag.name);

describe('trends', () => {
  let world: TrendsWorld;
  const posts = {} as Record<'popular' | 'liked' | 'selfLiked' | 'oldLikes' | 'deleted' | 'secret', string>;

  before(async () => {
    world = await startTrendsWorld();
    const { models } = world.testApp.container;
    const { bob, carol, dave, erin, frank } = world.ids;
    const at = (post: Parameters<typeof postAt>[1]) => postAt(models, post);
    // #launch: three people once each today.
    for (const author of [bob, carol, dave]) await at({ authorId: author, hoursAgo: 2, tags: ['launch'] });
    // #spam: one person, six times today.
    for (let n = 0; n < 6; n += 1) await at({ authorId: erin, hoursAgo: 1 + n / 10, tags: ['spam'] });
    // #secretproject: only in the private group.
    for (const author of [bob, dave]) await at({ authorId: author, hoursAgo: 3, tags: ['secretproject'], groupId: world.groups.secret });
    // #openhouse: in a public group, which the whole company can read.
    for (const author of [carol, frank]) await at({ authorId: author, hoursAgo: 3, tags: ['openhouse'], groupId: world.groups.open });
    // #weekly: three days ago, so in the 7-day window only.
    for (const author of [carol, dave, erin]) await at({ authorId: author, hoursAgo: 72, tags: ['weekly'] });
    // #steady: fewer people today (2) than the day before (3): not rising.
    for (const author of [bob, carol]) await at({ authorId: author, hoursAgo: 2, tags: ['steady'] });
    for (const author of [bob, carol, dave]) await at({ authorId: author, hoursAgo: 30, tags: ['steady'] });
    // Never counted: deleted, hidden by moderation, direct messages.
    for (const author of [bob, carol, dave]) await at({ authorId: author, hoursAgo: 2, tags: ['gone'], deleted: true });
    for (const author of [bob, carol, dave]) await at({ authorId: author, hoursAgo: 2, tags: ['moderated'], hidden: true });
    for (const author of [bob, carol, dave]) await at({ authorId: author, hoursAgo: 2, tags: ['whisper'], visibility: 'direct' });

    // Posts people engage with.
    posts.popular = await at({ authorId: bob, hoursAgo: 5, tags: [] });
    for (const person of [carol, dave, erin]) await likeAt(models, person, posts.popular, 1);
    await at({ authorId: carol, hoursAgo: 1, inReplyToId: posts.popular });
    await at({ authorId: carol, hoursAgo: 0.5, inReplyToId: posts.popular });
    posts.liked = await at({ authorId: carol, hoursAgo: 5 });
    await likeAt(models, bob, posts.liked, 1);
    posts.selfLiked = await at({ authorId: dave, hoursAgo: 2 });
    await likeAt(models, dave, posts.selfLiked, 1);
    posts.oldLikes = await at({ authorId: erin, hoursAgo: 60 });
    for (const person of [bob, carol, dave]) await likeAt(models, person, posts.oldLikes, 50);
    posts.deleted = await at({ authorId: frank, hoursAgo: 2, deleted: true });
    for (const person of [bob, carol]) await likeAt(models, person, posts.deleted, 1);
    posts.secret = await at({ authorId: bob, hoursAgo: 2, groupId: world.groups.secret });
    await likeAt(models, dave, posts.secret, 1);
  });
  after(() => world.testApp.close());

  describe('hashtags', () => {
    it('a tag used by several people ranks above one used more often by one person', async () => {
      const response = await world.api.carol.get('/api/v1/trends/tags').expect(200);
      const list = names(response.body);
      expect(list).to.include.members(['launch', 'spam']);
      expect(list.indexOf('launch')).to.be.lessThan(list.indexOf('spam'));
      const spam = (response.body as TagJson[]).find((tag) => tag.name === 'spam')!;
      expect(spam.warble).to.include({ accounts: 1, uses: 6 });
    });

    it('counts only posts the whole company may see, and only tags used by more people than before', async () => {
      const list = names((await world.api.bob.get('/api/v1/trends/tags?limit=20').expect(200)).body);
      expect(list).to.include('openhouse');
      for (const hidden of ['secretproject', 'gone', 'moderated', 'whisper', 'steady', 'weekly']) expect(list).not.to.include(hidden);
    });

    it('answers Mastodon Tag entities with a 7-day history, newest day first', async () => {
      const response = await world.api.carol.get('/api/v1/trends/tags').expect(200);
      const launch = (response.body as TagJson[]).find((tag) => tag.name === 'launch')!;
      expect(launch.url).to.match(/\/tags\/launch$/);
      expect(launch.following).to.equal(false);
      expect(launch.history).to.have.length(7);
      const today = Math.floor(Date.now() / 86_400_000) * 86_400;
      const todayOrYesterday = [String(today), String(today - 86_400)];
      const withUses = launch.history.filter((day) => day.uses !== '0');
      expect(withUses).to.have.length(1);
      expect(todayOrYesterday).to.include(withUses[0]!.day);
      expect(withUses[0]).to.include({ uses: '3', accounts: '3' });
      expect(Number(launch.history[0]!.day)).to.be.greaterThan(Number(launch.history[6]!.day));
      const alias = await world.api.carol.get('/api/v1/trends').expect(200);
      expect(names(alias.body)).to.deep.equal(names(response.body));
    });

    it('the 7-day window sees what the last day does not', async () => {
      const day = names((await world.api.carol.get('/api/v1/trends/tags?window=24h').expect(200)).body);
      const week = names((await world.api.carol.get('/api/v1/trends/tags?window=7d').expect(200)).body);
      expect(day).not.to.include('weekly');
      expect(week).to.include.members(['weekly', 'launch']);
    });

    it("a private group's tags trend for its members only", async () => {
      const members = names((await world.api.bob.get(`/api/v1/trends/tags?group_id=${world.groups.secret}`).expect(200)).body);
      expect(members).to.deep.equal(['secretproject']);
      await world.api.carol.get(`/api/v1/trends/tags?group_id=${world.groups.secret}`).expect(404);
      // Site administrators get no pass into private groups.
      await world.api.ada.get(`/api/v1/trends/tags?group_id=${world.groups.secret}`).expect(404);
      await world.api.carol.get(`/api/v1/trends/statuses?group_id=${world.groups.secret}`).expect(404);
      const open = names((await world.api.bob.get(`/api/v1/trends/tags?group_id=${world.groups.open}`).expect(200)).body);
      expect(open).to.deep.equal(['openhouse']);
    });

    it('limit picks how many, up to 20', async () => {
      expect((await world.api.carol.get('/api/v1/trends/tags?limit=1').expect(200)).body).to.have.length(1);
      expect((await world.api.carol.get('/api/v1/trends/tags?limit=50').expect(200)).body.length).to.be.at.most(20);
    });

    it('refuses bad parameters with a 422 naming them, unknown groups with a 404, and anonymous callers', async () => {
      for (const [query, field] of [['window=1h', 'window'], ['limit=0', 'limit'], ['limit=ten', 'limit'], ['window=24h&window=7d', 'window']] as const) {
        const response = await world.api.carol.get(`/api/v1/trends/tags?${query}`).expect(422);
        expect(response.body).to.include({ code: 'E_VALIDATION', field });
        expect(response.body.error).to.be.a('string');
      }
      await world.api.carol.get('/api/v1/trends/statuses?window=month').expect(422);
      await world.api.carol.get('/api/v1/trends/tags?group_id=nonsense').expect(404);
      await world.api.carol.get('/api/v1/trends/tags?group_id=01ARZ3NDEKTSV4RRFFQ69G5FAV').expect(404);
      const { default: supertest } = await import('supertest');
      await supertest(world.testApp.callback).get('/api/v1/trends/tags').set('Accept', 'application/json').expect(401);
    });
  });

  describe('posts', () => {
    it('ranks posts by the people engaging in the window, never counting the author or old engagement', async () => {
      const response = await world.api.carol.get('/api/v1/trends/statuses').expect(200);
      const ids = (response.body as Array<{ id: string }>).map((status) => status.id);
      expect(ids[0]).to.equal(posts.popular);
      expect(ids).to.include(posts.liked);
      expect(ids.indexOf(posts.popular)).to.be.lessThan(ids.indexOf(posts.liked));
      for (const absent of [posts.selfLiked, posts.oldLikes, posts.deleted, posts.secret]) expect(ids).not.to.include(absent);
      const week = (await world.api.carol.get('/api/v1/trends/statuses?window=7d').expect(200)).body as Array<{ id: string }>;
      expect(week.map((status) => status.id)).to.include(posts.oldLikes);
    });

    it("a private group's posts trend inside it for members", async () => {
      const response = await world.api.dave.get(`/api/v1/trends/statuses?group_id=${world.groups.secret}`).expect(200);
      expect((response.body as Array<{ id: string }>).map((status) => status.id)).to.deep.equal([posts.secret]);
    });
  });

  describe('pages', () => {
    it('/trends lists tags and posts, with windows and groups to choose', async () => {
      const web = new WebClient(world.testApp);
      await web.signIn(MEMBER.username, MEMBER.password);
      const page = await web.get('/trends').expect(200);
      expect(page.text).to.contain('href="/tags/launch"');
      expect(page.text).to.contain(`data-post-id="${posts.popular}"`);
      expect(page.text.replaceAll('&#x3D;', '=')).to.contain('/trends?window=7d');
      expect(page.text).to.contain(`value="${world.groups.secret}"`);
      expect(page.text).not.to.contain('secretproject');
      const group = await web.get(`/trends?group=${world.groups.secret}&window=24h`).expect(200);
      expect(group.text).to.contain('href="/tags/secretproject"');
      // A public group Bob is not in: its trends are open to him, and the page offers it in the choice.
      const open = await web.get(`/trends?group=${world.groups.open}`).expect(200);
      expect(open.text).to.contain('href="/tags/openhouse"');
      expect(open.text).to.contain(`value="${world.groups.open}" selected`);
    });

    it("/trends refuses a private group's trends to non-members", async () => {
      const web = new WebClient(world.testApp);
      await web.signIn(CAROL.username, CAROL.password);
      const page = await web.get(`/trends?group=${world.groups.secret}`).expect(404);
      expect(page.text).not.to.contain('secretproject');
      await web.get('/trends?window=forever').expect(422);
    });

    it('the home and company pages show a Trending box', async () => {
      const web = new WebClient(world.testApp);
      await web.signIn(ADMIN.username, ADMIN.password);
      for (const path of ['/', '/company']) {
        const page = await web.get(path).expect(200);
        expect(page.text).to.contain('data-testid="trending-box"');
        expect(page.text).to.contain('href="/tags/launch"');
        expect(page.text).not.to.contain('secretproject');
      }
    });
  });

  describe('deleting', () => {
    it('a deleted post stops counting once the cached trends expire', async () => {
      const { models } = world.testApp.container;
      const before = (await world.api.carol.get('/api/v1/trends/tags').expect(200)).body as TagJson[];
      expect(before.find((tag) => tag.name === 'launch')!.warble.accounts).to.equal(3);
      const carolsLaunch = await models.PostHashtag.findAll({ where: { tag: 'launch' } });
      const mine = await models.Post.findOne({ where: { id: carolsLaunch.map((row) => row.postId), authorId: world.ids.carol } });
      await world.api.carol.delete(`/api/v1/statuses/${mine!.id}`).expect(200);
      world.testApp.container.trends.clearCache();
      const after = (await world.api.carol.get('/api/v1/trends/tags').expect(200)).body as TagJson[];
      expect(after.find((tag) => tag.name === 'launch')!.warble.accounts).to.equal(2);
    });
  });
});
