/**
 * Reply addresses of notification mails: `reply+<token>@<incoming domain>`.
 *
 * The token is 20 random bytes in hex (40 characters: the local part stays
 * far under the 64 RFC 5321 allows, and survives relays that fold case). It
 * is bound to one person and one post by its row in mail_reply_tokens, which
 * keeps only its SHA-256: unguessable like a signature, and revocable. A
 * reply that resolves its token still goes through every rule of posting
 * (visibility, filters, length, limits) as that person.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { MailReplyTokenRepository } from '../../db/repositories/mail-reply-token-repository.js';

const TOKEN_PATTERN = /^[0-9a-f]{40}$/;
const LOCAL_PART_PATTERN = /^reply\+([0-9a-f]{40})$/;
/** Long enough to answer a mail found after a holiday; short enough that old mails stop being keys. */
export const REPLY_TOKEN_TTL_MS = 90 * 24 * 3_600_000;

export type ResolvedReplyToken =
  | { ok: true; userId: string; postId: string }
  | { ok: false; reason: 'unknown' | 'expired' };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class MailReplyAddresses {
  constructor(
    private readonly tokens: MailReplyTokenRepository,
    /** mail.incoming.domain, e.g. warble.example.com. */
    private readonly domain: string,
  ) {}

  /** A new reply address for `userId` answering `postId`. */
  async issue(userId: string, postId: string, now: Date = new Date()): Promise<string> {
    const token = randomBytes(20).toString('hex');
    await this.tokens.insert(hashToken(token), userId, postId, now, new Date(now.getTime() + REPLY_TOKEN_TTL_MS));
    return `reply+${token}@${this.domain}`;
  }

  /** Who a token lets reply to what; `unknown` for a forged, altered or purged token. */
  async resolve(token: string, now: Date = new Date()): Promise<ResolvedReplyToken> {
    const normalised = token.toLowerCase();
    if (!TOKEN_PATTERN.test(normalised)) return { ok: false, reason: 'unknown' };
    const stored = await this.tokens.find(hashToken(normalised));
    if (!stored) return { ok: false, reason: 'unknown' };
    if (stored.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, userId: stored.userId, postId: stored.postId };
  }
}

/**
 * The token of a recipient address when it is one of our reply addresses
 * (`reply+<token>@<domain>`, domain compared without case), else null.
 */
export function replyTokenOf(address: string, domain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const match = LOCAL_PART_PATTERN.exec(address.slice(0, at).toLowerCase());
  return match ? match[1]! : null;
}
