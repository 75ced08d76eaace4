/**
 * Seeds a realistic company for benchmarks: people, a Zipf-shaped follow
 * graph (about `follows` followees each, plus 3 accounts everyone follows),
 * groups of Zipf-shaped sizes (10% private), followed hashtags, and posts
 * whose authors, hashtags and mentions are Zipf-distributed, in time order
 * over the last 180 days (ids sort like time). Replies point at recent
 * public posts; 2% of posts are direct, ~15% go to a group.
 *
 * Built for 100,000 people and 5,000,000 posts in minutes: rows go through
 * bench/bulk-writer.ts with secondary indexes built once at the end, and the
 * people's counters are counted while generating, so people are written last.
 * Every person's password is BENCH_PASSWORD (one precomputed hash).
 */
import { hashPassword } from '../server/auth/password-hash.js';
import { connectDatabase } from '../server/db/connect.js';
import type { DatabaseTarget } from '../server/db/database-url.js';
import { migrateUp } from '../server/db/migrator.js';
import { createLogger } from '../server/logging/logger.js';
import { BENCH_PASSWORD } from './bench-http.js';
import { openBulkWriter, type TableWriter } from './bulk-writer.js';
import { random, resetRandom, seedId, sqlDate, zipf } from './company-random.js';

export interface CompanySize {
  people: number;
  posts: number;
  groups: number;
  /** Mean followees per person. */
  follows: number;
}

/** What the benchmark needs to know about a seeded company (kept beside it as a marker). */
export interface SeededCompany extends CompanySize {
  followRows: number;
  seconds: number;
  /** The biggest group (public): its timeline is measured. */
  bigGroupId: string;
  /** The most used hashtag. */
  topTag: string;
}

export const EVERYONE_FOLLOWS = 3;
const TAGS = 500;
const DAY = 86_400_000;
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'HR', 'Operations', 'Marketing', 'Legal', 'Support'];
const SEEDED_TABLES = ['users', 'follows', 'groups', 'group_memberships', 'hashtag_follows', 'posts', 'post_mentions', 'post_hashtags'];

/** Adds a row, waiting only when the writer has enough batches in flight. */
async function put(writer: TableWriter, row: unknown[]): Promise<void> {
  const wait = writer.add(row);
  if (wait) await wait;
}

