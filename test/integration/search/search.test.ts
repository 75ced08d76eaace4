/**
 * Search over the real full-text indexes (FTS5 on SQLite, tsvector on
 * PostgreSQL), driven through GET /api/v2/search as a client would.
 */
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createGroup } from '../../helpers/post-fixtures.js';
import { startSocialWorld, type SocialWorld } from '../social/social-world.js';

interface Found {
  accounts: Array<{ id: string; username: string }>;
  statuses: Array<{ id: string; content: string; warble_highlight: string }>;
  hashtags: Array<{ name: string; url: string; following: boolean }>;
  groups: Array<{ id: string; name: string }>;
}

describe('search', function () {
  this.timeout(20_000);
  let world: SocialWorld;
  let privateGroupId: string;

  const search = async (who: keyof SocialWorld['api'], q: string, extra = '') =>
    (await world.api[who].get(`/api/v2/search?q=${encodeURIComponent(q)}${extra}`).expect(200)).body as Found;
  const statusIds = async (who: keyof SocialWorld['api'], q: string, extra = '') => (await search(who, q, extra)).statuses.map((s) => s.id);
  const publish = async (who: keyof SocialWorld['api'], body: object) =>
    ((await world.api[who].post('/api/v1/statuses', body).expect(200)).body as { id: string }).id;

  before(async () => {
    world = await startSocialWorld();
    const { models } = world.testApp.container;
    await models.User.update({ title: 'Site Reliability Engineer', department: 'Platform Engineering', email: 'carol.chemist@example.com' }, { where: { id: world.users.carol.id } });
    privateGroupId = await createGroup(models, {
      name: 'Merger Room',
      visibility: 'private',
      members: [{ userId: world.users.bob.id, role: 'owner' }, { userId: world.users.carol.id }],
    });
  });
  after(() => world.testApp.close());

  it('finds a post by the stem of a word: "deploying" finds "deployed"', async () => {
    const id = await publish('bob', { status: 'We deployed the billing service to production' });
    expect(await statusIds('dave', 'deploying')).to.include(id);
    expect(await statusIds('dave', 'billing service')).to.include(id);
    expect(await statusIds('dave', 'bill*')).to.include(id);
    const prefixed = (await search('dave', 'bill*')).statuses.find((status) => status.id === id);
    expect(prefixed?.warble_highlight).to.contain('<mark>billing</mark>');
    const stemmed = (await search('dave', 'deploying')).statuses.find((status) => status.id === id);
    expect(stemmed?.warble_highlight).to.contain('<mark>deployed</mark>');
    expect(await statusIds('dave', 'billing -production')).to.not.include(id);
  });

  it('finds people by name, title, department and mail address', async () => {
    const carol = world.users.carol.id;
    for (const q of ['Carol', 'chem', 'reliability', 'platform engineering', 'carol.chemist@example.com', 'example']) {
      const found = await search('dave', q, '&type=accounts');
      expect(found.accounts.map((a) => a.id), q).to.include(carol);
      expect(found.statuses).to.deep.equal([]);
    }
    expect((await search('dave', 'nobodyhasthisname', '&type=accounts')).accounts).to.deep.equal([]);
  });

  it('never returns a private group’s post to a non-member, and does to a member', async () => {
    const id = await publish('bob', { status: 'Confidential acquisition timeline', group_id: privateGroupId });
    expect(await statusIds('carol', 'acquisition')).to.deep.equal([id]);
    expect(await statusIds('bob', 'acquisition')).to.deep.equal([id]);
    expect(await statusIds('dave', 'acquisition')).to.deep.equal([]);
    // A site administrator is not a member either.
    expect(await statusIds('ada', 'acquisition')).to.deep.equal([]);
    expect((await search('dave', 'merger', '&type=groups')).groups).to.deep.equal([]);
    expect((await search('carol', 'merger', '&type=groups')).groups.map((g) => g.id)).to.deep.equal([privateGroupId]);
  });

  it('never returns someone else’s direct message', async () => {
    const id = await publish('bob', { status: '@carol the quarterly bonusplan figures', visibility: 'direct' });
    expect(await statusIds('carol', 'bonusplan')).to.deep.equal([id]);
    expect(await statusIds('bob', 'bonusplan')).to.deep.equal([id]);
    expect(await statusIds('dave', 'bonusplan')).to.deep.equal([]);
  });

  it('forgets a post once deleted, and an edited post matches its new text, not its old', async () => {
    const deleted = await publish('dave', { status: 'Retrospective about the outage' });
    expect(await statusIds('bob', 'retrospective')).to.deep.equal([deleted]);
    await world.api.dave.delete(`/api/v1/statuses/${deleted}`).expect(200);
    expect(await statusIds('bob', 'retrospective')).to.deep.equal([]);
    expect(await statusIds('dave', 'retrospective')).to.deep.equal([]);
    // Gone from the index itself, not only filtered out by the query.
    const { sequelize } = world.testApp.container;
    const indexed = world.testApp.database.dialect === 'sqlite'
      ? "SELECT COUNT(*) AS n FROM posts_fts WHERE posts_fts MATCH 'retrospective'"
      : "SELECT COUNT(*) AS n FROM posts WHERE search_vector @@ to_tsquery('english', 'retrospective') AND deleted_at IS NULL";
    const [row] = (await sequelize.query(indexed, { type: QueryTypes.SELECT })) as Array<{ n: number | string }>;
    expect(Number(row?.n)).to.equal(0);

    const edited = await publish('dave', { status: 'Lunch is at the cafeteria' });
    expect(await statusIds('bob', 'cafeteria')).to.deep.equal([edited]);
    await world.api.dave.put(`/api/v1/statuses/${edited}`, { status: 'Lunch is at the rooftop terrace' }).expect(200);
    expect(await statusIds('bob', 'cafeteria')).to.deep.equal([]);
    expect(await statusIds('bob', 'rooftop')).to.deep.equal([edited]);
  });

  it('does not show a post hidden by a moderator to other people', async () => {
    const id = await publish('dave', { status: 'Unpleasant ranting about parking' });
    expect(await statusIds('bob', 'ranting')).to.deep.equal([id]);
    await world.testApp.container.models.Post.update({ hiddenAt: new Date() }, { where: { id } });
    expect(await statusIds('bob', 'ranting')).to.deep.equal([]);
  });

  it('highlights matches as escaped HTML: a <script> in a post comes back as text', async () => {
    const id = await publish('bob', { status: 'Payload <script>alert("x")</script> inside a widgetry post & more' });
    const found = (await search('carol', 'widgetry')).statuses.find((status) => status.id === id);
    expect(found?.warble_highlight).to.contain('<mark>widgetry</mark>');
    expect(found?.warble_highlight).to.contain('&lt;script&gt;');
    expect(found?.warble_highlight).to.contain('&amp; more');
    expect(found?.warble_highlight).to.not.contain('<script>');
  });

  it('answers in Mastodon’s shape, with Warble’s groups, limit and offset', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 3; n += 1) ids.push(await publish('carol', { status: `Roadmap note ${n} #roadmap2027` }));
    const found = await search('dave', 'roadmap');
    expect(found).to.have.all.keys('accounts', 'statuses', 'hashtags', 'groups');
    expect(found.statuses.map((s) => s.id)).to.have.members(ids);
    const page = await search('dave', 'roadmap', '&type=statuses&limit=2');
    const next = await search('dave', 'roadmap', '&type=statuses&limit=2&offset=2');
    expect(page.statuses).to.have.length(2);
    expect([...page.statuses, ...next.statuses].map((s) => s.id)).to.have.members(ids);
    expect((await search('dave', '#roadmap', '&type=hashtags')).hashtags.map((h) => [h.name, h.following])).to.deep.equal([['roadmap2027', false]]);
    await world.api.dave.post('/api/v1/tags/roadmap2027/follow').expect(200);
    expect((await search('dave', '#roadmap', '&type=hashtags')).hashtags.map((h) => [h.name, h.following])).to.deep.equal([['roadmap2027', true]]);
    expect(await statusIds('dave', 'roadmap', `&account_id=${world.users.bob.id}`)).to.deep.equal([]);
    expect(await statusIds('dave', 'roadmap', `&following=true`)).to.deep.equal([]);
  });

  it('ranks the closer match first', async () => {
    const weak = await publish('bob', { status: 'A long note that mentions kubernetes once among many other words about lunch and weather and trains' });
    const strong = await publish('bob', { status: 'kubernetes kubernetes upgrade' });
    expect(await statusIds('dave', 'kubernetes')).to.deep.equal([strong, weak]);
  });

  it('answers 400 for an empty query and 422 for one too long or with nothing to search for', async () => {
    for (const path of ['/api/v2/search', '/api/v2/search?q=', '/api/v2/search?q=%20%20']) {
      const response = await world.api.dave.get(path).expect(400);
      expect(response.body.error).to.be.a('string');
    }
    await world.api.dave.get(`/api/v2/search?q=${'a'.repeat(201)}`).expect(422);
    await world.api.dave.get('/api/v2/search?q=%22%22').expect(422);
    await world.api.dave.get('/api/v2/search?q=-onlyexcluded').expect(422);
    await world.api.dave.get('/api/v2/search?q=x&type=polls').expect(422);
    await world.api.dave.get('/api/v2/search?q=x&limit=zero').expect(422);
  });

  it('never fails on hostile input: every query answers 200 or 4xx', async () => {
    const hostile = [
      '"', '""', '"unterminated', '*', '**', 'a*b*', '-', '--', '- -x', 'OR', 'a OR', 'OR b', 'OR OR OR', 'AND', 'NOT', 'NOT NOT a',
      '(', ')', '((a)', 'a) OR (b', 'NEAR(a b)', 'text:secret', '{a b}', '^a', 'a + b', "'; DROP TABLE posts; --", "o'brien",
      'a:*', '!a', 'a & b | c', '<-> a', '\\', '%', '_', 'é', '日本語', '🙂', 'a\u0000b', 'a\u0002b\u0003', 'col:"x"', 'rank:bm25',
      'deploy*"', '"a" "b" -"c"', 'x'.repeat(200),
    ];
    for (const q of hostile) {
      const response = await world.api.dave.get(`/api/v2/search?q=${encodeURIComponent(q)}`);
      expect(response.status, q).to.be.oneOf([200, 400, 422]);
      if (response.status !== 200) expect(response.body.error, q).to.be.a('string');
    }
  });

  it('requires a signed-in person', async () => {
    const { default: request } = await import('supertest');
    await request(world.testApp.callback).get('/api/v2/search?q=deploy').expect(401);
  });
});
