/**
 * Home feeds in the installation's Redis (redis.url): shared by every node,
 * so a post fanned out by one node is in the feeds every node reads. Feeds
 * nobody reads expire after feedTtlHours and are rebuilt on demand. The
 * work is in Lua (redis-feed-scripts.ts): one round trip per call, atomic.
 */
import type { RedisClient, RedisConnection } from '../../../realtime/redis-connection.js';
import type { FeedDelivery, FeedState, FeedWindow, HomeFeedStore } from './home-feed-store.js';
import * as scripts from './redis-feed-scripts.js';

export interface RedisFeedOptions {
  feedSize: number;
  ttlSeconds: number;
}

/** A script sent once and then called by its hash; sent again if Redis forgot it (a restart). */
class LuaScript {
  private sha: string | null = null;

  constructor(private readonly source: string) {}

  async run(client: RedisClient, args: string[]): Promise<unknown> {
    this.sha ??= await client.scriptLoad(this.source);
    try {
      return await client.evalSha(this.sha, { arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      this.sha = await client.scriptLoad(this.source);
      return client.evalSha(this.sha, { arguments: args });
    }
  }
}

const asStrings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export class RedisFeedStore implements HomeFeedStore {
  readonly kind = 'redis';
  private readonly prefix: string;
  private readonly client: RedisClient;
  private readonly scripts = {
    start: new LuaScript(scripts.START),
    read: new LuaScript(scripts.READ),
    deliver: new LuaScript(scripts.DELIVER),
    beginRebuild: new LuaScript(scripts.BEGIN_REBUILD),
    finishRebuild: new LuaScript(scripts.FINISH_REBUILD),
    remove: new LuaScript(scripts.REMOVE),
    setMerged: new LuaScript(scripts.SET_MERGED),
    abandonRebuild: new LuaScript(scripts.ABANDON_REBUILD),
    undelivered: new LuaScript(scripts.UNDELIVERED),
    advance: new LuaScript(scripts.ADVANCE),
  };

  constructor(
    redis: RedisConnection,
    private readonly options: RedisFeedOptions,
  ) {
    this.client = redis.client;
    this.prefix = `${redis.keyPrefix}feeds:`;
  }

  async start(newestPostId: string): Promise<string> {
    return String(await this.scripts.start.run(this.client, [this.prefix, newestPostId]));
  }

  async read(userId: string, window: FeedWindow): Promise<FeedState> {
    const reply = (await this.scripts.read.run(this.client, [
      this.prefix,
      userId,
      window.below ?? '',
      window.above ?? '',
      window.ascending ? '1' : '0',
      String(window.count),
      String(this.options.ttlSeconds),
    ])) as unknown[];
    const mergedAuthors = asStrings(reply[1]);
    const highWater = String(reply[2] ?? '');
    if (Number(reply[0]) !== 1) return { feed: null, mergedAuthors, highWater };
    return {
      feed: { floor: String(reply[3] ?? ''), fingerprint: String(reply[4] ?? ''), ids: asStrings(reply[5]) },
      mergedAuthors,
      highWater,
    };
  }

  /** The ticket is the epoch the rebuild began in: it finishes there even if the epoch moved on (then it is never read). */
  async beginRebuild(userId: string): Promise<string> {
    return String(await this.scripts.beginRebuild.run(this.client, [this.prefix, userId]));
  }

  async finishRebuild(userId: string, ticket: string, ids: string[], floor: string, fingerprint: string): Promise<void> {
    await this.scripts.finishRebuild.run(this.client, [
      this.prefix,
      userId,
      ticket,
      floor,
      fingerprint,
      String(this.options.feedSize),
      String(this.options.ttlSeconds),
      ...ids,
    ]);
  }

  async abandonRebuild(userId: string, ticket: string): Promise<void> {
    await this.scripts.abandonRebuild.run(this.client, [this.prefix, userId, ticket]);
  }

  async deliver(delivery: FeedDelivery): Promise<void> {
    await this.scripts.deliver.run(this.client, [
      this.prefix,
      delivery.postId,
      delivery.authorId,
      String(this.options.feedSize),
      String(delivery.recipients.length),
      ...delivery.recipients,
      ...delivery.followers,
    ]);
  }

  async remove(postId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    await this.scripts.remove.run(this.client, [this.prefix, postId, ...userIds]);
  }

  async undelivered(postIds: string[]): Promise<string[]> {
    if (postIds.length === 0) return [];
    return asStrings(await this.scripts.undelivered.run(this.client, [this.prefix, ...postIds]));
  }

  async advance(postId: string): Promise<void> {
    await this.scripts.advance.run(this.client, [this.prefix, postId]);
  }

  async setMergedAuthors(authorIds: string[]): Promise<void> {
    await this.scripts.setMerged.run(this.client, [this.prefix, ...authorIds]);
  }

  async mergedAuthors(): Promise<string[]> {
    return this.client.sMembers(`${this.prefix}merged`);
  }

  /** The connection belongs to the container, which closes it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
