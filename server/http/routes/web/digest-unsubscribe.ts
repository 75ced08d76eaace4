/**
 * The digest mail's unsubscribe link. GET only shows who is unsubscribing
 * and a button (mail scanners follow links; a GET must never change
 * anything); the POST, from that button or straight from a mail client
 * (RFC 8058 one-click: `List-Unsubscribe=One-Click` to the same URL), turns
 * the digest off. No sign-in and no CSRF token: the signed token is the
 * authority (app.ts exempts this path), and a token that is not genuine is
 * refused with 400.
 */
import Router from '@koa/router';
import type { Digests } from '../../../services/digests/digest-wiring.js';
import type { AppContext, AppState } from '../../context.js';
import { formField } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';

export const DIGEST_UNSUBSCRIBE_PATH = '/digest/unsubscribe';

function tokenOf(ctx: AppContext): string {
  const fromForm = formField(ctx, 'token');
  if (fromForm !== '') return fromForm;
  return typeof ctx.query.token === 'string' ? ctx.query.token : '';
}

export function digestUnsubscribeRoutes(deps: { renderer: Renders; digests: Digests }): Router<AppState> {
  const router = new Router<AppState>();

  const refuse = (ctx: AppContext) => {
    ctx.status = 400;
    renderPage(ctx, deps.renderer, 'digest-unsubscribe', { title: ctx.state.t('digest.unsubscribe.title'), invalid: true });
  };

  router.get(DIGEST_UNSUBSCRIBE_PATH, async (ctx) => {
    const token = tokenOf(ctx);
    const person = await deps.digests.unsubscribe.personOf(token);
    if (!person) return refuse(ctx);
    renderPage(ctx, deps.renderer, 'digest-unsubscribe', {
      title: ctx.state.t('digest.unsubscribe.title'),
      confirm: true,
      token,
      name: person.displayName,
      alreadyOff: person.digestFrequency === 'off',
    });
  });

  router.post(DIGEST_UNSUBSCRIBE_PATH, async (ctx) => {
    const oneClick = formField(ctx, 'List-Unsubscribe') === 'One-Click';
    const person = await deps.digests.unsubscribe.unsubscribe(tokenOf(ctx), oneClick ? 'one-click' : 'page');
    if (!person) return refuse(ctx);
    ctx.set('Cache-Control', 'no-store');
    renderPage(ctx, deps.renderer, 'digest-unsubscribe', { title: ctx.state.t('digest.unsubscribe.title'), done: true, name: person.displayName });
  });

  return router;
}
