/** What Warble accepts as a mail address to send to. Pure rules. */
import { validationError } from './errors.js';

// Deliberately loose (RFC 5322 allows far more): one @, a dot in the domain, no spaces or angle brackets.
const EMAIL_PATTERN = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** Trimmed and lower-cased (logins by mail are case-insensitive); refuses what cannot be a mailbox. */
export function normaliseEmail(raw: string, field = 'email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 320 || !EMAIL_PATTERN.test(email)) throw validationError(field, 'Enter a mail address such as name@example.com');
  return email;
}
