/** Mastodon's Conversation entity (https://docs.joinmastodon.org/entities/Conversation/). */
import type { ApiStatus } from './status.js';

export interface ApiConversation {
  id: string;
  unread: boolean;
  /** The other participants (not the viewer). */
  accounts: object[];
  /** Null when the newest message is no longer visible to the viewer (deleted, hidden). */
  last_status: ApiStatus | null;
}

export function toApiConversation(input: { id: string; unread: boolean; accounts: object[]; lastStatus: ApiStatus | null }): ApiConversation {
  return { id: input.id, unread: input.unread, accounts: input.accounts, last_status: input.lastStatus };
}
