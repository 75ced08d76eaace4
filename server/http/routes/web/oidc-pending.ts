/**
 * The OpenID Connect sign-ins in progress in one browser session, keyed by
 * their `state`: a person who clicks the button in two tabs can finish
 * either. Each is used once (taken out before anything is checked), lives ten
 * minutes, and at most a few are kept.
 */
import type { PendingOidcSignIn } from '../../../auth/oidc/oidc-client.js';
import type { SessionHandle } from '../../middleware/session.js';

const KEY = 'oidcPending';
/** Enough for a few tabs; an older one is dropped when a newer one starts. */
const MAX_PENDING = 5;

function isPending(value: unknown): value is PendingOidcSignIn {
  if (typeof value !== 'object' || value === null) return false;
  const pending = value as Partial<PendingOidcSignIn>;
  return [pending.state, pending.nonce, pending.codeVerifier, pending.returnTo].every((field) => typeof field === 'string') && typeof pending.expiresAt === 'number';
}

function current(session: SessionHandle, now: number): PendingOidcSignIn[] {
  const stored = session[KEY];
  return Array.isArray(stored) ? stored.filter(isPending).filter((pending) => pending.expiresAt > now) : [];
}

function store(session: SessionHandle, list: PendingOidcSignIn[]): void {
  if (list.length > 0) session[KEY] = list;
  else delete session[KEY];
}

export function keepPending(session: SessionHandle, pending: PendingOidcSignIn, now = Date.now()): void {
  store(session, [...current(session, now), pending].slice(-MAX_PENDING));
}

/** The sign-in this callback's `state` belongs to, removed from the session; null when there is none (forged, replayed, expired, another browser). */
export function takePending(session: SessionHandle | null, state: unknown, now = Date.now()): PendingOidcSignIn | null {
  if (!session) return null;
  const list = current(session, now);
  const found = typeof state === 'string' ? list.find((pending) => pending.state === state) : undefined;
  store(session, list.filter((pending) => pending !== found));
  return found ?? null;
}
