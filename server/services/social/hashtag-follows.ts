/**
 * Following hashtags: the tags whose posts reach a person's home timeline.
 * Names are stored normalised (see `normalizeHashtag`) so `#Launch` and
 * `#launch` are one topic, and must be what a post could actually tag.
 */
import { UniqueConstraintError } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { HashtagFollowModel } from '../../db/models/hashtag-follow.js';
import { validationError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { normalizeHashtag } from '../../domain/text/index.js';
import { idOrder, idRange, newestFirstBy, type IdPage } from '../../db/id-page.js';

/** The width of post_hashtags.tag and hashtag_follows.tag. */
export const MAX_TAG_LENGTH = 100;

/** Same characters the post parser accepts in a `#tag`, and at least one letter. */
const TAG_RE = /^[\p{L}\p{N}\p{M}_]+$/u;
const HAS_LETTER_RE = /\p{L}/u;

/** The canonical tag for a name typed by a client (`#Été`, `été`), or 422 naming `name`. */
export function tagNameOrThrow(raw: string): string {
  const tag = normalizeHashtag(raw.trim());
  if (tag === '' || tag.length > MAX_TAG_LENGTH || !TAG_RE.test(tag) || !HAS_LETTER_RE.test(tag)) {
    throw validationError('name', 'A hashtag is letters, digits and underscores, with at least one letter');
  }
  return tag;
}

export class HashtagFollowService {
  constructor(private readonly models: Models) {}

  async isFollowing(userId: string, tag: string): Promise<boolean> {
    return (await this.models.HashtagFollow.count({ where: { userId, tag } })) > 0;
  }

  /** Idempotent: following a followed tag changes nothing. */
  async follow(userId: string, tag: string): Promise<void> {
    if (await this.isFollowing(userId, tag)) return;
    try {
      await this.models.HashtagFollow.create({ id: newId(), userId, tag });
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
  }

  async unfollow(userId: string, tag: string): Promise<void> {
    await this.models.HashtagFollow.destroy({ where: { userId, tag } });
  }

  /** The person's followed tags, most recently followed first, paged by the follow row's id. */
  async list(userId: string, page: IdPage): Promise<HashtagFollowModel[]> {
    const range = idRange(page);
    const rows = await this.models.HashtagFollow.findAll({
      where: { userId, ...(range ? { id: range } : {}) },
      order: [['id', idOrder(page)]],
      limit: page.limit,
    });
    return newestFirstBy(rows, (row) => row.id);
  }
}
