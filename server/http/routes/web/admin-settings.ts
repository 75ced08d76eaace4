/**
 * /admin/settings: the instance settings stored in the database over the
 * configuration defaults (name, logo, post length, default language, sign-up
 * policy); the logo at LOGO_PATH; and the middleware that puts the settings
 * in effect on every request. Changes are audited ('settings.changed').
 */
import multer from '@koa/multer';
import Router from '@koa/router';
import { validationError } from '../../../domain/errors.js';
import { supportedLanguages } from '../../../config/schema.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import {
  LOGO_MAX_BYTES,
  LOGO_PATH,
  signUpPolicies,
  type InstanceSettings,
} from '../../../services/instance/instance-settings.js';
import type { AppContext, AppMiddleware, AppState } from '../../context.js';
import { requireAdmin } from '../../middleware/access.js';
import { verifyCsrf } from '../../middleware/csrf.js';
import { fieldErrors, formField } from '../../forms.js';
import { renderPage, type Renders } from '../../views/page-context.js';
import { requestActor } from '../../request-actor.js';
import { receiveMultipart } from '../../multipart-body.js';

export const LOGO_UPLOAD_PATH = '/admin/settings/logo';

/** Keeps the settings fresh (other nodes' changes) and puts the instance name and logo on every page. */
export function instanceSettingsInEffect(settings: InstanceSettings): AppMiddleware {
  return async (ctx, next) => {
    try {
      await settings.refreshIfStale();
    } catch (error) {
      ctx.state.log?.warn({ err: error }, 'instance settings not refreshed');
    }
    const current = settings.current();
    ctx.state.instanceName = current.name;
    ctx.state.instanceLogoUrl = current.hasLogo ? `${LOGO_PATH}?v=${current.logoVersion}` : undefined;
    await next();
  };
}

export function adminSettingsRoutes(deps: { renderer: Renders; instanceSettings: InstanceSettings; audit: AuditLog }): Router<AppState> {
  const router = new Router<AppState>();
  const settings = deps.instanceSettings;

  function show(ctx: AppContext, extra: { values?: Record<string, string>; errors?: Record<string, string> } = {}) {
    const current = settings.current();
    const values = extra.values ?? {
      name: current.name,
      maxLength: String(current.maxLength),
      defaultLanguage: current.defaultLanguage,
      signUpPolicy: current.signUpPolicy,
    };
    renderPage(ctx, deps.renderer, 'admin/settings', {
      title: ctx.state.t('admin.settings.title'),
      values,
      errors: extra.errors ?? {},
      saved: ctx.query.saved,
      languages: supportedLanguages.map((code) => ({ code, selected: values.defaultLanguage === code })),
      policies: signUpPolicies.map((code) => ({ code, selected: values.signUpPolicy === code })),
      logoUrl: current.hasLogo ? `${LOGO_PATH}?v=${current.logoVersion}` : undefined,
      logoMaxKb: LOGO_MAX_BYTES / 1024,
    });
  }

  /** Validation messages in the page's language (the service's English text is the fallback). */
  const errorsOf = (ctx: AppContext, error: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries(fieldErrors(ctx, error)).map(([field, message]) => [field, ctx.state.t(`admin.settings.errors.${field}`, { defaultValue: message })]),
    );

  const audited = (ctx: AppContext, detail: Record<string, unknown>) =>
    deps.audit.record({
      action: 'settings.changed',
      ...requestActor(ctx),
      targetType: 'instance',
      detail,
    });

  router.get('/admin/settings', requireAdmin, (ctx) => show(ctx));
  router.post('/admin/settings', requireAdmin, async (ctx) => {
    const values = {
      name: formField(ctx, 'name'),
      maxLength: formField(ctx, 'maxLength'),
      defaultLanguage: formField(ctx, 'defaultLanguage'),
      signUpPolicy: formField(ctx, 'signUpPolicy'),
    };
    try {
      const changed = await settings.update(values, ctx.state.user?.id ?? null);
      if (Object.keys(changed).length > 0) await audited(ctx, { changed });
      ctx.redirect('/admin/settings?saved=1');
    } catch (error) {
      ctx.status = 422;
      show(ctx, { values, errors: errorsOf(ctx, error) });
    }
  });

  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 4 } }).single('logo');
  router.post(LOGO_UPLOAD_PATH, requireAdmin, async (ctx) => {
    try {
      if (!ctx.is('multipart/form-data')) {
        verifyCsrf(ctx);
        if (formField(ctx, 'remove') === '1') {
          await settings.removeLogo();
          await audited(ctx, { changed: { logo: { from: 'uploaded', to: null } } });
          return ctx.redirect('/admin/settings?saved=1');
        }
        throw validationError('logo', 'Choose a PNG or JPEG file');
      }
      try {
        await receiveMultipart(ctx, upload);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (typeof code === 'string' && code.startsWith('LIMIT_')) throw validationError('logo', 'The logo must be at most 256 KB');
        throw error;
      }
      verifyCsrf(ctx);
      const file = (ctx.request as { file?: { buffer?: Buffer } }).file;
      if (!file?.buffer) throw validationError('logo', 'Choose a PNG or JPEG file');
      const contentType = await settings.setLogo(file.buffer, ctx.state.user?.id ?? null);
      await audited(ctx, { changed: { logo: { to: contentType, bytes: file.buffer.length } } });
      ctx.redirect('/admin/settings?saved=1');
    } catch (error) {
      ctx.status = 422;
      show(ctx, { errors: errorsOf(ctx, error) });
    }
  });

  router.get(LOGO_PATH, (ctx) => {
    const logo = settings.currentLogo();
    if (!logo) return; // 404
    ctx.type = logo.contentType;
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = logo.data;
  });

  return router;
}
