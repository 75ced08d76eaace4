/** Mastodon's Tag entity (https://docs.joinmastodon.org/entities/Tag/), with the viewer's `following`. */

export interface ApiTag {
  name: string;
  url: string;
  history: [];
  following: boolean;
}

/** `tag` is already normalised; `baseUrl` has no trailing slash. */
export function toApiTag(tag: string, following: boolean, baseUrl: string): ApiTag {
  return { name: tag, url: `${baseUrl}/tags/${encodeURIComponent(tag)}`, history: [], following };
}
