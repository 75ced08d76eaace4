/**
 * The strong check: on one seeded company (follows, an account followed by
 * nearly everyone, public and private groups, followed hashtags, mentions,
 * direct messages, deleted and hidden posts, posts with and without events),
 * every person's home pages through the feeds — max_id walks past what the
 * feed holds, since_id and min_id pages — are exactly the pages the database
 * merge gives on the same data.
 */
import { expect } from 'chai';
import type { UserModel } from '../../../server/db/models/user.js';
import { loadViewerContext } from '../../../server/services/viewer-context-loader.js';
import { createGroup, follow, followTag, insertPost } from '../../helpers/post-fixtures.js';
import { startFeedWorld, type FeedKind, type FeedWorld } from './home-feed-world.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const kind of ['memory', 'redis'] as FeedKind[]) {
  describe(`home feeds give exactly the database merge's pages (${kind})`, function () {
    this.timeout(120_000);
    let world: FeedWorld;
    let people: UserModel[] = [];

    before(async () => {
      world = await startFeedWorld(kind);
      const { localUsers, models, core } = world.testApp.container;
      const next = random(kind === 'memory' ? 14 : 41);
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
      for (let index = 0; index < 10; index += 1) {
        people.push(await localUsers.create({ username: `eq_${kind}_${index}`, password: 'equivalence test password' }));
      }
      const [star, ...others] = people;
      // The star is followed by everyone (more than fanOutMaxFollowers = 3): merged on read.
      for (const person of others) await follow(models, person.id, star!.id);
      for (const person of people) for (const other of people) if (person !== other && other !== star && next() < 0.35) await follow(models, person.id, other.id);
      const groups = [
        await createGroup(models, { name: `Eq open ${kind}`, visibility: 'public', members: people.slice(0, 5).map((p, i) => ({ userId: p.id, role: i === 0 ? 'owner' : 'member' })) }),
        await createGroup(models, { name: `Eq closed ${kind}`, visibility: 'private', members: people.slice(3, 8).map((p, i) => ({ userId: p.id, role: i === 0 ? 'owner' : 'member' })) }),
      ];
      for (const person of people) if (next() < 0.4) await followTag(models, person.id, pick(['launch', 'ops']));
      await core.homeFeeds!.refreshMergedAuthors();

      const write = async (round: number, count: number) => {
        for (let index = 0; index < count; index += 1) {
          const author = pick(people);
          const roll = next();
          await insertPost(models, {
            authorId: author.id,
            text: `round ${round} post ${index}`,
            ...(roll < 0.15 ? { groupId: pick(groups) } : {}),
            ...(roll >= 0.15 && roll < 0.22 ? { visibility: 'direct', mentionIds: [pick(people).id] } : {}),
            ...(roll >= 0.22 && roll < 0.32 ? { mentionIds: [pick(people).id] } : {}),
            ...(roll >= 0.32 && roll < 0.45 ? { hashtags: [pick(['launch', 'ops', 'misc'])] } : {}),
            ...(roll >= 0.45 && roll < 0.5 ? { deleted: true } : {}),
          });
        }
      };
      await write(1, 120);
      // Half the company reads home (feeds built), then more is written: with events and without.
      for (const person of people.slice(0, 5)) await world.home(person);
      // More than one probe's worth (100) with no event: the reader must probe on.
      await write(2, 150);
      for (let index = 0; index < 25; index += 1) {
        const author = pick(people);
        await core.posts.create.create(await loadViewerContext(models, author), { text: `with an event ${index} #launch @${pick(people).username}` });
      }
      const victims = (await models.Post.findAll({ where: { deletedAt: null }, limit: 8, order: [['id', 'DESC']] })).map((row) => row.id);
      await models.Post.update({ hiddenAt: new Date() }, { where: { id: victims.slice(0, 3) } });
      await world.testApp.container.core.homeFeeds!.writer.idle();
    });
    after(() => world.close());

    it('max_id walks to the end give the same pages', async () => {
      for (const person of people) {
        let cursor: string | undefined;
        let pages = 0;
        for (;;) {
          const page = await world.home(person, { limit: 9, maxId: cursor });
          expect(page, `${person.username} page ${pages}`).to.deep.equal(await world.merged(person, { limit: 9, maxId: cursor }));
          if (page.length === 0) break;
          cursor = page[page.length - 1];
          pages += 1;
        }
        expect(pages).to.be.greaterThan(0);
      }
    });

    it('since_id and min_id pages from anywhere give the same pages', async () => {
      for (const person of people) {
        const all = await world.merged(person, { limit: 40 });
        for (const anchor of [all[2], all[12], all[25], all[all.length - 1]]) {
          if (!anchor) continue;
          for (const cursor of [{ sinceId: anchor }, { minId: anchor }, { minId: anchor, maxId: all[0] }]) {
            expect(await world.home(person, { limit: 6, ...cursor }), `${person.username} ${JSON.stringify(cursor)}`).to.deep.equal(
              await world.merged(person, { limit: 6, ...cursor }),
            );
          }
        }
      }
    });

    it('still the same after a private group is left and a follow is undone with no event', async () => {
      const { models } = world.testApp.container;
      await models.GroupMembership.destroy({ where: { userId: people[4]!.id } });
      await models.Follow.destroy({ where: { followerId: people[1]!.id } });
      for (const person of people) expect(await world.home(person)).to.deep.equal(await world.merged(person));
    });
  });
}
