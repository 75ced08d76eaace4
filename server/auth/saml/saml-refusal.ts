/**
 * A SAML response Warble will not accept. `reason` is a short stable word
 * for the audit log, metrics and tests; the message (for the log, never
 * shown to the person: it may echo what an attacker sent) says what was wrong.
 */
export type SamlRefusalReason =
  | 'missing'
  | 'malformed'
  | 'signature'
  | 'audience'
  | 'expired'
  | 'in-response-to'
  | 'replay'
  | 'recipient'
  | 'destination'
  | 'issuer'
  | 'subject'
  | 'idp-status'
  | 'unavailable';

export class SamlRefusal extends Error {
  override readonly name = 'SamlRefusal';
  constructor(
    readonly reason: SamlRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/** Sorts node-saml's error messages (it has no error codes) into refusal reasons. */
export function refusalFromLibrary(error: unknown): SamlRefusal {
  if (error instanceof SamlRefusal) return error;
  const message = error instanceof Error ? error.message : String(error);
  const rules: [RegExp, SamlRefusalReason][] = [
    [/signature/i, 'signature'],
    [/audience/i, 'audience'],
    [/expired|not yet valid|no valid subject confirmation/i, 'expired'],
    [/InResponseTo/i, 'in-response-to'],
    [/provider returned|status code/i, 'idp-status'],
    [/missing saml assertion|unknown saml response|multiple|xml|invalid .*content/i, 'malformed'],
  ];
  const reason = rules.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed';
  return new SamlRefusal(reason, message);
}
