/**
 * What one digest holds, as plain data the mail templates read: every text
 * is the person's own words (escaped by the HTML template), every link is
 * absolute.
 */

/** A post shown in a digest: a mention, a message or a popular group post. */
export interface DigestPost {
  id: string;
  authorName: string;
  authorUsername: string;
  /** The start of the text, whitespace collapsed. */
  excerpt: string;
  url: string;
  createdAt: Date;
  /** Popular posts: the group it was posted in. */
  groupName?: string;
  /** Popular posts: likes + reposts + replies. */
  engagement?: number;
}

export interface DigestAnnouncement {
  id: string;
  authorName: string;
  excerpt: string;
  url: string;
  publishedAt: Date;
}

export interface DigestContent {
  mentions: DigestPost[];
  messages: DigestPost[];
  announcements: DigestAnnouncement[];
  popular: DigestPost[];
}

/** A digest with nothing in it is never sent. */
export function isEmptyDigest(content: DigestContent): boolean {
  return content.mentions.length + content.messages.length + content.announcements.length + content.popular.length === 0;
}

const EXCERPT_LENGTH = 280;

/** The first ~280 characters of a text on one line, cut at a character boundary. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const characters = [...flat];
  return characters.length <= EXCERPT_LENGTH ? flat : `${characters.slice(0, EXCERPT_LENGTH - 1).join('').trimEnd()}…`;
}
