/**
 * Mastodon's Relationship entity (https://docs.joinmastodon.org/entities/Relationship/).
 * Warble has no blocks, mutes, follow requests or endorsements, so those are
 * always false; reposts of followed people are always shown.
 */
import type { RelationshipFacts } from '../services/social/relationships.js';

export interface ApiRelationship {
  id: string;
  following: boolean;
  showing_reblogs: boolean;
  notifying: boolean;
  languages: null;
  followed_by: boolean;
  blocking: false;
  blocked_by: false;
  muting: false;
  muting_notifications: false;
  requested: false;
  requested_by: false;
  domain_blocking: false;
  endorsed: false;
  note: '';
}

export function toApiRelationship(facts: RelationshipFacts): ApiRelationship {
  return {
    id: facts.id,
    following: facts.following,
    showing_reblogs: facts.following,
    notifying: false,
    languages: null,
    followed_by: facts.followedBy,
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested: false,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: '',
  };
}
