/**
 * Warble as a SAML 2.0 service provider, SP-initiated only: it sends
 * AuthnRequests (HTTP-Redirect binding) and accepts at its ACS only a
 * response to one of them, with a signed assertion for its own audience,
 * addressed to its ACS, not expired, never seen before. node-saml checks
 * signature, InResponseTo, timestamps and audience; the rest is
 * saml-assertion-checks.ts. The result is an ExternalProfile.
 */
import { inflateRawSync } from 'node:zlib';
import { SAML, ValidateInResponseTo, generateServiceProviderMetadata, type Profile } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { Logger } from '../../logging/logger.js';
import type { ExternalProfile } from '../../services/identity/external-profile.js';
import type { IdpMetadata } from './idp-metadata.js';
import type { IdpMetadataSource } from './idp-metadata-source.js';
import { checkAssertion, checkDestination } from './saml-assertion-checks.js';
import { samlProfileOf } from './saml-profile-mapping.js';
import { refusalFromLibrary, SamlRefusal } from './saml-refusal.js';
import { REQUEST_TTL_MS, SamlCacheFailure, type SamlReplayCache } from './saml-replay-cache.js';
import type { SamlSettings } from './saml-settings.js';

const LARGEST_RESPONSE_CHARS = 512 * 1024;

export class SamlServiceProvider {
  private client: { metadata: IdpMetadata; saml: SAML } | null = null;

  constructor(
    readonly settings: SamlSettings,
    private readonly idp: IdpMetadataSource,
    private readonly cache: SamlReplayCache,
    private readonly logger: Logger,
  ) {}

  /** Warble's SP metadata, for the IdP's administrator (GET /auth/saml/metadata). */
  metadataXml(): string {
    return generateServiceProviderMetadata({
      issuer: this.settings.spEntityId,
      callbackUrl: this.settings.acsUrl,
      identifierFormat: this.settings.nameIdFormat,
      wantAssertionsSigned: true,
      ...(this.settings.signing ? { privateKey: this.settings.signing.privateKey, publicCerts: this.settings.signing.certificate, signatureAlgorithm: 'sha256' as const } : {}),
    });
  }

  /** Where to send the browser to sign in; `relayState` comes back with the response. */
  async loginUrl(relayState: string): Promise<string> {
    const { saml } = await this.currentClient();
    try {
      return await saml.getAuthorizeUrlAsync(relayState, undefined, {});
    } catch (error) {
      throw error instanceof SamlCacheFailure ? error.cause : error;
    }
  }

  /** The ID of the AuthnRequest carried by a loginUrl(), read back from the URL itself. */
  static requestIdOf(loginUrl: string): string {
    const encoded = new URL(loginUrl).searchParams.get('SAMLRequest') ?? '';
    const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
    const id = new DOMParser().parseFromString(xml, 'text/xml').documentElement?.getAttribute('ID') ?? '';
    if (id === '') throw new Error('the AuthnRequest has no ID');
    return id;
  }

  /**
   * Validates a base64 SAMLResponse posted to the ACS; throws SamlRefusal.
   * `browserRequestId`: the AuthnRequest this browser started (from its
   * cookie), so a response obtained by someone else cannot be planted in it.
   */
  async consume(samlResponse: string, browserRequestId?: string): Promise<ExternalProfile> {
    if (samlResponse === '') throw new SamlRefusal('missing', 'no SAMLResponse');
    if (samlResponse.length > LARGEST_RESPONSE_CHARS) throw new SamlRefusal('malformed', 'the SAMLResponse is too large');
    const { metadata, saml } = await this.currentClient();
    let profile: Profile | null;
    try {
      ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (error) {
      if (error instanceof SamlCacheFailure) throw error.cause;
      const refusal = refusalFromLibrary(error);
      if (refusal.reason === 'signature') this.idp.signatureFailed();
      throw refusal;
    }
    if (!profile?.getAssertion) throw new SamlRefusal('malformed', 'the response holds no assertion');
    if (browserRequestId !== undefined && profile.inResponseTo !== browserRequestId) {
      throw new SamlRefusal('in-response-to', 'the response answers a sign-in this browser did not start');
    }
    checkDestination(profile.getSamlResponseXml?.() ?? '', this.settings.acsUrl);
    const checked = checkAssertion(profile.getAssertion(), {
      idpEntityId: metadata.entityId,
      acsUrl: this.settings.acsUrl,
      clockSkewMs: this.settings.clockSkewMs,
    });
    // Last, so a refused assertion is not remembered; one insert, so two nodes never both accept it.
    if (!(await this.cache.rememberAssertion(checked.assertionId, checked.validUntil))) {
      throw new SamlRefusal('replay', `assertion ${checked.assertionId} was already used`);
    }
    const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
    return samlProfileOf(checked, attributes, this.settings.attributes);
  }

  /** node-saml's client for the IdP metadata in effect (rebuilt when a refresh changed it). */
  private async currentClient(): Promise<{ metadata: IdpMetadata; saml: SAML }> {
    let metadata: IdpMetadata;
    try {
      metadata = await this.idp.current();
    } catch (error) {
      throw new SamlRefusal('unavailable', error instanceof Error ? error.message : String(error));
    }
    if (this.client?.metadata === metadata) return this.client;
    // Keycloak's realm descriptor says so whether or not the client requires it: the IdP has the last word.
    if (metadata.wantsSignedRequests && !this.settings.signing) {
      this.logger.warn('the SAML IdP metadata asks for signed AuthnRequests; if it refuses them, set auth.saml.spPrivateKeyFile and auth.saml.spCertificateFile');
    }
    const saml = new SAML({
      issuer: this.settings.spEntityId,
      callbackUrl: this.settings.acsUrl,
      entryPoint: metadata.ssoUrl,
      idpCert: metadata.signingCertificates,
      audience: this.settings.spEntityId,
      identifierFormat: this.settings.nameIdFormat,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_TTL_MS,
      cacheProvider: this.cache,
      acceptedClockSkewMs: this.settings.clockSkewMs,
      // The IdP decides how people authenticate (MFA, Kerberos...); asking for "password" breaks Entra ID and ADFS.
      disableRequestedAuthnContext: true,
      ...(this.settings.signing ? { privateKey: this.settings.signing.privateKey, publicCert: this.settings.signing.certificate, signatureAlgorithm: 'sha256' as const } : {}),
    });
    this.client = { metadata, saml };
    return this.client;
  }
}
