/**
 * Following people, Mastodon's way: follow/unfollow (answering the
 * Relationship), relationships, followers/following lists paged by the follow
 * row, and the always-empty follow requests (Warble accounts are never locked).
 *
 * Mounted before the accounts router, so `/accounts/relationships` is not
 * taken for an account id.
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { toApiRelationship } from '../../../serializers/relationship.js';
import { apiAccountOf } from '../../../services/social/account-view.js';
import type { FollowListEntry } from '../../../services/social/follow-lists.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf, readPage, setLinkHeader } from '../../pagination.js';
import { param, queryList, signedInUser } from './social-params.js';

export function followRoutes(deps: Pick<Container, 'core' | 'config'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const { core } = deps;
  const baseUrl = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);

  router.get('/accounts/relationships', requireUser, requireScope('read:follows'), async (ctx) => {
    const facts = await core.relationships.between(signedInUser(ctx).id, queryList(ctx, 'id'));
    ctx.body = facts.map(toApiRelationship);
  });

  router.post('/accounts/:id/follow', requireUser, requireScope('write:follows'), async (ctx) => {
    const viewer = signedInUser(ctx);
    await core.follows.follow(viewer, param(ctx, 'id'));
    ctx.body = toApiRelationship(await core.relationships.one(viewer.id, param(ctx, 'id')));
  });

  router.post('/accounts/:id/unfollow', requireUser, requireScope('write:follows'), async (ctx) => {
    const viewer = signedInUser(ctx);
    await core.follows.unfollow(viewer, param(ctx, 'id'));
    ctx.body = toApiRelationship(await core.relationships.one(viewer.id, param(ctx, 'id')));
  });

  const showList = (ctx: AppContext, entries: FollowListEntry[]) => {
    setLinkHeader(ctx, entries, baseUrl(ctx));
    ctx.body = entries.map((entry) => apiAccountOf(entry.user, baseUrl(ctx)));
  };

  router.get('/accounts/:id/followers', requireUser, requireScope('read:accounts'), async (ctx) => {
    showList(ctx, await core.followLists.followers(param(ctx, 'id'), readPage(ctx)));
  });

  router.get('/accounts/:id/following', requireUser, requireScope('read:accounts'), async (ctx) => {
    showList(ctx, await core.followLists.following(param(ctx, 'id'), readPage(ctx)));
  });

  router.get('/follow_requests', requireUser, requireScope('read:follows'), async (ctx) => {
    ctx.body = [];
  });

  return router;
}
