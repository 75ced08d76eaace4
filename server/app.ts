/**
 * createApp(deps): the Koa application, with no listen() inside, so tests
 * drive it through app.callback() and main.ts decides how it is served.
 * Middleware order matters and is read top to bottom.
 */
import Koa from 'koa';
import bodyParser from '@koa/bodyparser';
import serve from 'koa-static';
import mount from 'koa-mount';
import path from 'node:path';
import type { Container } from './container.js';
import { bearerAuth } from './auth/bearer-auth.js';
import { isApiPath, type AppState } from './http/context.js';
import { accessLog } from './http/middleware/access-log.js';
import { csrfProtection } from './http/middleware/csrf.js';
import { currentUser } from './http/middleware/current-user.js';
import { errorHandler } from './http/middleware/error-handler.js';
import { locale } from './http/middleware/locale.js';
import { requestId } from './http/middleware/request-id.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { sessions } from './http/middleware/session.js';
import { setupGate } from './http/middleware/setup-gate.js';
import { textInputRule } from './http/middleware/text-input.js';
import { bodyParseFailed } from './http/request-body-errors.js';
import { apiRouters } from './http/routes/api/index.js';
import { healthRoutes } from './http/routes/health.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { requestMetrics } from './http/middleware/request-metrics.js';
import { adminDirectoryRoutes } from './http/routes/web/admin-directory.js';
import { adminPluginRoutes } from './http/routes/plugins/admin-plugins.js';
import { pluginRoutes } from './http/routes/plugins/plugin-routes.js';
import { adminUserRoutes } from './http/routes/web/admin-users.js';
import { adminAuditRoutes } from './http/routes/web/admin-audit.js';
import { adminSettingsRoutes, instanceSettingsInEffect, LOGO_UPLOAD_PATH } from './http/routes/web/admin-settings.js';
import { avatarRoutes } from './http/routes/web/avatars.js';
import { profileRoutes } from './http/routes/web/profile.js';
import { PROFILE_PHOTO_PATH, profileEditRoutes } from './http/routes/web/profile-edit.js';
import { vendorAssets } from './http/vendor-assets.js';
import { settingsRoutes } from './http/routes/web/settings.js';
import { settingsTokenRoutes } from './http/routes/web/settings-tokens.js';
import { settingsExportRoutes } from './http/routes/web/settings-export.js';
import { adminExportRoutes } from './http/routes/web/admin-exports.js';
import { DIGEST_UNSUBSCRIBE_PATH, digestUnsubscribeRoutes } from './http/routes/web/digest-unsubscribe.js';
import { isOAuthClientEndpoint } from './http/routes/oauth/token.js';
import { setupRoutes } from './http/routes/web/setup.js';
import { adminInvitationRoutes } from './http/routes/web/admin-invitations.js';
import { invitationAcceptRoutes } from './http/routes/web/invitation-accept.js';
import { passwordResetRoutes } from './http/routes/web/password-reset.js';
import { adminRoutes } from './http/routes/web/admin.js';
import { moderationRouters } from './http/routes/web/admin-moderation.js';
import { groupRoutes as webGroupRoutes } from './http/routes/web/groups.js';
import { inboxRoutes } from './http/routes/web/inbox.js';
import { postRoutes } from './http/routes/web/posts.js';
import { adminOfficialAccountRoutes } from './http/routes/web/admin-official-accounts.js';
import { trendRoutes as webTrendRoutes } from './http/routes/web/trends.js';
import { timelineRoutes } from './http/routes/web/timelines.js';
import { webSearchRoutes } from './http/routes/web/search.js';
import { announcementPageRoutes } from './http/routes/web/announcements.js';
import { analyticsRoutes } from './http/routes/web/analytics.js';
import { cookiesFollowPublicUrl } from './http/middleware/public-url-cookies.js';
import { navCounts } from './http/middleware/nav-counts.js';
import { signInRoutes } from './http/routes/web/sign-in.js';
import { oidcRoutes } from './http/routes/web/oidc.js';
import { samlRoutes } from './http/routes/web/saml.js';
import { SAML_ACS_PATH } from './auth/saml/saml-settings.js';
import { mastodonStreamingRoutes } from './realtime/mastodon-streaming.js';
import { viewsDir } from './paths.js';
import { scimRoutes } from './http/routes/scim/scim-routes.js';

