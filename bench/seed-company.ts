/**
 * Seeds a realistic company for benchmarks: users, a Zipf-shaped follow
 * graph (about BENCH_FOLLOWS followees each, plus 3 accounts everyone
 * follows), groups of Zipf-shaped sizes (10% private), followed hashtags, and
 * posts whose authors, hashtags and mentions are Zipf-distributed, in time
 * order over the last 180 days (so ULIDs sort like time).
 *
 *   npx tsx bench/seed-company.ts            # into ./bench-data (SQLite)
 *   BENCH_DATA_DIR=/tmp/x BENCH_POSTS=100000 npx tsx bench/seed-company.ts
 *   WARBLE_DATABASE_URL=postgres://… npx tsx bench/seed-company.ts
 *
 * Every user's password is "bench password 123" (one precomputed hash: scrypt
 * for 10,000 people would take minutes and measures nothing).
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { hashPassword } from '../server/auth/password-hash.js';
import { loadConfig } from '../server/config/load-config.js';
import { connectDatabase } from '../server/db/connect.js';
import { resolveDatabaseTarget } from '../server/db/database-url.js';
import { migrateUp } from '../server/db/migrator.js';
import { newId } from '../server/domain/ids.js';
import { createLogger } from '../server/logging/logger.js';

export const BENCH_PASSWORD = 'bench password 123';
const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = size('BENCH_USERS', 10_000);
const POSTS = size('BENCH_POSTS', 1_000_000);
const GROUPS = size('BENCH_GROUPS', 200);
const FOLLOWS = size('BENCH_FOLLOWS', 100);
const EVERYONE_FOLLOWS = 3;
const TAGS = 500;
const DAY = 86_400_000;

/** Deterministic random numbers, so two runs seed the same company. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}

/** Samples ranks 0..n-1 with P(rank) ∝ 1/(rank+1)^exponent. */
function zipf(n: number, exponent: number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank += 1) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

class BatchInserter {
  private rows: unknown[][] = [];
  /** Batches whose rows point at this one's (flushed right after it, never before). */
  readonly dependents: BatchInserter[] = [];
  constructor(
    private readonly sequelize: Sequelize,
    private readonly table: string,
    private readonly columns: string[],
    private readonly batchSize = 400,
  ) {}

  async add(row: unknown[]): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const placeholders = this.rows.map(() => `(${this.columns.map(() => '?').join(', ')})`).join(', ');
    await this.sequelize.query(`INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${placeholders}`, {
      replacements: this.rows.flat(),
      type: QueryTypes.INSERT,
    });
    this.rows = [];
    for (const dependent of this.dependents) await dependent.flush();
  }
}

