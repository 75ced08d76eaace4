/**
 * People's photos at /avatars/:userId: the stored photo with its own content
 * type, or an initials placeholder. Signed-in people only (staff photos are
 * not public), cached privately and revalidated by ETag.
 */
import Router from '@koa/router';
import type { UserPhotoRepository } from '../../../db/repositories/user-photo-repository.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { isId } from '../../../domain/ids.js';
import { notFound } from '../../../domain/errors.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { initialsSvg } from '../../views/initials-avatar.js';

const CACHE_CONTROL = 'private, max-age=3600';

/** The avatar URL for a person; the etag in the query string makes a changed photo a new URL. */
export function avatarUrl(user: { id: string; photoEtag?: string | null }): string {
  return `/avatars/${user.id}${user.photoEtag ? `?v=${user.photoEtag}` : ''}`;
}

function notModified(ctx: AppContext, etag: string): boolean {
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', CACHE_CONTROL);
  if (ctx.get('If-None-Match') === etag) {
    ctx.status = 304;
    return true;
  }
  return false;
}

export function avatarRoutes(deps: { users: UserRepository; photos: UserPhotoRepository }): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/avatars/:userId', requireUser, async (ctx) => {
    const userId = ctx.params.userId ?? '';
    const user = isId(userId) ? await deps.users.findById(userId) : null;
    if (!user) throw notFound('Person');
    const photo = user.photoEtag ? await deps.photos.find(user.id) : null;
    if (photo) {
      if (notModified(ctx, `"${user.photoEtag}"`)) return;
      ctx.type = photo.contentType;
      ctx.body = photo.data;
      return;
    }
    const svg = initialsSvg(user.id, user.displayName);
    if (notModified(ctx, `"i-${Buffer.from(user.displayName).toString('base64url').slice(0, 40)}"`)) return;
    ctx.type = 'image/svg+xml';
    ctx.body = svg;
  });
  return router;
}
