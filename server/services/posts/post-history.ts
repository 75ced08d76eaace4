/**
 * What a post said before (GET /api/v1/statuses/:id/history, every version
 * oldest first, the current one last) and its editable source
 * (GET /api/v1/statuses/:id/source). Only for people who may see the post.
 */
import type { Models } from '../../db/models/index.js';
import type { PostReadRepository } from '../../db/repositories/post-read-repository.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import { toApiStatusEdit, toApiStatusSource, type ApiStatusEdit, type ApiStatusSource } from '../../serializers/status-edit.js';
import type { StatusPresenter } from './status-presenter.js';

export class PostHistoryService {
  constructor(
    private readonly models: Models,
    private readonly posts: PostReadRepository,
    private readonly statuses: StatusPresenter,
  ) {}

  /** null when the viewer may not see the post (the route answers 404). */
  async history(postId: string, viewer: ViewerContext, baseUrl: string): Promise<ApiStatusEdit[] | null> {
    const status = await this.statuses.presentOne(postId, viewer, baseUrl);
    const row = (await this.posts.postsByIds([postId])).get(postId);
    if (!status || !row || row.repostOfId) return null;
    const edits = await this.models.PostEdit.findAll({ where: { postId }, order: [['id', 'ASC']] });
    const versions = [
      ...edits.map((edit) => ({ text: edit.text, createdAt: edit.createdAt })),
      { text: row.text, createdAt: row.editedAt ?? row.createdAt },
    ];
    const shared = {
      account: status.account,
      knownUsernames: new Set(status.mentions.map((mention) => mention.username)),
      mediaAttachments: status.media_attachments,
      baseUrl,
    };
    return versions.map((version) => toApiStatusEdit(version, shared));
  }

  async source(postId: string, viewer: ViewerContext): Promise<ApiStatusSource | null> {
    if ((await this.statuses.visibleIds([postId], viewer)).length === 0) return null;
    const row = (await this.posts.postsByIds([postId])).get(postId);
    return row && !row.repostOfId ? toApiStatusSource(row) : null;
  }
}
