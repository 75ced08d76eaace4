/**
 * The announcement pages: `/announcements` (what is active; the "New
 * announcement" form for administrators and the communications role),
 * `/announcements/:id` (the figures, climbing live, who has not
 * acknowledged, CSV), and the banner's actions: acknowledge (a plain form
 * post that live JS turns into an in-place dismissal) and the one-card
 * fragment live JS inserts when an announcement arrives.
 */
import Router from '@koa/router';
import { DomainError, notFound, validationError } from '../../../domain/errors.js';
import { canSeeGroupMembers } from '../../../domain/visibility/index.js';
import { canPublishAnnouncements } from '../../../services/announcements/announcement-services.js';
import { toDomainGroup } from '../../../services/groups/group-access.js';
import type { AppContext, AppState } from '../../context.js';
import { formField, formValues } from '../../forms.js';
import { requireUser } from '../../middleware/access.js';
import { pageContext, renderPage } from '../../views/page-context.js';
import { endsAtParam } from '../api/announcements.js';
import { answerAction, safeReturnTo, signedIn, viewerOf, type WebDeps } from './web-support.js';

/** Groups offered in the audience choice at most. */
const GROUP_CHOICES = 200;

interface FormValues {
  text: string;
  audience: 'everyone' | 'groups';
  groupIds: string[];
  endsAt: string;
}

const idParam = (ctx: AppContext & { params: Record<string, string> }) => ctx.params.id ?? '';

export function announcementPageRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { announcements } = deps;

  /** A validation error of the form, translated beside its control; anything else propagates. */
  function formError(ctx: AppContext, error: unknown): Record<string, string> {
    if (!(error instanceof DomainError) || !error.field) throw error;
    return { [error.field]: ctx.state.t(`announcements.errors.${error.field}.${error.code}`, { defaultValue: error.message }) };
  }

  /** The groups publishing accepts: not private ones the publisher only asked to join or was invited to. */
  async function addressableGroups(ctx: AppContext) {
    const viewer = await viewerOf(ctx, deps);
    const listings = await deps.core.groupReads.list(viewer, { memberOnly: false }, { limit: GROUP_CHOICES });
    return listings.filter((listing) => canSeeGroupMembers(viewer, toDomainGroup(listing.group)));
  }

  async function showList(ctx: AppContext, extra: { values?: FormValues; errors?: Record<string, string> } = {}) {
    const user = signedIn(ctx);
    const canPublish = canPublishAnnouncements(user);
    const values: FormValues = extra.values ?? { text: '', audience: 'everyone', groupIds: [], endsAt: '' };
    const [items, groups] = await Promise.all([
      announcements.listActive(user),
      canPublish ? addressableGroups(ctx) : Promise.resolve([]),
    ]);
    renderPage(ctx, deps.renderer, 'announcements/index', {
      title: ctx.state.t('announcements.title'),
      items,
      canPublish,
      groups: groups
        .map((listing) => ({ id: listing.group.id, name: listing.group.name, private: listing.group.visibility === 'private', checked: values.groupIds.includes(listing.group.id) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      values: { ...values, groups: values.audience === 'groups' },
      errors: extra.errors ?? {},
      published: ctx.query.published === '1',
    });
  }

  router.get('/announcements', requireUser, (ctx) => showList(ctx));

  router.post('/announcements', requireUser, async (ctx) => {
    const user = signedIn(ctx);
    const values: FormValues = {
      text: formField(ctx, 'text'),
      audience: formField(ctx, 'audience') === 'groups' ? 'groups' : 'everyone',
      groupIds: formValues(ctx, 'group_ids'),
      endsAt: formField(ctx, 'ends_at').trim(),
    };
    try {
      if (values.audience === 'groups' && values.groupIds.length === 0) {
        throw validationError('group_ids', 'Choose at least one group');
      }
      const id = await announcements.publishing.publish(
        { user, address: ctx.ip },
        { text: values.text, groupIds: values.audience === 'groups' ? values.groupIds : [], endsAt: endsAtParam(values.endsAt) },
      );
      ctx.redirect(`/announcements/${id}?published=1`);
    } catch (error) {
      const errors = formError(ctx, error);
      ctx.status = 422;
      await showList(ctx, { values, errors });
    }
  });

  router.get('/announcements/:id', requireUser, async (ctx) => {
    const user = signedIn(ctx);
    const stats = await announcements.stats.read(user, idParam(ctx), { limit: 500 });
    const [view] = await announcements.pending.views([stats.announcement], user.id);
    const groups = stats.groupIds.length > 0 ? await deps.models.Group.findAll({ where: { id: stats.groupIds }, attributes: ['id', 'name', 'slug'] }) : [];
    renderPage(ctx, deps.renderer, 'announcements/stats', {
      title: ctx.state.t('announcements.stats.title'),
      live: `announcement:${stats.announcement.id}`,
      announcement: view,
      withdrawn: stats.announcement.withdrawnAt !== null,
      expired: stats.announcement.endsAt !== null && stats.announcement.endsAt <= new Date(),
      groups: groups.map((group) => ({ name: group.name, slug: group.slug })),
      counts: stats.counts,
      notAcknowledged: stats.notAcknowledged,
      notAcknowledgedTotal: stats.notAcknowledgedTotal,
      listCut: stats.notAcknowledged.length < stats.notAcknowledgedTotal,
      published: ctx.query.published === '1',
    });
  });

  router.get('/announcements/:id/stats.csv', requireUser, async (ctx) => {
    const id = idParam(ctx);
    ctx.body = await announcements.stats.csv(signedIn(ctx), id);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="announcement-${id}-not-acknowledged.csv"`);
  });

  router.post('/announcements/:id/acknowledge', requireUser, async (ctx) => {
    await announcements.receipts.acknowledge(signedIn(ctx).id, idParam(ctx));
    answerAction(ctx, '/');
  });

  router.post('/announcements/:id/withdraw', requireUser, async (ctx) => {
    await announcements.withdrawal.withdraw({ user: signedIn(ctx), address: ctx.ip }, idParam(ctx));
    ctx.redirect('/announcements');
  });

  /** One banner card for live.js to insert (404 unless it is pending for the viewer); showing it marks it seen. */
  router.get('/announcements/:id/banner', requireUser, async (ctx) => {
    const user = signedIn(ctx);
    const id = idParam(ctx);
    const item = (await announcements.pending.visibleTo(user.id)).find((candidate) => candidate.id === id);
    if (!item) throw notFound('Announcement');
    await announcements.receipts.markSeen(user.id, [item.id]);
    const here = typeof ctx.query.returnTo === 'string' ? safeReturnTo(ctx.query.returnTo) : '/';
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    // The link to the figures only where they would open (not for an announcement also sent to a private group hidden from the viewer).
    const canPublish = canPublishAnnouncements(user) && (await announcements.access.judgeIds(user, [item.id], await viewerOf(ctx, deps))).get(item.id)?.figures === 'allowed';
    ctx.body = deps.renderer.render('announcements/banner-card', { ...pageContext(ctx), item, canPublish, here }, 'fragment');
  });

  return router;
}
