/**
 * How long computing trends takes on a seeded company (bench/seed-company.ts),
 * uncached and cached, for the company and for one group, both windows.
 * Writes its own posts, hashtags and likes over the last 28 days first (see
 * below why not the seed's posts). Prints numbers.
 *
 *   BENCH_DATA_DIR=/tmp/x BENCH_POSTS=0 npx tsx bench/seed-company.ts
 *   BENCH_DATA_DIR=/tmp/x npx tsx bench/trends.ts
 */
import { ulid } from 'ulid';
import { QueryTypes } from 'sequelize';
import { connectDatabase } from '../server/db/connect.js';
import { resolveDatabaseTarget } from '../server/db/database-url.js';
import { migrateUp } from '../server/db/migrator.js';
import { createModels } from '../server/db/models/index.js';
import { createReadQueries } from '../server/db/read-queries.js';
import { PostReadRepository } from '../server/db/repositories/post-read-repository.js';
import { firstIdAt } from '../server/domain/ids.js';
import { viewerContext } from '../server/domain/visibility/index.js';
import { createLogger } from '../server/logging/logger.js';
import { StatusPresenter } from '../server/services/posts/status-presenter.js';
import { ViewerReadRepository } from '../server/db/repositories/viewer-read-repository.js';
import { apiAccountOf } from '../server/services/social/account-view.js';
import { TrendsService } from '../server/services/trends/trends-service.js';

// Its own folder by default: the posts it writes would change what bench/load-timeline.ts measures.
const dataDir = process.env.BENCH_DATA_DIR ?? './bench-trends';
const target = resolveDatabaseTarget(process.env.WARBLE_DATABASE_URL ?? '', dataDir);
const sequelize = await connectDatabase({ target, poolMax: 4, busyTimeoutMs: 5000, logger: createLogger('silent') });
await migrateUp(sequelize);
const models = createModels(sequelize);

const count = async (sql: string, replacements: Record<string, unknown> = {}) =>
  Number((await sequelize.query<{ n: number }>(sql, { replacements, type: QueryTypes.SELECT }))[0]?.n ?? 0);

const DAY = 86_400_000;
const PER_DAY = Number(process.env.BENCH_POSTS_PER_DAY ?? 5500);
const DAYS = 28;
const week = firstIdAt(new Date(Date.now() - 7 * DAY));

/** A deterministic pseudo-random stream (mulberry32, exact in 32-bit integer arithmetic), so runs are comparable. */
let state = 42;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

