/**
 * Groups in the pages: the directory (mine, then every group I may see, and
 * a form to create one), a group's page (about, members, join / request /
 * leave, its posts and a compose box addressed to it), join requests for
 * its managers, and "ask to join a private group" by its address, which
 * answers the same whether or not the group exists. A private group is a
 * 404 to anyone who may not know it exists (the service decides).
 */
import { isMirroredGroup } from '../../../domain/group-source.js';
import Router from '@koa/router';
import { notFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import type { GroupListing } from '../../../services/groups/group-read.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { renderPage } from '../../views/page-context.js';
import { showTimeline } from './timelines.js';
import { PAGE_BASE_URL, answerAction, field, formErrors, signedIn, viewerOf, type WebDeps } from './web-support.js';

/** The path of a group's page. */
export const groupPath = (slug: string) => `/groups/${encodeURIComponent(slug)}`;

const GROUP_FORM_FIELDS = { name: 'name', description: 'description', visibility: 'visibility' };

function groupView(listing: GroupListing) {
  const { group, membership } = listing;
  const state = membership?.state ?? null;
  return {
    id: group.id,
    slug: group.slug,
    url: groupPath(group.slug),
    name: group.name,
    description: group.description,
    isPrivate: group.visibility === 'private',
    fromDirectory: isMirroredGroup(group.source),
    archived: group.archivedAt !== null,
    membersCount: listing.membersCount,
    isMember: state === 'active',
    isRequested: state === 'requested',
    isInvited: state === 'invited',
    role: state === 'active' ? membership?.role ?? null : null,
    canManage: state === 'active' && (membership?.role === 'owner' || membership?.role === 'admin'),
  };
}

export function groupRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { groupReads, groupMembership, groupCreate, timelines } = deps.core;

  async function directory(ctx: AppContext, extra: Record<string, unknown> = {}) {
    const viewer = await viewerOf(ctx, deps);
    const [mine, all] = await Promise.all([
      groupReads.list(viewer, { memberOnly: true }, { limit: 40 }),
      groupReads.list(viewer, { memberOnly: false }, { limit: 40 }),
    ]);
    const mineIds = new Set(mine.map((listing) => listing.group.id));
    renderPage(ctx, deps.renderer, 'groups', {
      title: ctx.state.t('groups.title'),
      mine: mine.map(groupView),
      others: all.filter((listing) => !mineIds.has(listing.group.id)).map(groupView),
      values: { name: '', description: '', visibility: 'public' },
      requested: ctx.query.requested === '1',
      ...extra,
    });
  }

  router.get('/groups', requireUser, (ctx) => directory(ctx));

  router.post('/groups', requireUser, async (ctx) => {
    const values = { name: field(ctx, 'name'), description: field(ctx, 'description'), visibility: field(ctx, 'visibility') || 'public' };
    try {
      const { group } = await groupCreate.create(signedIn(ctx).id, values);
      ctx.redirect(groupPath(group.slug));
    } catch (error) {
      const errors = formErrors(ctx, error, GROUP_FORM_FIELDS);
      ctx.status = 422;
      await directory(ctx, { values, errors });
    }
  });

  /** Ask to join by address; the answer never tells whether a private group exists. */
  router.post('/groups/request', requireUser, async (ctx) => {
    const slug = field(ctx, 'slug').replace(/^.*\/groups\//, '').replace(/\/+$/, '');
    if (slug === '') {
      ctx.status = 422;
      await directory(ctx, { requestErrors: { slug: ctx.state.t('groups.requestSlugMissing') }, requestSlug: slug });
      return;
    }
    const group = await deps.groups.findBySlug(slug);
    if (group && group.source === 'local' && !group.archivedAt) {
      try {
        await groupMembership.join(signedIn(ctx), group.id);
      } catch {
        // Same answer as for a group that does not exist.
      }
    }
    ctx.redirect('/groups?requested=1');
  });

  const bySlug = async (ctx: AppContext) => groupReads.getBySlug(await viewerOf(ctx, deps), ctx.params.slug ?? '');

  router.get('/groups/:slug', requireUser, async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    const listing = await bySlug(ctx);
    const group = groupView(listing);
    const canRead = group.isMember || !group.isPrivate;
    const [members, requests] = await Promise.all([
      canRead ? groupReads.members(viewer, group.id, { limit: 40 }) : Promise.resolve([]),
      group.canManage ? groupReads.requests(viewer, group.id, { limit: 40 }) : Promise.resolve([]),
    ]);
    const people = (rows: typeof members) =>
      rows.map(({ user, membership }) => ({
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        avatarUrl: `/avatars/${user.id}`,
        role: membership.role,
        // The marks partials/account-badges.hbs reads, in the API Account's shape.
        account: { warble: { verified_by_directory: user.source === 'ldap', official: user.isOfficial === true } },
      }));
    await showTimeline(ctx, deps, {
      template: 'group',
      title: group.name,
      live: canRead ? `group:${group.id}` : '',
      read: (v, cursor) => (canRead ? timelines.group(v, group.id, cursor, PAGE_BASE_URL) : Promise.resolve({ statuses: [], cursorIds: [] })),
      compose: group.isMember && !group.archived ? { audience: group.id, fixedAudience: true } : false,
      extra: { group, canRead, members: people(members), requests: people(requests), left: ctx.query.left === '1' },
    });
  });

  const membershipAction = (name: string, run: (ctx: AppContext, groupId: string) => Promise<unknown>) => {
    router.post(`/groups/:slug/${name}`, requireUser, async (ctx) => {
      const listing = await bySlug(ctx);
      await run(ctx, listing.group.id);
      answerAction(ctx, groupPath(listing.group.slug));
    });
  };
  membershipAction('join', (ctx, id) => groupMembership.join(signedIn(ctx), id));
  membershipAction('leave', (ctx, id) => groupMembership.leave(signedIn(ctx), id));
  membershipAction('accept', (ctx, id) => groupMembership.acceptInvitation(signedIn(ctx), id));
  membershipAction('decline', (ctx, id) => groupMembership.declineInvitation(signedIn(ctx), id));

  const requestAction = (name: 'approve' | 'reject') => {
    router.post(`/groups/:slug/requests/:userId/${name}`, requireUser, async (ctx) => {
      const userId = ctx.params.userId ?? '';
      if (!isId(userId)) throw notFound('Request');
      const listing = await bySlug(ctx);
      if (name === 'approve') await groupMembership.approveRequest(signedIn(ctx), listing.group.id, userId);
      else await groupMembership.rejectRequest(signedIn(ctx), listing.group.id, userId);
      answerAction(ctx, groupPath(listing.group.slug));
    });
  };
  requestAction('approve');
  requestAction('reject');

  return router;
}
