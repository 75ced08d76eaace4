/**
 * /admin/official-accounts: administrators create official accounts (IT
 * Helpdesk, HR: a user name, a display name and a short description; no
 * password), mark an existing account official, and name the people who may
 * publish as each one. Every change is audited by the use case
 * (services/official-accounts).
 */
import Router from '@koa/router';
import { DomainError } from '../../../domain/errors.js';
import type { OfficialAccounts, OfficialActor } from '../../../services/official-accounts/official-accounts.js';
import type { AppContext, AppState } from '../../context.js';
import { fieldErrors, formField } from '../../forms.js';
import { requireAdmin } from '../../middleware/access.js';
import { renderPage, type Renders } from '../../views/page-context.js';

export const OFFICIAL_ACCOUNTS_PATH = '/admin/official-accounts';

/** Fields whose refusals this page words itself (official.admin.errors.*); user name and display name use the shared messages. */
const OWN_FIELDS = new Set(['account', 'publisher', 'bio']);

const adminOf = (ctx: AppContext): OfficialActor => {
  const user = ctx.state.user!;
  return { id: user.id, username: user.username, isAdmin: user.isAdmin, address: ctx.ip };
};

export function adminOfficialAccountRoutes(deps: { renderer: Renders; officialAccounts: OfficialAccounts }): Router<AppState> {
  const router = new Router<AppState>();

  async function show(ctx: AppContext, extra: Record<string, unknown> = {}) {
    const listings = await deps.officialAccounts.list();
    ctx.set('Cache-Control', 'no-store');
    renderPage(ctx, deps.renderer, 'admin/official-accounts', {
      title: ctx.state.t('official.admin.title'),
      accounts: listings.map(({ account, publishers }) => ({
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        bio: account.bio,
        publishers: publishers.map((person) => ({ id: person.id, username: person.username, displayName: person.displayName })),
      })),
      done: typeof ctx.query.done === 'string' ? ctx.query.done : undefined,
      values: {},
      errors: {},
      ...extra,
    });
  }

  /** Runs a change; a bad value re-renders the page with the message beside its form (`form` says which). */
  async function change(ctx: AppContext, form: string, values: Record<string, string>, run: () => Promise<unknown>, done: string) {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof DomainError) || !error.field) throw error;
      ctx.status = error.status;
      const message = OWN_FIELDS.has(error.field) ? ctx.state.t(`official.admin.errors.${error.field}`) : Object.values(fieldErrors(ctx, error))[0];
      await show(ctx, { errors: { [form]: message }, values: { form, ...values } });
      return;
    }
    ctx.redirect(`${OFFICIAL_ACCOUNTS_PATH}?done=${done}`);
  }

  router.get(OFFICIAL_ACCOUNTS_PATH, requireAdmin, (ctx) => show(ctx));

  router.post(OFFICIAL_ACCOUNTS_PATH, requireAdmin, async (ctx) => {
    const values = { username: formField(ctx, 'username'), displayName: formField(ctx, 'displayName'), bio: formField(ctx, 'bio') };
    await change(ctx, 'create', values, () => deps.officialAccounts.create(adminOf(ctx), values), 'created');
  });

  router.post(`${OFFICIAL_ACCOUNTS_PATH}/mark`, requireAdmin, async (ctx) => {
    const values = { markUsername: formField(ctx, 'username') };
    await change(ctx, 'mark', values, () => deps.officialAccounts.markOfficial(adminOf(ctx), values.markUsername), 'marked');
  });

  router.post(`${OFFICIAL_ACCOUNTS_PATH}/:id/publishers`, requireAdmin, async (ctx) => {
    const accountId = ctx.params.id ?? '';
    const values = { publisher: formField(ctx, 'username') };
    await change(ctx, `publisher-${accountId}`, values, () => deps.officialAccounts.addPublisher(adminOf(ctx), accountId, values.publisher), 'added');
  });

  router.post(`${OFFICIAL_ACCOUNTS_PATH}/:id/publishers/:userId/remove`, requireAdmin, async (ctx) => {
    await deps.officialAccounts.removePublisher(adminOf(ctx), ctx.params.id ?? '', ctx.params.userId ?? '');
    ctx.redirect(`${OFFICIAL_ACCOUNTS_PATH}?done=removed`);
  });

  return router;
}
