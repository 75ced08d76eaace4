/**
 * Stream keys and room names. A stream key is what a client asks for
 * (`group:01J…`); rooms are where the fan-out emits:
 *
 * - `s:<key>` — the shared room of a stream, for posts every active
 *   colleague may see (company-visible). One emit, one serialization, for
 *   everyone subscribed, on every node.
 * - `p:<userId>:<key>` — one person's room for a stream: home,
 *   notifications, conversations, and restricted posts (private group,
 *   direct), which go only to the rooms of the people allowed to see them.
 * - `u:<userId>`, `sess:<hash>`, `tok:<tokenId>` — every socket of a person,
 *   of a browser session, of a token: for disconnecting them at once.
 */
import { createHash } from 'node:crypto';
import { normalizeHashtag } from '../domain/text/parse.js';

export type StreamKey =
  | 'home'
  | 'company'
  | 'notifications'
  | 'conversations'
  | `group:${string}`
  | `hashtag:${string}`
  | `profile:${string}`
  | `thread:${string}`
  /** An announcement's stats page (sender, administrators, communicators). */
  | `announcement:${string}`;

export type ParsedStream =
  | { kind: 'home' | 'company' | 'notifications' | 'conversations' }
  | { kind: 'group' | 'profile' | 'thread' | 'announcement'; id: string }
  | { kind: 'hashtag'; tag: string };

const ID = /^[0-9A-Za-z_-]{1,64}$/;

/** Parses a client's stream request; null when it is not a stream Warble knows. */
export function parseStream(value: unknown): ParsedStream | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  if (value === 'home' || value === 'company' || value === 'notifications' || value === 'conversations') return { kind: value };
  const colon = value.indexOf(':');
  if (colon < 0) return null;
  const kind = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  if (kind === 'hashtag') {
    const tag = normalizeHashtag(rest.replace(/^#/, ''));
    return tag ? { kind, tag } : null;
  }
  if ((kind === 'group' || kind === 'profile' || kind === 'thread' || kind === 'announcement') && ID.test(rest)) return { kind, id: rest };
  return null;
}

export function streamKey(stream: ParsedStream): StreamKey {
  switch (stream.kind) {
    case 'hashtag':
      return `hashtag:${stream.tag}`;
    case 'group':
    case 'profile':
    case 'thread':
    case 'announcement':
      return `${stream.kind}:${stream.id}`;
    default:
      return stream.kind;
  }
}

export const sharedRoom = (key: StreamKey): string => `s:${key}`;
export const personalRoom = (userId: string, key: StreamKey): string => `p:${userId}:${key}`;
export const userRoom = (userId: string): string => `u:${userId}`;
export const tokenRoom = (tokenId: string): string => `tok:${tokenId}`;
/** Session ids are credentials: rooms (which travel through Redis) carry a hash. */
export const sessionRoom = (sessionKey: string): string =>
  `sess:${createHash('sha256').update(sessionKey).digest('base64url').slice(0, 22)}`;
