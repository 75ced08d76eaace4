/**
 * The OpenID Connect relying party, on openid-client (a certified
 * implementation): discovery from the issuer URL, the authorization code
 * flow with PKCE, state and nonce, ID token signature, issuer and audience
 * checked by the library, UserInfo when the ID token lacks a mapped claim,
 * and the provider's end-session URL for RP-initiated logout.
 *
 * Discovery happens on first use and is retried after a failure, so an
 * identity provider that is down when Warble starts delays only SSO sign-ins.
 */
import * as client from 'openid-client';
import type { Logger } from '../../logging/logger.js';
import type { ExternalProfile } from '../../services/identity/external-profile.js';
import { mappedClaimNames, profileFromClaims, type Claims } from './oidc-claims.js';
import type { OidcConfig } from './oidc-config.js';

/** What the browser's session keeps between the redirect to the provider and the callback (single use). */
export interface PendingOidcSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch milliseconds after which the callback is refused. */
  expiresAt: number;
}

/** Where the session keeps the ID token, for the provider's sign-out (id_token_hint). */
export const OIDC_ID_TOKEN_SESSION_KEY = 'oidcIdToken';

/** How long a person may take at the provider before the callback is refused. */
const PENDING_LIFETIME_MS = 10 * 60_000;

/** The provider could not be reached (discovery, token, keys or UserInfo request). */
export class OidcUnavailableError extends Error {
  override readonly name = 'OidcUnavailableError';
}

export class OidcClient {
  #configuration: Promise<client.Configuration> | null = null;

  constructor(
    private readonly settings: OidcConfig,
    /** <publicUrl>/auth/oidc/callback, registered at the provider. */
    readonly redirectUri: string,
    /** Where the provider sends people after its own sign-out (<publicUrl>/login). */
    private readonly postLogoutRedirectUri: string,
    private readonly logger: Logger,
  ) {}

  /** The provider's URL to send the person to, and what their session must keep until the callback. */
  async start(returnTo: string, now = Date.now()): Promise<{ url: string; pending: PendingOidcSignIn }> {
    const configuration = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const pending: PendingOidcSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier,
      returnTo,
      expiresAt: now + PENDING_LIFETIME_MS,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Checks the provider's answer (`callbackUrl`, the callback with its query)
   * against what the session kept, redeems the code and verifies the ID token.
   * Throws when anything does not hold; OidcUnavailableError when the provider could not be reached.
   */
  async finish(callbackUrl: URL, pending: PendingOidcSignIn): Promise<{ profile: ExternalProfile; idToken: string }> {
    const configuration = await this.configuration();
    const tokens = await this.reaching(() =>
      client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      }),
    );
    const idTokenClaims = tokens.claims();
    if (!idTokenClaims || !tokens.id_token) throw new Error('the token response has no ID token');
    let claims: Claims = { ...idTokenClaims };
    const missing = mappedClaimNames(this.settings).filter((name) => !(name in claims));
    if (missing.length > 0 && configuration.serverMetadata().userinfo_endpoint) {
      // Many providers keep profile claims in UserInfo; its `sub` must be the ID token's (checked by the library).
      const userInfo = await this.reaching(() => client.fetchUserInfo(configuration, tokens.access_token, idTokenClaims.sub));
      // The ID token's own claims win: iss and sub above all stay as verified.
      claims = { ...userInfo, ...claims };
    }
    return { profile: profileFromClaims(claims, this.settings), idToken: tokens.id_token };
  }

  /** The provider's sign-out page for this ID token, or null when it has none (Google) or endSession is off. */
  async endSessionUrl(idToken: string): Promise<string | null> {
    if (!this.settings.endSession) return null;
    try {
      const configuration = await this.configuration();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: this.postLogoutRedirectUri }).href;
    } catch (error) {
      this.logger.warn({ err: error }, 'oidc: provider unreachable at sign-out; signed out of Warble only');
      return null;
    }
  }

  private configuration(): Promise<client.Configuration> {
    if (!this.#configuration) {
      this.#configuration = this.reaching(() =>
        client.discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, client.ClientSecretBasic(this.settings.clientSecret), {
          // The ID token's signature is checked against the provider's keys (jwks_uri), not only trusted because TLS brought it.
          execute: [client.enableNonRepudiationChecks, ...(this.settings.allowInsecureIssuer ? [client.allowInsecureRequests] : [])],
          timeout: this.settings.timeoutSeconds,
        }),
      );
      this.#configuration.catch(() => {
        this.#configuration = null;
      });
    }
    return this.#configuration;
  }

  /** Runs a request to the provider; network failures and timeouts become OidcUnavailableError. */
  private async reaching<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (isUnreachable(error)) throw new OidcUnavailableError(`the identity provider cannot be reached: ${describe(error)}`, { cause: error });
      throw error;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** fetch() failing (refused, reset, DNS) or timing out, directly or as the cause openid-client wraps. */
function isUnreachable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return true;
    if (current instanceof TypeError && current.message === 'fetch failed') return true;
    // openid-client's wrapper for a response that is not the OAuth answer it expects from a 5xx.
    if ('code' in current && current.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && 'status' in current && Number(current.status) >= 500) return true;
  }
  return false;
}
