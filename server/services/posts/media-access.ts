/**
 * Who may fetch an attachment's bytes (GET /media/:id and /media/:id/preview):
 * before it is attached, only the person who uploaded it; afterwards, exactly
 * the people who may see its post (so a deleted post, a private group's file
 * or a direct message's attachment is a 404 for everyone else).
 */
import type { Models } from '../../db/models/index.js';
import type { AttachmentModel } from '../../db/models/attachment.js';
import { activeViewer, type ViewerContext } from '../../domain/visibility/index.js';
import type { MediaStorage, StoredObject } from '../../storage/media-storage.js';
import type { StatusPresenter } from './status-presenter.js';

export interface MediaFile {
  attachment: AttachmentModel;
  object: StoredObject;
  contentType: string;
}

export class MediaAccess {
  constructor(
    private readonly models: Models,
    private readonly statuses: StatusPresenter,
    private readonly storage: MediaStorage,
  ) {}

  /** The attachment if `viewer` may see it, else null. */
  async viewable(attachmentId: string, viewer: ViewerContext): Promise<AttachmentModel | null> {
    const person = activeViewer(viewer);
    if (!person) return null;
    const attachment = await this.models.Attachment.findByPk(attachmentId);
    if (!attachment) return null;
    if (attachment.postId === null) return attachment.ownerId === person.id ? attachment : null;
    return (await this.statuses.visibleIds([attachment.postId], viewer)).length > 0 ? attachment : null;
  }

  /** The original file, or its WebP preview, for a viewer allowed to see it; null otherwise. */
  async open(attachmentId: string, viewer: ViewerContext, variant: 'original' | 'preview'): Promise<MediaFile | null> {
    const attachment = await this.viewable(attachmentId, viewer);
    if (!attachment) return null;
    const key = variant === 'original' ? attachment.storageKey : attachment.previewKey;
    if (!key) return null;
    const object = await this.storage.get(key);
    if (!object) return null;
    return { attachment, object, contentType: variant === 'original' ? attachment.contentType : 'image/webp' };
  }

  /** One's own upload (GET /api/v1/media/:id), attached or not. */
  async own(attachmentId: string, viewer: ViewerContext): Promise<AttachmentModel | null> {
    const person = activeViewer(viewer);
    const attachment = await this.models.Attachment.findByPk(attachmentId);
    return attachment && person && attachment.ownerId === person.id ? attachment : null;
  }
}
