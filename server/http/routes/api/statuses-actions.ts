/**
 * What people do to a status: repost, like, bookmark (each idempotent, each
 * answering the status as the person now sees it), and who liked or
 * reposted it.
 */
import Router from '@koa/router';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { notFound } from '../../../domain/errors.js';
import type { ViewerContext } from '../../../domain/visibility/index.js';
import type { AccountPage } from '../../../services/posts/post-engagement-lists.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf, readPage, setLinkHeader } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';
import { statusIdParam } from './statuses-params.js';

type Action = (actor: ViewerContext, postId: string) => Promise<string>;

export function statusActionRoutes(deps: Container): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/statuses' });
  const { posts, statuses } = deps.core;
  const base = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);

  const act = (scope: string, action: Action) =>
    [
      requireUser,
      requireScope(scope),
      async (ctx: AppContext) => {
        const viewer = await viewerContextOf(ctx, deps.models);
        const shownId = await action(viewer, statusIdParam(ctx));
        const status = await statuses.presentOne(shownId, viewer, base(ctx));
        if (!status) throw notFound('Status');
        ctx.body = status;
      },
    ] as const;

  router.post('/:id/reblog', ...act('write:statuses', (actor, id) => posts.reposts.repost(actor, id)));
  router.post('/:id/unreblog', ...act('write:statuses', (actor, id) => posts.reposts.unrepost(actor, id)));
  router.post('/:id/favourite', ...act('write:favourites', (actor, id) => posts.likes.like(actor, id)));
  router.post('/:id/unfavourite', ...act('write:favourites', (actor, id) => posts.likes.unlike(actor, id)));
  router.post('/:id/bookmark', ...act('write:bookmarks', (actor, id) => posts.bookmarks.bookmark(actor, id)));
  router.post('/:id/unbookmark', ...act('write:bookmarks', (actor, id) => posts.bookmarks.unbookmark(actor, id)));

  const accounts = (list: (viewer: ViewerContext, id: string, page: ReturnType<typeof readPage>) => Promise<AccountPage | null>) =>
    [
      requireUser,
      requireScope('read:statuses'),
      async (ctx: AppContext) => {
        const page = await list(await viewerContextOf(ctx, deps.models), statusIdParam(ctx), readPage(ctx, { defaultLimit: 40, maxLimit: 80 }));
        if (!page) throw notFound('Status');
        const baseUrl = base(ctx);
        setLinkHeader(ctx, page.cursors, baseUrl);
        ctx.body = page.users.map((user) => posts.presentAccount(user, baseUrl));
      },
    ] as const;

  router.get('/:id/favourited_by', ...accounts((viewer, id, page) => posts.engagement.likedBy(id, viewer, page)));
  router.get('/:id/reblogged_by', ...accounts((viewer, id, page) => posts.engagement.repostedBy(id, viewer, page)));

  return router;
}
