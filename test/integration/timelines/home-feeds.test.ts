/**
 * Home feeds kept on write (server/services/timelines/feeds/), in memory and
 * in Redis, on the tier's database: every change shows on the next home
 * page, the feed is really what answers, and pages are exactly those of the
 * database merge.
 */
import { expect } from 'chai';
import type { UserModel } from '../../../server/db/models/user.js';
import { loadViewerContext } from '../../../server/services/viewer-context-loader.js';
import { HidePostService } from '../../../server/services/moderation/hide-post.js';
import { createGroup, insertPost } from '../../helpers/post-fixtures.js';
import { startTestApp } from '../../helpers/test-app.js';
import { startFeedWorld, type FeedKind, type FeedWorld } from './home-feed-world.js';

const PASSWORD = 'home feeds test password';

for (const kind of ['memory', 'redis'] as FeedKind[]) {
  describe(`home feeds kept on write (${kind})`, () => {
    let world: FeedWorld;
    let reader: UserModel;
    let author: UserModel;
    let admin: UserModel;
    let people = 0;
    const person = (name: string) => world.testApp.container.localUsers.create({ username: `${name}_${kind}_${++people}`, password: PASSWORD });
    const as = (user: UserModel) => loadViewerContext(world.testApp.container.models, user);
    const post = async (who: UserModel, text: string, extra: { groupId?: string } = {}) =>
      world.testApp.container.core.posts.create.create(await as(who), { text, ...extra });
    const settle = () => world.testApp.container.core.homeFeeds!.writer.idle();

    before(async () => {
      world = await startFeedWorld(kind);
      admin = await world.testApp.container.localUsers.create({ username: `root_${kind}`, password: PASSWORD, isAdmin: true });
      reader = await person('reader');
      author = await person('author');
      await world.testApp.container.core.follows.follow(reader, author.id);
    });
    after(() => world.close());

    it("puts a followee's new post into the follower's feed, and home shows it at once", async () => {
      expect(await world.home(reader)).to.deep.equal([]);
      expect(await world.held(reader)).to.deep.equal([]);
      const id = await post(author, 'fresh from the press');
      await settle();
      expect(await world.held(reader)).to.deep.equal([id]);
      expect(await world.home(reader)).to.deep.equal([id]);
    });

    it('unfollowing drops the author at once; following again brings back their older posts', async () => {
      const { follows } = world.testApp.container.core;
      const before = await world.home(reader);
      expect(before).to.not.be.empty;
      await follows.unfollow(reader, author.id);
      expect(await world.home(reader)).to.deep.equal([]);
      await follows.follow(reader, author.id);
      expect(await world.home(reader)).to.deep.equal(before);
    });

    it('a deleted post leaves the feeds; a hidden one leaves home but stays on its author\'s; an edit shows its new text', async () => {
      const { core, models, sequelize, audit } = world.testApp.container;
      const deleted = await post(author, 'soon deleted');
      const hidden = await post(author, 'soon hidden');
      const edited = await post(author, 'first words');
      expect(await world.home(reader)).to.include.members([deleted, hidden, edited]);
      await core.posts.delete.delete(await as(author), deleted);
      await new HidePostService({ sequelize, models, events: core.events, audit }).hide({ user: admin }, hidden);
      await core.posts.edit.edit(await as(author), edited, { text: 'second words' });
      await settle();
      expect(await world.held(reader)).to.not.include(deleted);
      expect(await world.home(reader)).to.include(edited).and.not.include(deleted).and.not.include(hidden);
      expect(await world.home(author)).to.include(hidden).and.not.include(deleted);
      const viewer = await as(reader);
      const page = await core.timelines.home(viewer, { limit: 20 }, 'http://warble.test');
      expect(page.statuses.find((status) => status.id === edited)?.content).to.contain('second words');
    });

    it('leaving a private group takes its posts off home on the very next page', async () => {
      const { core, models } = world.testApp.container;
      const group = await createGroup(models, {
        name: `Feed secrets ${kind}`,
        visibility: 'private',
        members: [{ userId: author.id, role: 'owner' }, { userId: reader.id }],
      });
      const secret = await post(author, 'members only', { groupId: group });
      expect(await world.home(reader)).to.include(secret);
      expect(await world.held(reader)).to.include(secret);
      await core.groupMembership.leave(reader, group);
      expect(await world.home(reader)).to.not.include(secret);
      expect(await world.merged(reader)).to.not.include(secret);
    });

    it("a suspended or deactivated author's posts show on home exactly as the merge shows them", async () => {
      // The presenter decides (today it still shows them); a feed must change nothing either way.
      const { models } = world.testApp.container;
      const suspended = await person('suspended');
      await world.testApp.container.core.follows.follow(reader, suspended.id);
      const id = await post(suspended, 'before the suspension');
      expect(await world.home(reader)).to.include(id);
      await models.User.update({ suspendedAt: new Date() }, { where: { id: suspended.id } });
      expect(await world.home(reader)).to.deep.equal(await world.merged(reader));
      await models.User.update({ deactivatedAt: new Date(), suspendedAt: null }, { where: { id: suspended.id } });
      expect(await world.home(reader)).to.deep.equal(await world.merged(reader));
    });

    it('a post written with no event (another process, a crash before delivery) is found and fanned out on the next read', async () => {
      const { models } = world.testApp.container;
      await world.home(reader);
      const id = await insertPost(models, { authorId: author.id, text: 'no event told anyone' });
      expect(await world.home(reader)).to.include(id);
      expect(await world.held(reader)).to.include(id);
    });

    it('accounts followed by more than fanOutMaxFollowers people are merged on read, not copied; demoting one rebuilds every feed', async () => {
      const { core } = world.testApp.container;
      const star = await person('star');
      const fans = [reader, author, await person('fan'), await person('fan')];
      for (const fan of fans) await core.follows.follow(fan, star.id);
      expect(await core.homeFeeds!.refreshMergedAuthors()).to.include(star.id);
      await world.home(reader);
      await world.home(star);
      const id = await post(star, 'an all-hands message');
      await settle();
      expect(await world.held(reader)).to.not.include(id);
      expect(await world.held(star)).to.include(id);
      expect(await world.home(reader)).to.include(id);
      // Below three quarters of the limit the star is copied again; feeds built meanwhile lack its posts, so every one is rebuilt.
      for (const fan of fans.slice(1)) await core.follows.unfollow(fan, star.id);
      expect(await core.homeFeeds!.refreshMergedAuthors()).to.not.include(star.id);
      expect(await world.held(reader)).to.equal(null);
      expect(await world.home(reader)).to.include(id);
      expect(await world.held(reader)).to.include(id);
    });

    it('a post delivered while a feed is being rebuilt is kept in the rebuilt feed', async () => {
      const { store } = world.feeds;
      const late = await person('late');
      const ticket = await store.beginRebuild(late.id);
      await store.deliver({ postId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ', authorId: author.id, recipients: [late.id], followers: [] });
      await store.finishRebuild(late.id, ticket, ['01AAAAAAAAAAAAAAAAAAAAAAAA'], '', 'fingerprint');
      expect(await world.held(late)).to.deep.equal(['01ZZZZZZZZZZZZZZZZZZZZZZZZ', '01AAAAAAAAAAAAAAAAAAAAAAAA']);
    });

    it('a feed keeps feedSize ids; older pages come from the database, identical to the merge', async () => {
      const prolific = await person('prolific');
      await world.testApp.container.core.follows.follow(reader, prolific.id);
      await world.home(reader);
      for (let index = 0; index < 30; index += 1) await post(prolific, `post number ${index}`);
      await settle();
      expect(await world.held(reader)).to.have.length(20);
      let cursor: string | undefined;
      const seen: string[] = [];
      for (;;) {
        const page = await world.home(reader, { limit: 7, maxId: cursor });
        expect(page).to.deep.equal(await world.merged(reader, { limit: 7, maxId: cursor }));
        if (page.length === 0) break;
        seen.push(...page);
        cursor = page[page.length - 1];
      }
      expect(new Set(seen).size).to.equal(seen.length);
      expect(seen.length).to.be.greaterThan(30);
    });
  });
}

describe('home feeds settings', () => {
  it('refuses to start with homeFeeds: redis and no redis.url, naming both settings', async () => {
    const failure = await startTestApp({ WARBLE_TIMELINES_HOME_FEEDS: 'redis' }).then(
      (app) => app.close().then(() => null),
      (error: unknown) => error,
    );
    expect(String(failure)).to.contain('WARBLE_TIMELINES_HOME_FEEDS').and.contain('WARBLE_REDIS_URL');
  });
});