export async function seedCompany(target: DatabaseTarget, size: CompanySize, log: (line: string) => void = console.log): Promise<SeededCompany> {
  const started = Date.now();
  const phase = (label: string) => log(`  ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
  const logger = createLogger('warn');
  const sequelize = await connectDatabase({ target, poolMax: 2, busyTimeoutMs: 60_000, logger });
  await migrateUp(sequelize, logger);
  await sequelize.close();
  resetRandom();

  const writer = await openBulkWriter(target);
  const restoreIndexes = await writer.deferIndexes(SEEDED_TABLES);
  const now = Date.now();
  const userIds = Array.from({ length: size.people }, (_, index) => seedId(now - 400 * DAY + index * 100));
  const followers = new Int32Array(size.people);
  const following = new Int32Array(size.people);
  const postsBy = new Int32Array(size.people);
  const lastPostAt = new Float64Array(size.people);

  const follows = writer.table('follows', ['id', 'follower_id', 'followee_id', 'created_at']);
  const popular = zipf(size.people, 1.0);
  let followRows = 0;
  for (let follower = 0; follower < size.people; follower += 1) {
    const chosen = new Set<number>();
    for (let everyone = 0; everyone < EVERYONE_FOLLOWS; everyone += 1) if (everyone !== follower) chosen.add(everyone);
    const target = Math.max(1, Math.round(size.follows * (0.5 + random())));
    for (let attempt = 0; chosen.size < target && attempt < target * 4; attempt += 1) {
      const followee = popular();
      if (followee !== follower) chosen.add(followee);
    }
    for (const followee of chosen) {
      const at = now - 390 * DAY + followRows * 5;
      await put(follows, [seedId(at), userIds[follower], userIds[followee], sqlDate(at)]);
      followers[followee]! += 1;
      following[follower]! += 1;
      followRows += 1;
    }
  }
  await follows.finish();
  phase(`follows: ${followRows}`);

  const groupIds = Array.from({ length: size.groups }, (_, index) => seedId(now - 380 * DAY + index * 1000));
  const groups = writer.table('groups', ['id', 'slug', 'name', 'description', 'visibility', 'source', 'created_at', 'updated_at']);
  const created = sqlDate(now - 380 * DAY);
  for (const [index, id] of groupIds.entries()) {
    await put(groups, [id, `group-${index}`, `Group ${index}`, '', index % 10 === 9 ? 'private' : 'public', 'local', created, created]);
  }
  await groups.finish();
  const memberSets = groupIds.map(() => new Set<number>());
  const groupSize = zipf(size.groups, 1.0);
  for (let user = 0; user < size.people; user += 1) {
    for (let pick = 1 + Math.floor(random() * 5); pick > 0; pick -= 1) memberSets[groupSize()]!.add(user);
  }
  const memberGroups: string[][] = Array.from({ length: size.people }, () => []);
  const memberships = writer.table('group_memberships', ['group_id', 'user_id', 'role', 'state', 'created_at', 'updated_at']);
  for (const [groupIndex, members] of memberSets.entries()) {
    let first = true;
    for (const user of members) {
      await put(memberships, [groupIds[groupIndex], userIds[user], first ? 'owner' : 'member', 'active', created, created]);
      memberGroups[user]!.push(groupIds[groupIndex]!);
      first = false;
    }
  }
  await memberships.finish();
  phase(`groups: ${size.groups}`);

  const tagFollows = writer.table('hashtag_follows', ['id', 'user_id', 'tag', 'created_at']);
  const tagRank = zipf(TAGS, 1.1);
  for (let user = 0; user < size.people; user += 1) {
    const tags = new Set<number>();
    for (let pick = Math.floor(random() * 3); pick > 0; pick -= 1) tags.add(tagRank());
    for (const tag of tags) await put(tagFollows, [seedId(now - 370 * DAY + user * 100), userIds[user], `tag${tag}`, created]);
  }
  await tagFollows.finish();

  const posts = writer.table('posts', ['id', 'author_id', 'text', 'visibility', 'group_id', 'in_reply_to_id', 'in_reply_to_author_id', 'thread_root_id', 'created_at', 'updated_at']);
  const mentions = writer.table('post_mentions', ['post_id', 'user_id']);
  const hashtags = writer.table('post_hashtags', ['post_id', 'tag']);
  const author = zipf(size.people, 0.8);
  // The last 1,000 public posts, which replies pick their parent from (a ring, so no shifting).
  const recent: Array<{ id: string; author: string; root: string }> = [];
  let recentNext = 0;
  const span = 180 * DAY;
  for (let index = 0; index < size.posts; index += 1) {
    const at = now - span + Math.floor((index / size.posts) * span);
    const id = seedId(at);
    const by = author();
    const authorId = userIds[by]!;
    const kind = random();
    const myGroups = memberGroups[by]!;
    const isDirect = kind < 0.02;
    const groupId = !isDirect && kind < 0.17 && myGroups.length > 0 ? myGroups[Math.floor(random() * myGroups.length)]! : null;
    const visibility = isDirect ? 'direct' : groupId ? 'group' : 'public';
    const parent = !isDirect && random() < 0.15 && recent.length > 0 ? recent[Math.floor(random() * recent.length)]! : null;
    let text = `Update ${index} from user${by}: shipping things.`;
    if (isDirect || random() < 0.1) {
      let mentioned = popular();
      if (mentioned === by) mentioned = (by + 1) % size.people;
      text = `@user${mentioned} ${text}`;
      await put(mentions, [id, userIds[mentioned]]);
    }
    if (random() < 0.2) {
      const tag = `tag${tagRank()}`;
      text += ` #${tag}`;
      await put(hashtags, [id, tag]);
    }
    const date = sqlDate(at);
    await put(posts, [id, authorId, text, visibility, groupId, parent?.id ?? null, parent?.author ?? null, parent?.root ?? null, date, date]);
    postsBy[by]! += 1;
    lastPostAt[by] = at;
    if (visibility === 'public') {
      recent[recentNext] = { id, author: authorId, root: parent?.root ?? id };
      recentNext = (recentNext + 1) % 1000;
    }
    if (index % 1_000_000 === 999_999 && index + 1 < size.posts) phase(`posts: ${index + 1}`);
  }
  await Promise.all([posts.finish(), mentions.finish(), hashtags.finish()]);
  phase(`posts: ${size.posts}`);

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users = writer.table('users', ['id', 'username', 'display_name', 'email', 'password_hash', 'is_admin', 'source', 'title', 'department',
    'followers_count', 'following_count', 'posts_count', 'last_post_at', 'created_at', 'updated_at']);
  for (let index = 0; index < size.people; index += 1) {
    const joined = sqlDate(now - 400 * DAY + index * 100);
    await put(users, [userIds[index], `user${index}`, `User ${index}`, `user${index}@example.com`, passwordHash, index === 0 ? 1 : 0, 'local', 'Employee',
      DEPARTMENTS[index % DEPARTMENTS.length], followers[index], following[index], postsBy[index], postsBy[index]! > 0 ? sqlDate(lastPostAt[index]!) : null, joined, joined]);
  }
  await users.finish();
  phase(`people: ${size.people}`);

  await restoreIndexes();
  phase('indexes and search index built');
  await writer.exec(`UPDATE posts SET replies_count = (SELECT COUNT(*) FROM posts r WHERE r.in_reply_to_id = posts.id)
    WHERE id IN (SELECT DISTINCT in_reply_to_id FROM posts WHERE in_reply_to_id IS NOT NULL)`);
  await writer.close();
  phase('reply counts, ANALYZE');
  const bigGroup = memberSets.reduce((best, members, index) => (members.size > memberSets[best]!.size && index % 10 !== 9 ? index : best), 0);
  return { ...size, followRows, seconds: Math.round((Date.now() - started) / 1000), bigGroupId: groupIds[bigGroup]!, topTag: 'tag0' };
}
