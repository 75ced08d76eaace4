/**
 * The social half of the microblog core — following people and hashtags,
 * groups, conversations and notifications — built in one place and merged
 * into CoreServices, so core-services.ts stays a short list.
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { ReadQueries } from '../../db/read-queries.js';
import { GroupRepository } from '../../db/repositories/group-repository.js';
import { ConversationInbox } from '../conversations/conversation-inbox.js';
import type { EventPublisher } from '../events.js';
import { GroupCreateService } from '../groups/group-create.js';
import { GroupMembershipService } from '../groups/group-membership.js';
import { GroupReadService } from '../groups/group-read.js';
import { NotificationFeed } from '../notifications/notification-feed.js';
import { NotificationInbox } from '../notifications/notification-inbox.js';
import { NotificationWriter } from '../notifications/notification-writer.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import type { PluginHookCalls } from '../../plugins/hook-calls.js';
import { FollowAccountService } from './follow-account.js';
import { FollowListService } from './follow-lists.js';
import { HashtagFollowService } from './hashtag-follows.js';
import { RelationshipService } from './relationships.js';

export interface SocialServices {
  follows: FollowAccountService;
  followLists: FollowListService;
  relationships: RelationshipService;
  hashtagFollows: HashtagFollowService;
  groupCreate: GroupCreateService;
  groupMembership: GroupMembershipService;
  groupReads: GroupReadService;
  conversations: ConversationInbox;
  notificationInbox: NotificationInbox;
  notificationFeed: NotificationFeed;
}

export function createSocialServices(deps: {
  sequelize: Sequelize;
  models: Models;
  events: EventPublisher;
  statuses: StatusPresenter;
  hooks?: PluginHookCalls;
  reads: ReadQueries;
}): SocialServices {
  const { sequelize, models, events } = deps;
  const groups = new GroupRepository(models);
  const notifications = new NotificationWriter(models, deps.hooks);
  const groupReads = new GroupReadService(models, groups, deps.reads);
  const notificationInbox = new NotificationInbox(models, deps.reads);
  return {
    follows: new FollowAccountService({ sequelize, models, notifications, events }),
    followLists: new FollowListService(models),
    relationships: new RelationshipService(models),
    hashtagFollows: new HashtagFollowService(models),
    groupCreate: new GroupCreateService({ sequelize, groups, events }),
    groupMembership: new GroupMembershipService({ sequelize, models, groups, notifications, events }),
    groupReads,
    conversations: new ConversationInbox(sequelize, models),
    notificationInbox,
    notificationFeed: new NotificationFeed(notificationInbox, deps.statuses, groupReads, models),
  };
}
