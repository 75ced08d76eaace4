/**
 * The search pages: `/search` (posts with highlighted excerpts, people with
 * their title and department, groups, hashtags; "Save this search" and
 * "Watch") and `/search/saved` (the viewer's saved searches with how many
 * new matches arrived since they last looked). Plain GET and form posts, so
 * they work without JavaScript.
 */
import Router from '@koa/router';
import type { Container } from '../../../container.js';
import { DomainError } from '../../../domain/errors.js';
import type { SearchResults } from '../../../services/search/search-service.js';
import type { AppContext, AppState } from '../../context.js';
import { formField } from '../../forms.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { PAGE_BASE_URL, answerAction, postViews, signedIn, viewerOf } from './web-support.js';

type SearchDeps = Pick<Container, 'search' | 'models' | 'renderer'>;

const PAGE_SIZE = 20;
const TABS = ['all', 'statuses', 'accounts', 'groups', 'hashtags'] as const;
type Tab = (typeof TABS)[number];

interface AccountLike {
  display_name?: string;
  username?: string;
  url?: string;
  avatar?: string;
}

/** The results as the search page shows them. */
function resultsView(results: SearchResults, viewer: { id: string; isAdmin: boolean }) {
  const views = postViews(results.statuses, viewer);
  return {
    posts: views.map((view, index) => ({ ...view, highlight: results.statuses[index]?.warble_highlight ?? '' })),
    people: results.people.map((user, index) => {
      const account = (results.accounts[index] ?? {}) as AccountLike;
      return {
        name: user.displayName,
        username: user.username,
        title: user.title,
        department: user.department,
        url: account.url ?? `/@${user.username}`,
        avatar: account.avatar ?? '',
        // The directory and official marks (partials/account-badges.hbs).
        account,
      };
    }),
    groups: results.groups.map((group) => ({
      name: group.name,
      url: `/groups/${encodeURIComponent(group.slug)}`,
      description: group.description,
      membersCount: group.members_count,
      isPrivate: group.visibility === 'private',
    })),
    hashtags: results.hashtags.map((tag) => ({ name: tag.name, url: `/tags/${encodeURIComponent(tag.name)}` })),
  };
}

export function webSearchRoutes(deps: SearchDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { service, savedSearches } = deps.search;

  router.get('/search', requireUser, async (ctx) => {
    const user = signedIn(ctx);
    const query = typeof ctx.query.q === 'string' ? ctx.query.q.trim() : '';
    const tab: Tab = (TABS as readonly string[]).includes(String(ctx.query.type)) ? (ctx.query.type as Tab) : 'all';
    const page = Math.max(0, Math.min(50, Number.parseInt(String(ctx.query.page ?? '0'), 10) || 0));
    const tabs = TABS.map((name) => ({ name, current: name === tab, url: `/search?q=${encodeURIComponent(query)}&type=${name}` }));
    const base = { title: ctx.state.t('search.title'), query, tab, tabs };
    if (query === '') {
      renderPage(ctx, deps.renderer, 'search', base);
      return;
    }
    const viewer = await viewerOf(ctx, deps);
    let results: SearchResults | null = null;
    let error: string | null = null;
    try {
      results = await service.search(
        viewer,
        { q: query, type: tab === 'all' ? undefined : tab, limit: tab === 'all' ? 10 : PAGE_SIZE, offset: page * PAGE_SIZE },
        PAGE_BASE_URL,
      );
    } catch (caught) {
      if (!(caught instanceof DomainError) || caught.code !== 'E_VALIDATION') throw caught;
      ctx.status = 422;
      error = caught.message;
    }
    const saved = (await savedSearches.list(user.id)).find((search) => search.query === query.replace(/\s+/g, ' ')) ?? null;
    if (saved) await savedSearches.markSeen(user.id, query);
    const shown = results ? resultsView(results, user) : null;
    const count = shown ? shown.posts.length + shown.people.length + shown.groups.length + shown.hashtags.length : 0;
    const more = tab !== 'all' && shown !== null && count >= PAGE_SIZE;
    renderPage(ctx, deps.renderer, 'search', {
      ...base,
      error,
      results: shown,
      searched: true,
      empty: shown !== null && count === 0,
      saved,
      here: ctx.originalUrl,
      older: more ? `/search?q=${encodeURIComponent(query)}&type=${tab}&page=${page + 1}` : null,
    });
  });

  router.get('/search/saved', requireUser, async (ctx) => {
    const searches = await savedSearches.withNewCounts(await viewerOf(ctx, deps));
    renderPage(ctx, deps.renderer, 'saved-searches', {
      title: ctx.state.t('search.savedTitle'),
      searches: searches.map((search) => ({ ...search, url: `/search?q=${encodeURIComponent(search.query)}` })),
    });
  });

  router.post('/search/saved', requireUser, async (ctx) => {
    const query = formField(ctx, 'query').trim();
    const watch = formField(ctx, 'watch') === 'true';
    await savedSearches.create(signedIn(ctx).id, { query, watch });
    answerAction(ctx, `/search?q=${encodeURIComponent(query)}`);
  });

  router.post('/search/saved/:id/watch', requireUser, async (ctx: AppContext) => {
    await savedSearches.setWatch(signedIn(ctx).id, ctx.params.id ?? '', formField(ctx, 'watch') === 'true');
    answerAction(ctx, '/search/saved');
  });

  router.post('/search/saved/:id/delete', requireUser, async (ctx: AppContext) => {
    await savedSearches.remove(signedIn(ctx).id, ctx.params.id ?? '');
    answerAction(ctx, '/search/saved');
  });

  return router;
}
