/**
 * One interface for every way to prove who you are (local password,
 * directory bind). Sign-in tries them in order; each says whether the login
 * is theirs to decide.
 */
import type { UserModel } from '../db/models/user.js';

/** Why a sign-in failed: logged for IT, never shown to the person. */
export type SignInFailureReason =
  | 'not-applicable'
  | 'unknown-user'
  | 'wrong-password'
  | 'empty-password'
  | 'deactivated'
  | 'suspended'
  /** The account is an official account (services/official-accounts): its publishers post as it, nobody signs in as it. */
  | 'official-account'
  | 'excluded'
  | 'disabled'
  | 'ambiguous'
  | 'directory-unavailable';

export type AuthOutcome = { ok: true; user: UserModel } | { ok: false; reason: SignInFailureReason };

export interface Authenticator {
  readonly name: string;
  /** `not-applicable` hands the login to the next authenticator. */
  authenticate(login: string, password: string): Promise<AuthOutcome>;
}
