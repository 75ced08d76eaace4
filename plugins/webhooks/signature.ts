/** X-Warble-Signature: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, so a captured delivery cannot be replayed later with a new timestamp. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time comparison. */
export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
