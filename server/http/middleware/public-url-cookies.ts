/**
 * Cookies follow the public URL, not the hop Warble sees. Behind a
 * TLS-terminating proxy the browser speaks https while Warble receives plain
 * http; the `cookies` library then refuses to set a Secure cookie ("Cannot
 * send secure cookie over unencrypted connection") unless it is told the
 * connection is secure. With an https public URL, browsers only send our
 * cookies over https anyway, so marking the jar secure is true to what the
 * browser sees, and it needs no trust in client-supplied X-Forwarded-*
 * headers (those stay governed by trustProxy alone).
 */
import type { Middleware } from 'koa';

export function cookiesFollowPublicUrl(httpsPublicUrl: boolean): Middleware {
  return async (ctx, next) => {
    if (httpsPublicUrl) ctx.cookies.secure = true;
    await next();
  };
}