async function seedCompany(): Promise<void> {
  const started = Date.now();
  const dataDir = process.env.BENCH_DATA_DIR ?? './bench-data';
  const config = loadConfig({ env: { ...process.env, WARBLE_DATA_DIR: dataDir } });
  const logger = createLogger('warn');
  const sequelize = await connectDatabase({
    target: resolveDatabaseTarget(config.database.url, config.dataDir),
    poolMax: 4,
    busyTimeoutMs: 60_000,
    logger,
  });
  await migrateUp(sequelize, logger);
  if (sequelize.getDialect() === 'sqlite') await sequelize.query('PRAGMA synchronous = OFF');
  const now = Date.now();
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  const userIds: string[] = [];
  const users = new BatchInserter(sequelize, 'users', ['id', 'username', 'display_name', 'email', 'password_hash', 'is_admin', 'source', 'title', 'department', 'created_at', 'updated_at']);
  const departments = ['Engineering', 'Sales', 'Finance', 'HR', 'Operations', 'Marketing', 'Legal', 'Support'];
  for (let index = 0; index < USERS; index += 1) {
    const id = newId(now - 400 * DAY + index);
    userIds.push(id);
    await users.add([id, `user${index}`, `User ${index}`, `user${index}@example.com`, passwordHash, index === 0, 'local', 'Employee', departments[index % departments.length], new Date(), new Date()]);
  }
  await users.flush();
  console.log(`users: ${USERS}`);

  const follows = new BatchInserter(sequelize, 'follows', ['id', 'follower_id', 'followee_id', 'created_at']);
  const popular = zipf(USERS, 1.0);
  let followCount = 0;
  for (let follower = 0; follower < USERS; follower += 1) {
    const chosen = new Set<number>();
    for (let everyone = 0; everyone < EVERYONE_FOLLOWS; everyone += 1) if (everyone !== follower) chosen.add(everyone);
    const target = Math.max(1, Math.round(FOLLOWS * (0.5 + random())));
    for (let attempt = 0; chosen.size < target && attempt < target * 4; attempt += 1) {
      const followee = popular();
      if (followee !== follower) chosen.add(followee);
    }
    for (const followee of chosen) {
      await follows.add([newId(), userIds[follower], userIds[followee], new Date()]);
      followCount += 1;
    }
  }
  await follows.flush();
  console.log(`follows: ${followCount}`);

  const groupIds: string[] = [];
  const memberGroups = new Map<number, string[]>();
  const groups = new BatchInserter(sequelize, 'groups', ['id', 'slug', 'name', 'description', 'visibility', 'source', 'created_at', 'updated_at']);
  const memberships = new BatchInserter(sequelize, 'group_memberships', ['group_id', 'user_id', 'role', 'state', 'created_at', 'updated_at']);
  const groupSize = zipf(GROUPS, 1.0);
  for (let index = 0; index < GROUPS; index += 1) {
    const id = newId();
    groupIds.push(id);
    await groups.add([id, `group-${index}`, `Group ${index}`, '', index % 10 === 9 ? 'private' : 'public', 'local', new Date(), new Date()]);
  }
  await groups.flush();
  const memberSets = groupIds.map(() => new Set<number>());
  for (let user = 0; user < USERS; user += 1) {
    const count = 1 + Math.floor(random() * 5);
    for (let pick = 0; pick < count; pick += 1) memberSets[groupSize()]!.add(user);
  }
  for (const [groupIndex, members] of memberSets.entries()) {
    let first = true;
    for (const user of members) {
      await memberships.add([groupIds[groupIndex], userIds[user], first ? 'owner' : 'member', 'active', new Date(), new Date()]);
      memberGroups.set(user, [...(memberGroups.get(user) ?? []), groupIds[groupIndex]!]);
      first = false;
    }
  }
  await memberships.flush();
  console.log(`groups: ${GROUPS}`);

  const tagFollows = new BatchInserter(sequelize, 'hashtag_follows', ['id', 'user_id', 'tag', 'created_at']);
  const tagRank = zipf(TAGS, 1.1);
  for (let user = 0; user < USERS; user += 1) {
    const tags = new Set<number>();
    for (let pick = Math.floor(random() * 3); pick > 0; pick -= 1) tags.add(tagRank());
    for (const tag of tags) await tagFollows.add([newId(), userIds[user], `tag${tag}`, new Date()]);
  }
  await tagFollows.flush();

  const posts = new BatchInserter(sequelize, 'posts', ['id', 'author_id', 'text', 'visibility', 'group_id', 'in_reply_to_id', 'in_reply_to_author_id', 'thread_root_id', 'created_at', 'updated_at']);
  const mentions = new BatchInserter(sequelize, 'post_mentions', ['post_id', 'user_id'], Number.MAX_SAFE_INTEGER);
  const hashtags = new BatchInserter(sequelize, 'post_hashtags', ['post_id', 'tag'], Number.MAX_SAFE_INTEGER);
  posts.dependents.push(mentions, hashtags);
  const author = zipf(USERS, 0.8);
  const recent: Array<{ id: string; author: string }> = [];
  const span = 180 * DAY;
  for (let index = 0; index < POSTS; index += 1) {
    const at = now - span + Math.floor((index / POSTS) * span);
    const id = newId(at);
    const by = author();
    const authorId = userIds[by]!;
    const kind = random();
    const myGroups = memberGroups.get(by) ?? [];
    const isDirect = kind < 0.02;
    const groupId = !isDirect && kind < 0.17 && myGroups.length > 0 ? myGroups[Math.floor(random() * myGroups.length)]! : null;
    const visibility = isDirect ? 'direct' : groupId ? 'group' : 'public';
    const parent = !isDirect && random() < 0.15 && recent.length > 0 ? recent[Math.floor(random() * recent.length)]! : null;
    let text = `Update ${index} from user${by}: shipping things.`;
    if (isDirect || random() < 0.1) {
      const mentioned = popular();
      text = `@user${mentioned} ${text}`;
      await mentions.add([id, userIds[mentioned]]);
    }
    if (random() < 0.2) {
      const tag = `tag${tagRank()}`;
      text += ` #${tag}`;
      await hashtags.add([id, tag]);
    }
    const date = new Date(at);
    await posts.add([id, authorId, text, visibility, groupId, parent?.id ?? null, parent?.author ?? null, parent?.id ?? null, date, date]);
    if (visibility === 'public') {
      recent.push({ id, author: authorId });
      if (recent.length > 1000) recent.shift();
    }
    if (index % 100_000 === 99_999) console.log(`posts: ${index + 1}`);
  }
  // Parents first: a reply's parent is always an earlier post, and batches go in order.
  await posts.flush();

  await sequelize.query(`UPDATE users SET
    posts_count = (SELECT COUNT(*) FROM posts WHERE posts.author_id = users.id),
    followers_count = (SELECT COUNT(*) FROM follows WHERE follows.followee_id = users.id),
    following_count = (SELECT COUNT(*) FROM follows WHERE follows.follower_id = users.id)`);
  await sequelize.query(`UPDATE posts SET replies_count = (SELECT COUNT(*) FROM posts r WHERE r.in_reply_to_id = posts.id)
    WHERE id IN (SELECT DISTINCT in_reply_to_id FROM posts WHERE in_reply_to_id IS NOT NULL)`);
  await sequelize.query('ANALYZE');
  await sequelize.close();
  console.log(`seeded ${USERS} users, ${followCount} follows, ${GROUPS} groups, ${POSTS} posts in ${Math.round((Date.now() - started) / 1000)} s into ${config.database.url || dataDir}`);
}

await seedCompany();
