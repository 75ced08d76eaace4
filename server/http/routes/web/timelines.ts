/**
 * The reading pages: home, the company, a hashtag and bookmarks (search has
 * its own, web/search.ts). Each is a page of posts the viewer may see, newest first,
 * with an "older posts" link (max_id) and, where posting belongs, the
 * compose box. `data-timeline` tells live.js which new posts belong here.
 */
import Router from '@koa/router';
import type { ViewerContext } from '../../../domain/visibility/index.js';
import { tagNameOrThrow } from '../../../services/social/hashtag-follows.js';
import type { TimelinePage } from '../../../services/timelines/timeline-service.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { readPage, type PageRequest } from '../../pagination.js';
import { renderPage } from '../../views/page-context.js';
import { announcementBanner } from './announcement-banner.js';
import { trendingBox } from './trends.js';
import {
  PAGE_BASE_URL,
  answerAction,
  composeContext,
  postViews,
  signedIn,
  viewerOf,
  type ComposeOptions,
  type WebDeps,
} from './web-support.js';

export interface TimelinePageOptions {
  template?: string;
  title: string;
  /** The live stream of this page (realtime-events.ts): home, company, hashtag:x, group:id, profile:id, thread:id; '' for none. */
  live: string;
  read: (viewer: ViewerContext, cursor: PageRequest) => Promise<TimelinePage>;
  compose?: ComposeOptions | false;
  extra?: Record<string, unknown>;
}

/** Reads one page of a timeline and renders it (shared with the group and profile pages). */
export async function showTimeline(ctx: AppContext, deps: WebDeps, options: TimelinePageOptions): Promise<void> {
  const user = signedIn(ctx);
  const cursor = readPage(ctx);
  const viewer = await viewerOf(ctx, deps);
  const [page, compose, announcements] = await Promise.all([
    options.read(viewer, cursor),
    options.compose === false ? Promise.resolve(null) : composeContext(ctx, deps, options.compose ?? {}),
    announcementBanner(ctx, deps),
  ]);
  const last = page.cursorIds[page.cursorIds.length - 1];
  const older = last && page.cursorIds.length >= cursor.limit ? olderLink(ctx, last.id) : null;
  renderPage(ctx, deps.renderer, options.template ?? 'timeline', {
    title: options.title,
    heading: options.title,
    posts: postViews(page.statuses, user),
    compose,
    live: options.live,
    older,
    newer: cursor.maxId ? ctx.path : null,
    announcements,
    ...options.extra,
  });
}

function olderLink(ctx: AppContext, maxId: string): string {
  const query = new URLSearchParams(ctx.querystring);
  query.set('max_id', maxId);
  return `${ctx.path}?${query.toString()}`;
}

export function timelineRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { timelines, hashtagFollows } = deps.core;

  router.get('/', requireUser, async (ctx) =>
    showTimeline(ctx, deps, {
      template: 'home',
      title: ctx.state.t('home.title'),
      live: 'home',
      read: (viewer, cursor) => timelines.home(viewer, cursor, PAGE_BASE_URL),
      extra: { trending: await trendingBox(ctx, deps) },
    }),
  );

  router.get('/company', requireUser, async (ctx) =>
    showTimeline(ctx, deps, {
      title: ctx.state.t('company.title'),
      live: 'company',
      read: (viewer, cursor) => timelines.company(viewer, cursor, PAGE_BASE_URL),
      extra: { intro: ctx.state.t('company.intro'), trending: await trendingBox(ctx, deps) },
    }),
  );

  router.get('/tags/:tag', requireUser, async (ctx) => {
    const tag = tagNameOrThrow(ctx.params.tag ?? '');
    const following = await hashtagFollows.isFollowing(signedIn(ctx).id, tag);
    await showTimeline(ctx, deps, {
      template: 'tag',
      title: `#${tag}`,
      live: `hashtag:${tag}`,
      read: (viewer, cursor) => timelines.hashtag(viewer, tag, cursor, PAGE_BASE_URL),
      compose: { text: `#${tag} ` },
      extra: { tag, following },
    });
  });

  router.post('/tags/:tag/follow', requireUser, async (ctx) => {
    const tag = tagNameOrThrow(ctx.params.tag ?? '');
    await hashtagFollows.follow(signedIn(ctx).id, tag);
    answerAction(ctx, `/tags/${encodeURIComponent(tag)}`);
  });

  router.post('/tags/:tag/unfollow', requireUser, async (ctx) => {
    const tag = tagNameOrThrow(ctx.params.tag ?? '');
    await hashtagFollows.unfollow(signedIn(ctx).id, tag);
    answerAction(ctx, `/tags/${encodeURIComponent(tag)}`);
  });

  router.get('/bookmarks', requireUser, (ctx) =>
    showTimeline(ctx, deps, {
      title: ctx.state.t('bookmarks.title'),
      live: '',
      compose: false,
      read: (viewer, cursor) => timelines.saved('bookmarks', viewer, cursor, PAGE_BASE_URL),
      extra: { intro: ctx.state.t('bookmarks.intro'), empty: ctx.state.t('bookmarks.empty') },
    }),
  );

  return router;
}
