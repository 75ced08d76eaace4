/**
 * Gathers what one person missed in a window [since, until): unread
 * mentions, unread direct messages, announcements they have not
 * acknowledged and the most engaged posts of their groups. Windows are id
 * ranges (ids are time-ordered ULIDs), so consecutive digests neither
 * repeat nor miss anything. Every post goes through the StatusPresenter:
 * the visibility rules decide what a mail may show, as they do for pages.
 */
import { Op, type Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import type { UserModel } from '../../db/models/user.js';
import { firstIdAt } from '../../domain/ids.js';
import { isFullMembership, type ViewerContext } from '../../domain/visibility/index.js';
import type { ApiStatus } from '../../serializers/status.js';
import type { StatusPresenter } from '../posts/status-presenter.js';
import { loadViewerContext } from '../viewer-context-loader.js';
import { excerptOf, type DigestContent, type DigestPost } from './digest-content.js';

/** The announcements feature's read side, as the digest uses it (server/services/announcements). */
export interface AnnouncementSource {
  pendingFor(userId: string): Promise<Array<{ id: string; text: string; authorName: string; publishedAt: Date }>>;
}

export interface DigestWindow {
  since: Date;
  until: Date;
}

/** At most this many items per section: a digest is a summary with links, not an archive. */
const SECTION_LIMIT = 10;
/** The most engaged group posts shown. */
const POPULAR_LIMIT = 5;

interface AccountLike {
  display_name?: string;
  username?: string;
}

export class DigestCollector {
  constructor(
    private readonly deps: {
      sequelize: Sequelize;
      models: Models;
      statuses: StatusPresenter;
      /** Absent until the announcements feature is wired (then its pending list is included). */
      announcements: () => AnnouncementSource | null;
    },
  ) {}

  async collect(user: UserModel, window: DigestWindow, baseUrl: string): Promise<DigestContent> {
    const viewer = await loadViewerContext(this.deps.models, user);
    const ids = { gte: firstIdAt(window.since), lt: firstIdAt(window.until) };
    const [mentions, messages, announcements, popular] = await Promise.all([
      this.mentions(user.id, ids, viewer, baseUrl),
      this.messages(user.id, ids, viewer, baseUrl),
      this.announcements(user.id, window, baseUrl),
      this.popular(user.id, ids, viewer, baseUrl),
    ]);
    const shown = new Set([...mentions, ...messages].map((post) => post.id));
    return { mentions, messages, announcements, popular: popular.filter((post) => !shown.has(post.id)) };
  }

  /** Unread mention notifications of the window; mentions in direct messages are listed as messages instead. */
  private async mentions(userId: string, ids: IdRange, viewer: ViewerContext, baseUrl: string): Promise<DigestPost[]> {
    const rows = await this.deps.models.Notification.findAll({
      where: { recipientId: userId, type: 'mention', readAt: null, postId: { [Op.ne]: null }, id: { [Op.gte]: ids.gte, [Op.lt]: ids.lt } },
      order: [['id', 'DESC']],
      limit: SECTION_LIMIT * 2,
      attributes: ['postId'],
    });
    const posts = await this.present(unique(rows.map((row) => row.postId!)), viewer, baseUrl);
    return posts.filter((post) => post.visibility !== 'direct').slice(0, SECTION_LIMIT).map((post) => post.view);
  }

  /** Messages from others in the person's unread conversations, written within the window. */
  private async messages(userId: string, ids: IdRange, viewer: ViewerContext, baseUrl: string): Promise<DigestPost[]> {
    const unread = await this.deps.models.ConversationParticipant.findAll({ where: { userId, unread: true }, attributes: ['conversationId'] });
    if (unread.length === 0) return [];
    const rows = await this.deps.models.Post.findAll({
      where: {
        conversationId: { [Op.in]: unread.map((row) => row.conversationId) },
        authorId: { [Op.ne]: userId },
        deletedAt: null,
        id: { [Op.gte]: ids.gte, [Op.lt]: ids.lt },
      },
      order: [['id', 'DESC']],
      limit: SECTION_LIMIT,
      attributes: ['id'],
    });
    return (await this.present(rows.map((row) => row.id), viewer, baseUrl)).map((post) => post.view);
  }

  /** Announcements still to acknowledge that were published within the window (older ones were in an earlier digest). */
  private async announcements(userId: string, window: DigestWindow, baseUrl: string): Promise<DigestContent['announcements']> {
    const source = this.deps.announcements();
    if (!source) return [];
    const pending = await source.pendingFor(userId);
    return pending
      .filter((entry) => entry.publishedAt >= window.since && entry.publishedAt < window.until)
      .slice(0, SECTION_LIMIT)
      .map((entry) => ({ id: entry.id, authorName: entry.authorName, excerpt: excerptOf(entry.text), url: `${baseUrl}/`, publishedAt: entry.publishedAt }));
  }

  /** The window's most engaged posts (likes + reposts + replies) in the groups the person belongs to, by others. */
  private async popular(userId: string, ids: IdRange, viewer: ViewerContext, baseUrl: string): Promise<DigestPost[]> {
    const groupIds = [...viewer.memberships.entries()].filter(([, state]) => isFullMembership(state)).map(([id]) => id);
    if (groupIds.length === 0) return [];
    const { sequelize } = this.deps;
    const engagement = sequelize.literal('(likes_count + reposts_count + replies_count)');
    const rows = await this.deps.models.Post.findAll({
      where: {
        [Op.and]: [
          {
            groupId: { [Op.in]: groupIds },
            authorId: { [Op.ne]: userId },
            repostOfId: null,
            deletedAt: null,
            hiddenAt: null,
            id: { [Op.gte]: ids.gte, [Op.lt]: ids.lt },
          },
          sequelize.where(engagement, Op.gt, 0),
        ],
      },
      order: [[engagement, 'DESC'], ['id', 'DESC']],
      limit: POPULAR_LIMIT,
      attributes: ['id', 'likesCount', 'repostsCount', 'repliesCount'],
    });
    const score = new Map(rows.map((row) => [row.id, row.likesCount + row.repostsCount + row.repliesCount]));
    const posts = await this.present(rows.map((row) => row.id), viewer, baseUrl);
    return posts.map((post) => ({ ...post.view, engagement: score.get(post.view.id) ?? 0 }));
  }

  /** Visible posts in the given order, with their text, author and absolute link. */
  private async present(ids: string[], viewer: ViewerContext, baseUrl: string): Promise<Array<{ view: DigestPost; visibility: string }>> {
    if (ids.length === 0) return [];
    const [statuses, texts] = await Promise.all([
      this.deps.statuses.present(ids, viewer, baseUrl),
      this.deps.models.Post.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'text'] }),
    ]);
    const textById = new Map(texts.map((row) => [row.id, row.text]));
    return statuses.map((status: ApiStatus) => {
      const account = status.account as AccountLike;
      return {
        visibility: status.visibility,
        view: {
          id: status.id,
          authorName: account.display_name ?? account.username ?? '',
          authorUsername: account.username ?? '',
          excerpt: excerptOf(textById.get(status.id) ?? ''),
          url: status.url,
          createdAt: new Date(status.created_at),
          ...(status.warble.group ? { groupName: status.warble.group.name } : {}),
        },
      };
    });
  }
}

interface IdRange {
  gte: string;
  lt: string;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
