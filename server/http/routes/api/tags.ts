/** Hashtags, Mastodon's way: a tag with the viewer's `following`, follow/unfollow, and the followed tags list. */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { toApiTag } from '../../../serializers/tag.js';
import { tagNameOrThrow } from '../../../services/social/hashtag-follows.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf, readPage, setLinkHeader } from '../../pagination.js';
import { param, signedInUser } from './social-params.js';

export function tagRoutes(deps: Pick<Container, 'core' | 'config'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const tags = deps.core.hashtagFollows;
  const baseUrl = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);

  router.get('/tags/:name', requireUser, requireScope('read'), async (ctx) => {
    const tag = tagNameOrThrow(param(ctx, 'name'));
    ctx.body = toApiTag(tag, await tags.isFollowing(signedInUser(ctx).id, tag), baseUrl(ctx));
  });

  router.post('/tags/:name/follow', requireUser, requireScope('write:follows'), async (ctx) => {
    const tag = tagNameOrThrow(param(ctx, 'name'));
    await tags.follow(signedInUser(ctx).id, tag);
    ctx.body = toApiTag(tag, true, baseUrl(ctx));
  });

  router.post('/tags/:name/unfollow', requireUser, requireScope('write:follows'), async (ctx) => {
    const tag = tagNameOrThrow(param(ctx, 'name'));
    await tags.unfollow(signedInUser(ctx).id, tag);
    ctx.body = toApiTag(tag, false, baseUrl(ctx));
  });

  router.get('/followed_tags', requireUser, requireScope('read:follows'), async (ctx) => {
    const rows = await tags.list(signedInUser(ctx).id, readPage(ctx, { defaultLimit: 100, maxLimit: 200 }));
    setLinkHeader(ctx, rows, baseUrl(ctx));
    ctx.body = rows.map((row) => toApiTag(row.tag, true, baseUrl(ctx)));
  });

  return router;
}