export function createApp(deps: Container): Koa<AppState> {
  const { config } = deps;
  const app = new Koa<AppState>({ proxy: config.trustProxy, keys: [deps.sessionSecret] });
  app.silent = true; // errors are logged by errorHandler, with the request id
  const httpsOnly = config.publicUrl.startsWith('https:');
  const bodyLimit = `${config.http.bodyLimitKb}kb`;

  app.use(requestId(deps.logger));
  app.use(instanceSettingsInEffect(deps.instanceSettings));
  app.use(accessLog());
  app.use(requestMetrics(deps.metrics));
  app.use(errorHandler(deps.renderer, (p) => isApiPath(p) || isOAuthClientEndpoint(p)));
  // Sign-out continues at the OpenID provider (RP-initiated logout), on the issuer's origin.
  const signOutTargets = config.auth.oidc.enabled && config.auth.oidc.endSession ? [new URL(config.auth.oidc.issuer).origin] : [];
  app.use(securityHeaders(httpsOnly, signOutTargets));

  // Health answers before sessions, cookies or the database-backed gate.
  const health = healthRoutes(deps.readinessChecks);
  app.use(health.routes());
  app.use(metricsRoutes(deps.metrics, config.metrics).routes());
  app.use(mount('/assets', serve(path.join(viewsDir, 'assets'), { maxage: 3600_000, gzip: false })));
  app.use(vendorAssets());
  // SCIM carries its own bearer token and body parsing, and no cookie: before sessions, CSRF and the setup gate.
  if (deps.scim) app.use(scimRoutes({ config, logger: deps.logger, scim: deps.scim.services, authenticator: deps.scim.authenticator }));

  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: bodyLimit, formLimit: bodyLimit, encoding: 'utf-8', onError: bodyParseFailed }));
  app.use(cookiesFollowPublicUrl(httpsOnly));
  app.use(sessions(app, { store: deps.sessionStore, maxAgeMs: config.session.maxAgeHours * 3600_000, secureCookies: httpsOnly }));
  app.use(currentUser(deps.viewerReads));
  // A bearer token replaces the cookie's identity (under /api) or voids it (elsewhere).
  app.use(bearerAuth(deps.tokens, deps.users));
  app.use(locale(deps.translator, () => deps.instanceSettings.current().defaultLanguage));
  // After locale, so a web form's refusal is a page in the reader's language.
  app.use(textInputRule());
  // Client-authenticated OAuth endpoints carry no cookie authority, so no CSRF token either.
  // The compose form may carry attachments (multipart): its route checks the token once it has read the body.
  // Public plugin routes (auth 'none', e.g. incoming webhooks) carry their own secret and never use the cookie identity.
  // The digest unsubscribe link carries a signed token as its authority, and mail clients POST to it without a page (RFC 8058).
  // The SAML ACS is posted by the IdP's page; its authority is the signed assertion answering this browser's request.
  app.use(csrfProtection({ exemptPaths: (p) => isOAuthClientEndpoint(p) || deps.plugins.isCsrfExempt(p) || p === DIGEST_UNSUBSCRIBE_PATH || p === SAML_ACS_PATH, multipartCheckedByRoute: (p) => p === '/posts' || p === LOGO_UPLOAD_PATH || p === PROFILE_PHOTO_PATH }));
  app.use(setupGate(deps.users));
  app.use(navCounts(deps));

  for (const router of [
    setupRoutes(deps),
    signInRoutes(deps),
    oidcRoutes(deps),
    samlRoutes(deps),
    timelineRoutes(deps),
    webSearchRoutes(deps),
    announcementPageRoutes(deps),
    postRoutes(deps),
    webGroupRoutes(deps),
    inboxRoutes(deps),
    analyticsRoutes(deps),
    adminRoutes(deps),
    ...moderationRouters(deps),
    settingsRoutes(deps),
    settingsTokenRoutes({ ...deps, ...deps.apiAuth }),
    settingsExportRoutes(deps),
    digestUnsubscribeRoutes(deps),
    adminExportRoutes(deps),
    adminOfficialAccountRoutes(deps),
    webTrendRoutes(deps),
    adminUserRoutes(deps),
    adminInvitationRoutes(deps),
    invitationAcceptRoutes(deps),
    passwordResetRoutes(deps),
    adminAuditRoutes(deps),
    adminSettingsRoutes(deps),
    adminDirectoryRoutes(deps),
    adminPluginRoutes(deps),
    pluginRoutes(deps),
    profileEditRoutes(deps),
    profileRoutes(deps),
    avatarRoutes(deps),
    ...apiRouters(deps),
    mastodonStreamingRoutes(deps),
  ]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