// Posts of its own, with ids carrying their time (seed with BENCH_POSTS=0, so
// these are the posts measured): PER_DAY posts a day over 28 days,
// Zipf-ish authors, 20 % with a hashtag, 15 % in groups, 2 % direct.
if ((await count('SELECT COUNT(*) AS n FROM posts WHERE id < :week', { week })) === 0) {
  const users = (await sequelize.query<{ id: string }>('SELECT id FROM users ORDER BY id', { type: QueryTypes.SELECT })).map((row) => row.id);
  const memberships = await sequelize.query<{ group_id: string; user_id: string }>("SELECT group_id, user_id FROM group_memberships WHERE state = 'active'", { type: QueryTypes.SELECT });
  const groupsOf = new Map<string, string[]>();
  for (const row of memberships) groupsOf.set(row.user_id, [...(groupsOf.get(row.user_id) ?? []), row.group_id]);
  const total = PER_DAY * DAYS;
  const started = Date.now();
  const posts: string[] = [];
  const tags: string[] = [];
  const likes: string[] = [];
  const recentPublic: string[] = [];
  const flush = async () => {
    await sequelize.transaction(async (transaction) => {
      for (let at = 0; at < posts.length; at += 400) {
        await sequelize.query(`INSERT INTO posts (id, author_id, text, visibility, group_id, created_at, updated_at) VALUES ${posts.slice(at, at + 400).join(', ')}`, { transaction });
      }
      for (let at = 0; at < tags.length; at += 400) await sequelize.query(`INSERT INTO post_hashtags (post_id, tag) VALUES ${tags.slice(at, at + 400).join(', ')}`, { transaction });
      for (let at = 0; at < likes.length; at += 400) await sequelize.query(`INSERT INTO likes (id, user_id, post_id, created_at) VALUES ${likes.slice(at, at + 400).join(', ')} ON CONFLICT DO NOTHING`, { transaction });
    });
    posts.length = 0;
    tags.length = 0;
    likes.length = 0;
  };
  for (let index = 0; index < total; index += 1) {
    const at = Date.now() - DAYS * DAY + Math.floor((index / total) * DAYS * DAY);
    const id = ulid(at);
    const author = users[Math.min(users.length - 1, Math.floor(users.length * random() ** 2))]!;
    const kind = random();
    const mine = groupsOf.get(author) ?? [];
    const groupId = kind > 0.02 && kind < 0.17 && mine.length ? mine[Math.floor(random() * mine.length)]! : null;
    const visibility = kind < 0.02 ? 'direct' : groupId ? 'group' : 'public';
    const date = new Date(at).toISOString();
    posts.push(`('${id}', '${author}', 'post ${index}', '${visibility}', ${groupId ? `'${groupId}'` : 'NULL'}, '${date}', '${date}')`);
    if (random() < 0.2) tags.push(`('${id}', 'tag${Math.floor(Math.exp(random() * Math.log(2000)))}')`);
    if (visibility === 'public') {
      recentPublic.push(id);
      if (recentPublic.length > 2000) recentPublic.shift();
    }
    // About two likes per post, on recent public posts, given a little later (a repeated person-post pair is skipped on insert).
    for (let like = 0; like < 2 && recentPublic.length; like += 1) {
      const post = recentPublic[Math.floor(recentPublic.length * random() ** 3)]!;
      const user = users[Math.floor(random() * users.length)]!;
      likes.push(`('${ulid(at + 1000)}', '${user}', '${post}', '${date}')`);
    }
    if (posts.length >= 20_000) await flush();
  }
  await flush();
  await sequelize.query('ANALYZE').catch(() => undefined);
  console.log(`seeded ${total} posts over ${DAYS} days with likes in ${Math.round((Date.now() - started) / 1000)} s`);
}

const reads = createReadQueries(sequelize, { sqliteStorage: target.dialect === 'sqlite' ? target.storage : undefined, busyTimeoutMs: 5000 });
const presenter = new StatusPresenter(new PostReadRepository(reads), new ViewerReadRepository(reads, models), apiAccountOf);
const group = (await sequelize.query<{ group_id: string }>(
  'SELECT group_id FROM posts WHERE group_id IS NOT NULL GROUP BY group_id ORDER BY COUNT(*) DESC LIMIT 1',
  { type: QueryTypes.SELECT },
))[0]!.group_id;
const member = (await sequelize.query<{ user_id: string }>("SELECT user_id FROM group_memberships WHERE group_id = :group AND state = 'active' LIMIT 1", { replacements: { group }, type: QueryTypes.SELECT }))[0]!.user_id;
const viewer = viewerContext({ kind: 'user', id: member, isAdmin: false, isActive: true }, [[group, 'member']]);

console.log(`posts: ${await count('SELECT COUNT(*) AS n FROM posts')}, in the last 14 days: ${await count('SELECT COUNT(*) AS n FROM posts WHERE id >= :from', { from: firstIdAt(new Date(Date.now() - 14 * 86_400_000)) })}`);
console.log('| scope | window | tags uncached | posts uncached | tags cached | posts cached | shown (tags, posts) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const scope of [null, group]) {
  for (const window of ['24h', '7d'] as const) {
    const trends = new TrendsService(reads, models, presenter, { ttlMs: 60_000 });
    const request = { window, groupId: scope, limit: 10 };
    let shown = '';
    const time = async (run: () => Promise<unknown[]>) => {
      const started = process.hrtime.bigint();
      shown += ` ${(await run()).length}`;
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const tags = await time(() => trends.tags(viewer, request));
    const posts = await time(() => trends.posts(viewer, request, ''));
    const cachedTags = await time(() => trends.tags(viewer, request));
    const cachedPosts = await time(() => trends.posts(viewer, request, ''));
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(`| ${scope ? 'largest group' : 'company'} | ${window} | ${f(tags)} | ${f(posts)} | ${f(cachedTags)} | ${f(cachedPosts)} |${shown.split(' ').slice(1, 3).join(', ')} |`);
  }
}
await reads.close();
await sequelize.close();
