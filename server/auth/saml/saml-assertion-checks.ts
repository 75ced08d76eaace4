/**
 * The checks node-saml leaves to its caller, run on an assertion whose
 * signature node-saml has verified: who issued it, that it was addressed to
 * this ACS (Recipient, and the Response's Destination), that its subject is
 * a stable NameID, and until when it must be remembered against replays.
 */
import { DOMParser } from '@xmldom/xmldom';
import { SamlRefusal } from './saml-refusal.js';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

/** An element as node-saml's xml2js parse gives it (prefixes stripped, text in `_`, attributes in `$`). */
interface XmlNode {
  _?: string;
  $?: Record<string, string>;
  [child: string]: XmlNode[] | string | Record<string, string> | undefined;
}

function child(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

/** What the checks found, for the account link and the replay record. */
export interface CheckedAssertion {
  assertionId: string;
  issuer: string;
  nameId: string;
  /** The assertion is dead after this instant (the latest NotOnOrAfter it carries). */
  validUntil: Date;
}

export interface AssertionExpectations {
  idpEntityId: string;
  acsUrl: string;
  clockSkewMs: number;
}

/** The Response's Destination, which is outside the signed assertion but must still name this ACS when present. */
export function checkDestination(responseXml: string, acsUrl: string): void {
  const root = new DOMParser().parseFromString(responseXml, 'text/xml').documentElement;
  const destination = root?.getAttribute('Destination') ?? '';
  if (destination !== '' && destination !== acsUrl) throw new SamlRefusal('destination', `the response is addressed to ${destination}, not ${acsUrl}`);
}

/** Checks a verified assertion (`profile.getAssertion()` of node-saml) against what this SP expects. */
export function checkAssertion(parsed: unknown, expected: AssertionExpectations, now: number = Date.now()): CheckedAssertion {
  const assertion = (parsed as { Assertion?: XmlNode }).Assertion;
  if (!assertion) throw new SamlRefusal('malformed', 'no assertion');
  const assertionId = assertion.$?.ID ?? '';
  if (assertionId === '') throw new SamlRefusal('malformed', 'the assertion has no ID');
  const issuer = child(assertion, 'Issuer')[0]?._?.trim() ?? '';
  if (issuer !== expected.idpEntityId) throw new SamlRefusal('issuer', `issued by "${issuer}", not by the configured IdP "${expected.idpEntityId}"`);
  const subject = child(assertion, 'Subject')[0];
  const nameIdNode = child(subject, 'NameID')[0];
  const nameId = nameIdNode?._?.trim() ?? '';
  if (nameId === '') throw new SamlRefusal('subject', 'the assertion has no NameID');
  if (nameIdNode?.$?.Format === TRANSIENT) throw new SamlRefusal('subject', 'a transient NameID changes at every sign-in and cannot identify an account');
  // SAML web browser SSO profile: a bearer confirmation naming this ACS as Recipient, not yet expired.
  const addressedHere = child(subject, 'SubjectConfirmation')
    .filter((confirmation) => confirmation.$?.Method === BEARER)
    .flatMap((confirmation) => child(confirmation, 'SubjectConfirmationData'))
    .filter((data) => data.$?.Recipient === expected.acsUrl);
  if (addressedHere.length === 0) throw new SamlRefusal('recipient', `no bearer subject confirmation with Recipient ${expected.acsUrl}`);
  const confirmationEnds = addressedHere.map((data) => Date.parse(data.$?.NotOnOrAfter ?? ''));
  if (confirmationEnds.some((end) => Number.isNaN(end))) throw new SamlRefusal('expired', 'a subject confirmation has no NotOnOrAfter');
  const lastEnd = Math.max(...confirmationEnds);
  if (now - expected.clockSkewMs >= lastEnd) throw new SamlRefusal('expired', 'the subject confirmation has expired');
  const conditionsEnd = Date.parse(child(assertion, 'Conditions')[0]?.$?.NotOnOrAfter ?? '');
  const validUntil = new Date(Math.max(lastEnd, Number.isNaN(conditionsEnd) ? 0 : conditionsEnd) + expected.clockSkewMs);
  return { assertionId, issuer, nameId, validUntil };
}
