/**
 * Timelines in Mastodon's shape (statuses newest first, Link headers for
 * paging): home, public (the company), tag, Warble's group and mentions
 * timelines, an account's statuses, bookmarks and favourites.
 */
import Router from '@koa/router';
import type { Container } from '../../../container.js';
import { notFound, validationError } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import { normalizeHashtag } from '../../../domain/text/index.js';
import { canReadGroupPosts } from '../../../domain/visibility/index.js';
import type { TimelinePage } from '../../../services/timelines/timeline-service.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf, readPage, setLinkHeader } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';

const TAG_PATTERN = /^[\p{L}\p{N}_]+$/u;
const flag = (value: unknown) => value === 'true' || value === '1';

export function timelineRoutes(deps: Container): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1' });
  const { timelines } = deps.core;

  async function answer(ctx: AppContext, read: (viewer: Awaited<ReturnType<typeof viewerContextOf>>, baseUrl: string) => Promise<TimelinePage>) {
    const baseUrl = baseUrlOf(ctx, deps.config.publicUrl);
    const page = await read(await viewerContextOf(ctx, deps.models), baseUrl);
    setLinkHeader(ctx, page.cursorIds, baseUrl);
    ctx.body = page.statuses;
  }

  router.get('/timelines/home', requireUser, (ctx) => answer(ctx, (viewer, base) => timelines.home(viewer, readPage(ctx), base)));
  router.get('/timelines/public', requireUser, (ctx) =>
    answer(ctx, (viewer, base) => timelines.company(viewer, readPage(ctx), base)),
  );
  router.get('/timelines/mentions', requireUser, (ctx) =>
    answer(ctx, (viewer, base) => timelines.mentions(viewer, readPage(ctx), base)),
  );
  router.get('/timelines/tag/:hashtag', requireUser, (ctx) => {
    const raw = ctx.params.hashtag ?? '';
    if (!TAG_PATTERN.test(raw)) throw validationError('hashtag', 'hashtag must be letters, digits or underscores');
    const tag = normalizeHashtag(raw);
    return answer(ctx, (viewer, base) => timelines.hashtag(viewer, tag, readPage(ctx), base));
  });
  router.get('/timelines/group/:id', requireUser, async (ctx) => {
    const id = ctx.params.id ?? '';
    const group = isId(id) ? await deps.models.Group.findByPk(id) : null;
    const viewer = await viewerContextOf(ctx, deps.models);
    if (!group || !canReadGroupPosts(viewer, { id: group.id, visibility: group.visibility })) throw notFound('Group');
    return answer(ctx, (_viewer, base) => timelines.group(viewer, group.id, readPage(ctx), base));
  });
  router.get('/accounts/:id/statuses', requireUser, async (ctx) => {
    const id = ctx.params.id ?? '';
    const account = isId(id) ? await deps.models.User.findByPk(id, { attributes: ['id'] }) : null;
    if (!account) throw notFound('Account');
    if (flag(ctx.query.pinned)) {
      ctx.body = [];
      return;
    }
    const options = {
      excludeReplies: flag(ctx.query.exclude_replies),
      excludeReposts: flag(ctx.query.exclude_reblogs),
      onlyMedia: flag(ctx.query.only_media),
    };
    return answer(ctx, (viewer, base) => timelines.account(viewer, account.id, options, readPage(ctx), base));
  });
  router.get('/bookmarks', requireUser, (ctx) =>
    answer(ctx, (viewer, base) => timelines.saved('bookmarks', viewer, readPage(ctx), base)),
  );
  router.get('/favourites', requireUser, (ctx) =>
    answer(ctx, (viewer, base) => timelines.saved('likes', viewer, readPage(ctx), base)),
  );
  return router;
}
