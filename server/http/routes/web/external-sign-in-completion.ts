/**
 * How every single sign-on callback (OpenID Connect, SAML) ends: the
 * provider's word about the person goes to the account use case, then either
 * a fresh session exactly as a password sign-in makes one (a new id defeats
 * session fixation), audited with the method, or a refusal on the sign-in
 * page, audited with the real reason.
 */
import type { WarbleConfig } from '../../../config/schema.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import type { AuditLog } from '../../../services/audit/audit-log.js';
import type { EventPublisher } from '../../../services/events.js';
import type { ExternalProfile } from '../../../services/identity/external-profile.js';
import type { ExternalAccountLink, ExternalRefusal } from '../../../services/identity/external-sign-in.js';
import type { AppContext } from '../../context.js';
import type { Renders } from '../../views/page-context.js';
import { renderLoginPage, safeReturnTo, startSession } from './sign-in.js';

export interface ExternalSignInDeps {
  config: WarbleConfig;
  renderer: Renders;
  users: UserRepository;
  audit: AuditLog;
  accountLink: ExternalAccountLink;
  core: { events: EventPublisher };
}

/** A protocol-level failure (state, signature, audience...): the person sees one message, IT the reason. */
export type ExternalProtocolFailure = 'expired' | 'failed' | 'unavailable';

/**
 * Signs the person in (or refuses them) and answers the request. `keep` is
 * stored in the new session (e.g. the ID token, for the provider's sign-out).
 */
export async function completeExternalSignIn(
  ctx: AppContext,
  deps: ExternalSignInDeps,
  profile: ExternalProfile,
  returnTo: string,
  keep: Record<string, string> = {},
): Promise<void> {
  const outcome = await deps.accountLink.signIn(profile);
  if (outcome.kind === 'refused') {
    await refuse(ctx, deps, profile, outcome.reason, outcome.username);
    return;
  }
  const { user } = outcome;
  await deps.users.recordSignIn(user.id);
  deps.core.events.publish('user.signedIn', { userId: user.id });
  await deps.audit.record({
    action: 'sign-in.succeeded',
    actorId: user.id,
    actorLabel: user.username,
    address: ctx.ip,
    detail: { method: profile.provider, issuer: profile.issuer, account: outcome.kind },
  });
  ctx.state.log.info({ userId: user.id, method: profile.provider, account: outcome.kind, event: 'sign-in.succeeded' }, 'signed in');
  await startSession(ctx, user.id);
  if (ctx.session) Object.assign(ctx.session, keep);
  ctx.redirect(safeReturnTo(returnTo));
}

/** The provider vouched for the person but Warble does not let them in. */
async function refuse(
  ctx: AppContext,
  deps: ExternalSignInDeps,
  profile: ExternalProfile,
  reason: ExternalRefusal,
  username: string | null,
): Promise<void> {
  await deps.audit.record({
    action: 'sign-in.failed',
    actorId: null,
    actorLabel: (username ?? profile.subject).slice(0, 200),
    address: ctx.ip,
    detail: { method: profile.provider, reason, issuer: profile.issuer, subject: profile.subject },
  });
  ctx.state.log.warn(
    { method: profile.provider, reason, username, issuer: profile.issuer, subject: profile.subject, event: 'sign-in.failed' },
    reason === 'username-taken'
      ? 'single sign-on refused: an account not linked to this identity already has the user name'
      : 'single sign-on refused',
  );
  ctx.status = 403;
  renderLoginPage(ctx, deps, { returnTo: '/', error: ctx.state.t(`sso.refused.${reason}`, { username: username ?? '' }) });
}

/** The callback could not establish who signed in; `detail` (never shown) says why. */
export async function failExternalSignIn(
  ctx: AppContext,
  deps: Pick<ExternalSignInDeps, 'config' | 'renderer' | 'audit'>,
  method: ExternalProfile['provider'],
  failure: ExternalProtocolFailure,
  detail: Record<string, unknown>,
): Promise<void> {
  await deps.audit.record({
    action: 'sign-in.failed',
    actorId: null,
    actorLabel: method,
    address: ctx.ip,
    detail: { method, reason: failure, ...detail },
  });
  ctx.state.log.warn({ method, reason: failure, ...detail, event: 'sign-in.failed' }, 'single sign-on failed');
  ctx.status = failure === 'unavailable' ? 503 : 400;
  renderLoginPage(ctx, deps, { returnTo: '/', error: ctx.state.t(`sso.failed.${failure}`) });
}
