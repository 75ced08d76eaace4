/**
 * Security headers via helmet, with a strict Content-Security-Policy: every
 * script, style, font and image comes from Warble itself (no CDN behind a
 * company firewall), and no inline script can run.
 */
import helmet from 'koa-helmet';
import type { Middleware } from 'koa';

/**
 * `formTargets`: other origins a form's navigation may end at. Browsers apply
 * form-action to every redirect after a submission, so signing out (a form)
 * cannot be sent on to the identity provider's sign-out page without its origin here.
 */
export function securityHeaders(httpsOnly: boolean, formTargets: readonly string[] = []): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'", ...formTargets],
        frameAncestors: ["'none'"],
        ...(httpsOnly ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: httpsOnly ? { maxAge: 15552000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  }) as unknown as Middleware;
}
