/** Personal settings: the interface language, and notification and digest preferences. */
import Router from '@koa/router';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { DomainError, validationError } from '../../../domain/errors.js';
import { checkedPreferences, DIGEST_FREQUENCIES, NOTIFICATION_TYPES, parseMutedTypes } from '../../../domain/notification-preferences.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { fieldErrors, formField, formValues } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { isTimeZone, supportedTimeZones } from '../../../services/analytics/time-zones.js';

const LANGUAGE_CHOICES = ['', 'en', 'fr'];

/** What the notifications form shows: the stored choices, or on a refused post what was submitted. */
interface PreferenceValues {
  digest: string;
  notify: readonly string[];
}

function storedPreferences(ctx: AppContext): PreferenceValues {
  const user = ctx.state.user!;
  const muted = parseMutedTypes(user.mutedNotificationTypes);
  return { digest: user.digestFrequency, notify: NOTIFICATION_TYPES.filter((type) => !muted.includes(type)) };
}

export function settingsRoutes(deps: { renderer: Renders; users: UserRepository; config: { analytics: { defaultTimeZone: string } } }): Router<AppState> {
  const router = new Router<AppState>();

  function show(ctx: AppContext, preferences: PreferenceValues, errors: Record<string, string> = {}) {
    renderPage(ctx, deps.renderer, 'settings', {
      title: ctx.state.t('settings.title'),
      locale: ctx.state.user?.locale ?? '',
      saved: ctx.query.saved === '1',
      notifyChoices: NOTIFICATION_TYPES.map((type) => ({ type, checked: preferences.notify.includes(type) })),
      digestChoices: DIGEST_FREQUENCIES.map((frequency) => ({ frequency, selected: preferences.digest === frequency })),
      errors,
      // Analytics: the zone the person's figures are bucketed in ('' is the instance default).
      timeZone: ctx.state.user?.timeZone ?? '',
      timeZones: supportedTimeZones(),
      defaultTimeZone: deps.config.analytics.defaultTimeZone,
    });
  }

  router.get('/settings', requireUser, (ctx) => show(ctx, storedPreferences(ctx)));

  router.post('/settings', requireUser, async (ctx) => {
    const locale = formField(ctx, 'locale');
    if (!LANGUAGE_CHOICES.includes(locale)) throw validationError('locale', 'Unknown language');
    await deps.users.setLocale(ctx.state.user!.id, locale === '' ? null : locale);
    ctx.redirect('/settings?saved=1');
  });

  router.post('/settings/time-zone', requireUser, async (ctx) => {
    const zone = formField(ctx, 'timeZone');
    if (zone !== '' && !isTimeZone(zone)) {
      ctx.status = 422;
      show(ctx, storedPreferences(ctx), { timeZone: ctx.state.t('analytics.errors.badTimeZone') });
      return;
    }
    await ctx.state.user!.update({ timeZone: zone === '' ? null : zone });
    ctx.redirect('/settings?saved=1');
  });

  // A form of its own, so saving the language never touches these (unchecked boxes are simply absent from a post).
  router.post('/settings/notifications', requireUser, async (ctx) => {
    const submitted = { digest: formField(ctx, 'digest'), notify: formValues(ctx, 'notify') };
    try {
      await deps.users.setNotificationPreferences(ctx.state.user!.id, checkedPreferences(submitted));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ctx.status = error.status;
      show(ctx, submitted, fieldErrors(ctx, error));
      return;
    }
    ctx.redirect('/settings?saved=1');
  });
  return router;
}
