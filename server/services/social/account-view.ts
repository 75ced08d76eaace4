/**
 * The Account shown in follower lists, relationships, groups, conversations
 * and notifications: the Account serializer fed with the counters kept on the
 * user row, so every list shows the same numbers without extra queries.
 */
import type { UserModel } from '../../db/models/user.js';
import { toApiAccount, type ApiAccount } from '../../serializers/account.js';

export function apiAccountOf(user: UserModel, baseUrl: string): ApiAccount {
  return toApiAccount(user, {
    baseUrl,
    followersCount: user.followersCount,
    followingCount: user.followingCount,
    statusesCount: user.postsCount,
    lastStatusAt: user.lastPostAt,
  });
}
