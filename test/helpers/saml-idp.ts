/**
 * A tiny SAML 2.0 identity provider for tests, on a free loopback port.
 * It has its own RSA key and self-signed certificate (made by openssl at
 * test time), publishes metadata, and answers an AuthnRequest
 * (HTTP-Redirect binding) the way real IdPs do: an auto-submitting HTML
 * form that POSTs a SAMLResponse whose assertion is signed with xml-crypto.
 * Each answer can be bent (`nextAnswer`) to produce the responses Warble
 * must refuse: wrong audience or recipient, expired, replayed, signed by
 * another key, unsigned, tampered with after signing.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { tempDir } from './temp-dirs.js';

/** A private key and its self-signed certificate, both PEM. */
export interface KeyPair {
  privateKey: string;
  certificate: string;
}

const keyPairs = new Map<string, KeyPair>();

/** A fresh RSA key pair with a self-signed certificate, made once per name per test process (key generation is slow). */
export function testKeyPair(name: string): KeyPair {
  const known = keyPairs.get(name);
  if (known) return known;
  const dir = tempDir('warble-saml-key-');
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${name}`, '-keyout', keyFile, '-out', certFile], {
    stdio: 'ignore',
  });
  const pair = { privateKey: readFileSync(keyFile, 'utf8'), certificate: readFileSync(certFile, 'utf8') };
  keyPairs.set(name, pair);
  return pair;
}

/** Who signs in at the IdP: the NameID and the attributes it releases. */
export interface SamlTestUser {
  nameId: string;
  attributes: Record<string, string | string[]>;
}

/** How to bend the next answer; by default everything is right. */
export interface AnswerTweaks {
  audience?: string;
  recipient?: string;
  /** The Response's Destination; null leaves it out. */
  destination?: string | null;
  /** NotOnOrAfter of the conditions and the subject confirmation. */
  notOnOrAfter?: Date;
  issueInstant?: Date;
  issuer?: string;
  assertionId?: string;
  /** null answers as if unsolicited (no InResponseTo). */
  inResponseTo?: string | null;
  nameIdFormat?: string;
  /** Sign with the IdP's key (default), another key, or not at all. */
  signedBy?: 'idp' | 'other' | 'nobody';
  /** Changes the XML after it was signed. */
  tamper?: (xml: string) => string;
}

/** What the IdP's form would post to the SP. */
export interface SamlAnswer {
  acsUrl: string;
  SAMLResponse: string;
  RelayState: string;
  /** The decoded response XML, for tests that tamper with it. */
  xml: string;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (value: string) => value.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);
const pemBody = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
const newId = () => `_${randomBytes(16).toString('hex')}`;
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

function readAuthnRequest(url: URL): { id: string; acsUrl: string; issuer: string; relayState: string } {
  const encoded = url.searchParams.get('SAMLRequest');
  if (!encoded) throw new Error('no SAMLRequest in the sign-in URL');
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const request = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  if (request?.localName !== 'AuthnRequest') throw new Error('the SAMLRequest is not an AuthnRequest');
  const issuer = request.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]?.textContent ?? '';
  return { id: request.getAttribute('ID') ?? '', acsUrl: request.getAttribute('AssertionConsumerServiceURL') ?? '', issuer, relayState: url.searchParams.get('RelayState') ?? '' };
}

/** HTTP-Redirect binding signature: over `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as they appear in the query. */
function checkRedirectSignature(signInUrl: string, certificate: string): void {
  const query = new URL(signInUrl).search.slice(1).split('&');
  const raw = (name: string) => query.find((part) => part.startsWith(`${name}=`));
  const signed = ['SAMLRequest', 'RelayState', 'SigAlg'].map(raw).filter((part) => part !== undefined).join('&');
  const signature = new URL(signInUrl).searchParams.get('Signature');
  if (new URL(signInUrl).searchParams.get('SigAlg') !== 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' || !signature) {
    throw new Error('the AuthnRequest is not signed with RSA-SHA256');
  }
  if (!verify('RSA-SHA256', Buffer.from(signed), certificate, Buffer.from(signature, 'base64'))) throw new Error('the AuthnRequest signature does not verify');
}

function attributeStatement(attributes: Record<string, string | string[]>): string {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return '';
  const rendered = entries.map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value]).map((item) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(item)}</saml:AttributeValue>`);
    return `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${values.join('')}</saml:Attribute>`;
  });
  return `<saml:AttributeStatement>${rendered.join('')}</saml:AttributeStatement>`;
}

function signAssertion(xml: string, keys: KeyPair): string {
  const signature = new SignedXml({
    privateKey: keys.privateKey,
    publicCert: keys.certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signature.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  // The schema puts ds:Signature right after the assertion's Issuer.
  signature.computeSignature(xml, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return signature.getSignedXml();
}

export class TestSamlIdp {
  keys = testKeyPair('warble-test-idp');
  /** A key the SP was never told about. */
  readonly otherKeys = testKeyPair('warble-test-impostor');
  user: SamlTestUser = { nameId: 'u-0001', attributes: {} };
  /** AuthnRequest IDs received, in order. */
  readonly requests: string[] = [];
  /** Set: the metadata says WantAuthnRequestsSigned and every request must carry a valid signature by this certificate. */
  spCertificate: string | null = null;
  private tweaks: AnswerTweaks = {};

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly entityId: string,
  ) {}

  static async start(): Promise<TestSamlIdp> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const idp = new TestSamlIdp(server, url, `${url}/idp`);
    server.on('request', (request, response) => {
      const requestUrl = new URL(request.url ?? '/', url);
      try {
        if (requestUrl.pathname === '/metadata') {
          response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(idp.metadataXml());
        } else if (requestUrl.pathname === '/sso') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(idp.formPage(idp.answer(requestUrl.href)));
        } else {
          response.writeHead(404).end();
        }
      } catch (error) {
        response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
    return idp;
  }

  get metadataUrl(): string {
    return `${this.url}/metadata`;
  }

  /** Starts signing with a new key, published in the metadata from now on (a certificate rollover). */
  rollSigningKey(name: string): void {
    this.keys = testKeyPair(name);
  }

  /** Bends the next answer only; later answers are right again. */
  nextAnswer(tweaks: AnswerTweaks): void {
    this.tweaks = tweaks;
  }

  metadataXml(): string {
    return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXml(this.entityId)}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="${this.spCertificate ? 'true' : 'false'}">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${pemBody(this.keys.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>${PERSISTENT}</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(this.url)}/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(this.url)}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  }

  /** Answers the AuthnRequest in an SP's sign-in redirect URL, as the current user, with the pending tweaks. */
  answer(signInUrl: string): SamlAnswer {
    const request = readAuthnRequest(new URL(signInUrl));
    if (this.spCertificate) checkRedirectSignature(signInUrl, this.spCertificate);
    this.requests.push(request.id);
    const tweaks = this.tweaks;
    this.tweaks = {};
    const now = tweaks.issueInstant ?? new Date();
    const notOnOrAfter = (tweaks.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000)).toISOString();
    const inResponseTo = tweaks.inResponseTo === undefined ? request.id : tweaks.inResponseTo;
    const inResponseToAttribute = inResponseTo === null ? '' : ` InResponseTo="${escapeXml(inResponseTo)}"`;
    const destination = tweaks.destination === undefined ? request.acsUrl : tweaks.destination;
    const issuer = escapeXml(tweaks.issuer ?? this.entityId);
    const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${escapeXml(tweaks.assertionId ?? newId())}" Version="2.0" IssueInstant="${now.toISOString()}">`
      + `<saml:Issuer>${issuer}</saml:Issuer>`
      + `<saml:Subject><saml:NameID Format="${escapeXml(tweaks.nameIdFormat ?? PERSISTENT)}">${escapeXml(this.user.nameId)}</saml:NameID>`
      + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseToAttribute} NotOnOrAfter="${notOnOrAfter}" Recipient="${escapeXml(tweaks.recipient ?? request.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>`
      + `<saml:Conditions NotBefore="${new Date(now.getTime() - 60_000).toISOString()}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${escapeXml(tweaks.audience ?? request.issuer)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
      + `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
      + attributeStatement(this.user.attributes)
      + '</saml:Assertion>';
    const unsigned = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${newId()}" Version="2.0" IssueInstant="${now.toISOString()}"${destination === null ? '' : ` Destination="${escapeXml(destination)}"`}${inResponseToAttribute}>`
      + `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</saml:Issuer>`
      + '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
      + assertion
      + '</samlp:Response>';
    const signer = tweaks.signedBy ?? 'idp';
    const signed = signer === 'nobody' ? unsigned : signAssertion(unsigned, signer === 'idp' ? this.keys : this.otherKeys);
    const xml = tweaks.tamper ? tweaks.tamper(signed) : signed;
    return { acsUrl: request.acsUrl, SAMLResponse: Buffer.from(xml, 'utf8').toString('base64'), RelayState: request.relayState, xml };
  }

  /** The page real IdPs send back: a form posting the response to the SP, submitted by script (a button without it). */
  private formPage(answer: SamlAnswer): string {
    return `<!doctype html><html><head><title>Test IdP</title></head><body>
<form id="saml" method="post" action="${escapeXml(answer.acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeXml(answer.SAMLResponse)}">
<input type="hidden" name="RelayState" value="${escapeXml(answer.RelayState)}">
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('saml').submit();</script>
</body></html>`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

/** Reads the hidden fields of an IdP's auto-submitting form, as a browser would submit them. */
export function formFields(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]!] = match[2]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}

/** Warble's environment for SAML sign-in through this IdP: `uid` is the user name, `warble-admins` the admin group. */
export function samlTestEnv(idp: TestSamlIdp, publicUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WARBLE_PUBLIC_URL: publicUrl,
    WARBLE_AUTH_SAML_ENABLED: 'true',
    WARBLE_AUTH_SAML_DISPLAY_NAME: 'Sign in with Contoso',
    WARBLE_AUTH_SAML_IDP_METADATA_URL: idp.metadataUrl,
    WARBLE_AUTH_SAML_USERNAME_ATTRIBUTE: 'uid',
    WARBLE_AUTH_SAML_ADMIN_GROUP: 'warble-admins',
    ...extra,
  };
}

/** Carol, in Engineering and the admin group, as the IdP releases her. */
export const CAROL: SamlTestUser = {
  nameId: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
  attributes: { uid: 'carol', email: 'carol@corp.example', displayName: 'Carol Cooper', groups: ['Engineering', 'warble-admins'] },
};
