/**
 * Every posting use case, built once from the same few dependencies, so
 * core-services.ts adds one field and the routes get `container.core.posts`.
 */
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { WarbleConfig } from '../../config/schema.js';
import type { Models } from '../../db/models/index.js';
import type { PostReadRepository } from '../../db/repositories/post-read-repository.js';
import { LocalDiskMediaStorage } from '../../storage/local-disk-storage.js';
import type { MediaStorage } from '../../storage/media-storage.js';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';
import type { EventPublisher } from '../events.js';
import { NotificationWriter } from '../notifications/notification-writer.js';
import { MediaAccess } from './media-access.js';
import { MediaUploadService } from './media-upload.js';
import { PostAccess } from './post-access.js';
import { PostBookmarkService } from './post-bookmark.js';
import { PostCounters } from './post-counters.js';
import { PostCreateService } from './post-create.js';
import { PostDeleteService } from './post-delete.js';
import { PostEditService } from './post-edit.js';
import { PostEngagementLists } from './post-engagement-lists.js';
import { PostHistoryService } from './post-history.js';
import { PostLikeService } from './post-like.js';
import { PostRepostService } from './post-repost.js';
import { PostThreadService } from './post-thread.js';
import type { PresentAccount, StatusPresenter } from './status-presenter.js';

export interface PostServices {
  create: PostCreateService;
  edit: PostEditService;
  delete: PostDeleteService;
  likes: PostLikeService;
  reposts: PostRepostService;
  bookmarks: PostBookmarkService;
  thread: PostThreadService;
  history: PostHistoryService;
  engagement: PostEngagementLists;
  mediaUpload: MediaUploadService;
  mediaAccess: MediaAccess;
  mediaStorage: MediaStorage;
  /** Accounts shown in the favourited_by / reblogged_by lists. */
  presentAccount: PresentAccount;
}

export interface PostServiceDependencies {
  sequelize: Sequelize;
  models: Models;
  config: WarbleConfig;
  events: EventPublisher;
  postReads: PostReadRepository;
  statuses: StatusPresenter;
  presentAccount: PresentAccount;
  /** Defaults to the local disk under <dataDir>/media; an S3 adapter would be passed here. */
  mediaStorage?: MediaStorage;
  hooks?: PluginHookCalls;
  /** The post length limit in effect (instance settings); posts.maxLength from the config when absent. */
  maxPostLength?: () => number;
}

export function createPostServices(deps: PostServiceDependencies): PostServices {
  const { sequelize, models, config, events, statuses } = deps;
  const access = new PostAccess(models);
  const counters = new PostCounters(sequelize, models);
  const notifications = new NotificationWriter(models, deps.hooks);
  const maxLength = deps.maxPostLength ?? (() => config.posts.maxLength);
  const mediaStorage = deps.mediaStorage ?? new LocalDiskMediaStorage(path.resolve(config.dataDir, 'media'));
  const writes = { sequelize, models, access, counters, notifications, events, hooks: deps.hooks };
  return {
    create: new PostCreateService({ ...writes, maxLength }),
    edit: new PostEditService({ ...writes, maxLength }),
    delete: new PostDeleteService(writes),
    likes: new PostLikeService(writes),
    reposts: new PostRepostService(writes),
    bookmarks: new PostBookmarkService(sequelize, models, access),
    thread: new PostThreadService(models, statuses),
    history: new PostHistoryService(models, deps.postReads, statuses),
    engagement: new PostEngagementLists(models, statuses),
    mediaUpload: new MediaUploadService(models, mediaStorage, () => config.media, { sequelize, events }),
    mediaAccess: new MediaAccess(models, statuses, mediaStorage),
    mediaStorage,
    presentAccount: deps.presentAccount,
  };
}
