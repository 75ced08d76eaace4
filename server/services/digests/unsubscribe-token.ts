/**
 * The one-click unsubscribe token of a digest mail: the person's id and an
 * HMAC bound to that id and to this purpose, keyed by the session secret.
 * It needs no expiry (unsubscribing is harmless and the link must keep
 * working in an old mail) and no storage; a forged or altered token fails
 * the constant-time comparison.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isId } from '../../domain/ids.js';

const PURPOSE = 'warble:digest-unsubscribe:v1';

function mac(secret: string, userId: string): Buffer {
  // A key of its own for this purpose, so the token can never be replayed as another signed value.
  const key = createHmac('sha256', secret).update(PURPOSE).digest();
  return createHmac('sha256', key).update(userId).digest();
}

export function unsubscribeToken(secret: string, userId: string): string {
  return `${userId}.${mac(secret, userId).toString('base64url')}`;
}

/** The person's id when the token is genuine, else null. */
export function verifyUnsubscribeToken(secret: string, token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [userId, signature, extra] = token.split('.');
  if (extra !== undefined || !isId(userId) || !signature) return null;
  // Compared as text: decoding would ignore the spare bits of the last character, so two spellings would pass.
  const expected = Buffer.from(mac(secret, userId).toString('base64url'));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}
