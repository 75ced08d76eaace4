/**
 * Reads what Warble needs from an identity provider's SAML metadata: its
 * entity ID (the Issuer of its assertions), where to send people to sign in
 * (HTTP-Redirect binding) and the certificates its signatures verify with.
 * Parsed with xmldom, as node-saml itself does; a problem names what is missing.
 */
import { DOMParser } from '@xmldom/xmldom';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** The identity provider as Warble uses it. */
export interface IdpMetadata {
  entityId: string;
  /** Single sign-on URL for the HTTP-Redirect binding. */
  ssoUrl: string;
  /** Base64 DER certificates (no PEM armour) whose keys may sign assertions. */
  signingCertificates: string[];
  /** The IdP only accepts signed AuthnRequests. */
  wantsSignedRequests: boolean;
}

/** The metadata cannot be used; the message says why. */
export class IdpMetadataError extends Error {}

function parseXml(xml: string): Document {
  const problems: string[] = [];
  const document = new DOMParser({
    errorHandler: { error: (message: unknown) => problems.push(String(message)), fatalError: (message: unknown) => problems.push(String(message)) },
  }).parseFromString(xml, 'text/xml');
  if (problems.length > 0 || !document?.documentElement) {
    throw new IdpMetadataError(`not well-formed XML (${problems[0] ?? 'empty document'})`);
  }
  return document;
}

function children(parent: Element, namespace: string, localName: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(namespace, localName));
}

/** Signing certificates: KeyDescriptors marked `use="signing"` or unmarked (usable for both). */
function signingCertificates(descriptor: Element): string[] {
  return children(descriptor, MD, 'KeyDescriptor')
    .filter((key) => ['', 'signing'].includes(key.getAttribute('use') ?? ''))
    .flatMap((key) => children(key, DS, 'X509Certificate'))
    .map((node) => (node.textContent ?? '').replace(/\s+/g, ''))
    .filter((certificate) => certificate !== '');
}

/** Parses IdP metadata (an EntityDescriptor, or an EntitiesDescriptor holding exactly one IdP). */
export function parseIdpMetadata(xml: string): IdpMetadata {
  const document = parseXml(xml);
  const idpDescriptors = children(document.documentElement, MD, 'IDPSSODescriptor');
  if (document.documentElement.namespaceURI === MD && document.documentElement.localName === 'IDPSSODescriptor') {
    idpDescriptors.unshift(document.documentElement);
  }
  const [descriptor, ...others] = idpDescriptors;
  if (!descriptor) throw new IdpMetadataError('no IDPSSODescriptor: this is not identity provider metadata');
  if (others.length > 0) throw new IdpMetadataError(`${idpDescriptors.length} identity providers described; Warble needs the metadata of one`);
  const entity = descriptor.parentNode as Element | null;
  const entityId = entity?.getAttribute?.('entityID') ?? '';
  if (entityId === '') throw new IdpMetadataError('the EntityDescriptor has no entityID');
  const ssoUrl = children(descriptor, MD, 'SingleSignOnService').find((service) => service.getAttribute('Binding') === REDIRECT_BINDING)?.getAttribute('Location') ?? '';
  if (!/^https?:\/\//i.test(ssoUrl)) throw new IdpMetadataError('no SingleSignOnService with the HTTP-Redirect binding and an http(s) Location');
  const certificates = signingCertificates(descriptor);
  if (certificates.length === 0) throw new IdpMetadataError('no signing certificate (KeyDescriptor with an X509Certificate)');
  return { entityId, ssoUrl, signingCertificates: certificates, wantsSignedRequests: descriptor.getAttribute('WantAuthnRequestsSigned') === 'true' };
}
