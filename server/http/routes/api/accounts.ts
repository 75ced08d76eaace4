/** Mastodon's account endpoints: the signed-in person's own account, profile edits, and looking people up. */
import Router from '@koa/router';
import { requireClient, requireScope } from '../../../auth/bearer-auth.js';
import type { UserModel } from '../../../db/models/user.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { notFound, validationError } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import { toApiAccount, toApiCredentialAccount, type AccountExtras } from '../../../serializers/account.js';
import type { AccountUpdateService } from '../../../services/account-update.js';
import { PHOTO_UPLOAD_MAX_BYTES } from '../../../services/people/photo-crop.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { multipartFields, multipartFile } from '../../multipart-fields.js';
import { requestActor } from '../../request-actor.js';
import { baseUrlOf } from '../../pagination.js';
import { bodyField } from './request-body.js';

export interface AccountRouteDeps {
  config: { publicUrl: string; http: { bodyLimitKb: number } };
  users: UserRepository;
  accountUpdate: AccountUpdateService;
}

export function accountRoutes(deps: AccountRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  /** The counters kept on the user row, so an account shows the same numbers everywhere. */
  const extras = (ctx: AppContext, user: UserModel): AccountExtras => ({
    baseUrl: baseUrlOf(ctx, deps.config.publicUrl),
    followersCount: user.followersCount,
    followingCount: user.followingCount,
    statusesCount: user.postsCount,
    lastStatusAt: user.lastPostAt,
  });

  router.get('/api/v1/accounts/verify_credentials', requireUser, requireScope('read:accounts', 'profile'), (ctx) => {
    ctx.body = toApiCredentialAccount(ctx.state.user!, extras(ctx, ctx.state.user!));
  });

  // Room for an avatar as Mastodon apps send it, beyond the usual body limit.
  const credentialsLimit = Math.max(deps.config.http.bodyLimitKb * 1024, PHOTO_UPLOAD_MAX_BYTES + 64 * 1024);
  router.patch('/api/v1/accounts/update_credentials', requireUser, requireScope('write:accounts'), multipartFields(credentialsLimit, { files: ['avatar'] }), async (ctx) => {
    const updated = await deps.accountUpdate.update(
      ctx.state.user!,
      {
        displayName: bodyField(ctx, 'display_name'),
        note: bodyField(ctx, 'note'),
        pronouns: bodyField(ctx, 'pronouns'),
        title: bodyField(ctx, 'title'),
        department: bodyField(ctx, 'department'),
        phone: bodyField(ctx, 'phone'),
        location: bodyField(ctx, 'location'),
      },
      requestActor(ctx),
      multipartFile(ctx, 'avatar'),
    );
    ctx.body = toApiCredentialAccount(updated, extras(ctx, updated));
  });

  router.delete('/api/v1/profile/avatar', requireUser, requireScope('write:accounts'), async (ctx) => {
    const updated = await deps.accountUpdate.removeAvatar(ctx.state.user!, requestActor(ctx));
    ctx.body = toApiCredentialAccount(updated, extras(ctx, updated));
  });

  router.get('/api/v1/accounts/lookup', requireClient, requireScope('read:accounts'), async (ctx) => {
    const acct = typeof ctx.query.acct === 'string' ? ctx.query.acct.trim().replace(/^@/, '') : '';
    if (acct === '') throw validationError('acct', 'acct is required');
    const [username, domain] = acct.split('@');
    const localDomain = new URL(baseUrlOf(ctx, deps.config.publicUrl)).host;
    let user: UserModel | null = null;
    if (username && (domain === undefined || domain.toLowerCase() === localDomain.toLowerCase())) {
      user = await deps.users.findByUsername(username);
    }
    if (!user) throw notFound('Account');
    ctx.body = toApiAccount(user, extras(ctx, user));
  });

  router.get('/api/v1/accounts/:id', requireClient, requireScope('read:accounts'), async (ctx) => {
    const user = isId(ctx.params.id) ? await deps.users.findById(ctx.params.id) : null;
    if (!user) throw notFound('Account');
    ctx.body = toApiAccount(user, extras(ctx, user));
  });
  return router;
}
