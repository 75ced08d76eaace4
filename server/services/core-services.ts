/**
 * The microblog core's services, built once by the container: posting,
 * following, groups, conversations, notifications, timelines, and the
 * presenter that shows posts. Kept in one factory so the container stays a
 * short, readable boot sequence.
 */
import type { Sequelize } from 'sequelize';
import type { WarbleConfig } from '../config/schema.js';
import type { Models } from '../db/models/index.js';
import type { ViewerReadRepository } from '../db/repositories/viewer-read-repository.js';
import type { ReadQueries } from '../db/read-queries.js';
import { PostReadRepository } from '../db/repositories/post-read-repository.js';
import type { Logger } from '../logging/logger.js';
import type { EventPublisher } from './events.js';
import { AudienceRepository } from '../db/repositories/audience-repository.js';
import { createEventPublisher } from './outbox/outbox-wiring.js';
import type { PluginHookCalls } from '../plugins/hook-calls.js';
import { createPostServices, type PostServices } from './posts/post-services.js';
import { StatusPresenter, type PresentAccount } from './posts/status-presenter.js';
import { TimelineService } from './timelines/timeline-service.js';
import { TimelineSources } from './timelines/timeline-sources.js';
import { createHomeFeeds, type HomeFeeds } from './timelines/feeds/create-home-feeds.js';
import type { HomeFeedStore } from './timelines/feeds/home-feed-store.js';
import { createSocialServices, type SocialServices } from './social/social-services.js';
import { watchModelWrites } from '../db/cache/model-write-hooks.js';
import { createReadCaches, type ReadCaches, type ReadCacheSettings } from './cache/create-read-caches.js';

/** Following, groups, conversations and notifications: see social/social-services.ts. */
export interface CoreServices extends SocialServices {
  events: EventPublisher;
  postReads: PostReadRepository;
  statuses: StatusPresenter;
  /** Posting: create, edit, delete, like, repost, bookmark, threads, media. */
  posts: PostServices;
  timelines: TimelineService;
  /** Home feeds kept on write (timelines.homeFeeds); null: home is merged from the database on every read. */
  homeFeeds: HomeFeeds | null;
  /** Posts and accounts cached behind the presenter (timelines.readCache); null: every page reads them. */
  readCaches: ReadCaches | null;
}

export interface CoreDependencies {
  sequelize: Sequelize;
  models: Models;
  config: WarbleConfig;
  logger: Logger;
  presentAccount: PresentAccount;
  /** Hot-path reads (separate SQLite read connections; Sequelize's pool on PostgreSQL). */
  reads: ReadQueries;
  /** Authors for the StatusPresenter, on the same hot-read connections. */
  viewerReads: ViewerReadRepository;
  /** Built by the container when it must be shared with services outside the core (sign-in, directory). */
  events?: EventPublisher;
  /** Plugin hooks (filters); absent in tools that load no plugins. */
  hooks?: PluginHookCalls;
  /** The post length limit in effect (instance settings); posts.maxLength from the config when absent. */
  maxPostLength?: () => number;
  /** The process's follower and member reads (the container's); built here when absent. */
  audience?: AudienceRepository;
  /** Where home feeds are kept (create-home-feeds.ts); absent or null: no feeds. */
  homeFeedStore?: HomeFeedStore | null;
  /** Where this node stands for the read caches (create-read-caches.ts); absent: no caches (CLI commands). */
  readCache?: Omit<ReadCacheSettings, 'timelines' | 'logger'>;
}

export function createCoreServices(deps: CoreDependencies): CoreServices {
  const events = deps.events ?? createEventPublisher(deps);
  const postReads = new PostReadRepository(deps.reads);
  const readCaches = deps.readCache
    ? createReadCaches(postReads, deps.viewerReads, { ...deps.readCache, timelines: deps.config.timelines, logger: deps.logger })
    : null;
  // Before every other sink: what they present after an event must not come from a record the event made stale.
  if (readCaches) {
    events.register(readCaches.invalidation.sink);
    watchModelWrites(deps.models, (written) => void readCaches.invalidation.tell(written));
  }
  const statuses = new StatusPresenter(readCaches?.posts ?? postReads, readCaches?.users ?? deps.viewerReads, deps.presentAccount, deps.hooks);
  const sources = new TimelineSources(deps.reads);
  const homeFeeds = deps.homeFeedStore
    ? createHomeFeeds({ store: deps.homeFeedStore, reads: deps.reads, audience: deps.audience ?? new AudienceRepository(deps.reads), sources, events, settings: deps.config.timelines, logger: deps.logger })
    : null;
  const timelines = new TimelineService(deps.reads, sources, statuses, deps.hooks, homeFeeds?.reader);
  const posts = createPostServices({ ...deps, events, postReads, statuses });
  const social = createSocialServices({ sequelize: deps.sequelize, models: deps.models, events, statuses, hooks: deps.hooks, reads: deps.reads });
  return { events, postReads, statuses, posts, timelines, homeFeeds, readCaches, ...social };
}
