/** An upload -> Mastodon `MediaAttachment`, for the media endpoints (statuses embed theirs through status.ts). */
import type { AttachmentModel } from '../db/models/attachment.js';
import { toApiMediaAttachment, type ApiMediaAttachment } from './status.js';

export function toApiUpload(attachment: AttachmentModel, baseUrl: string): ApiMediaAttachment {
  return toApiMediaAttachment(
    {
      id: attachment.id,
      postId: attachment.postId ?? '',
      kind: attachment.kind,
      contentType: attachment.contentType,
      fileName: attachment.fileName,
      sizeBytes: attachment.sizeBytes,
      previewKey: attachment.previewKey,
      width: attachment.width,
      height: attachment.height,
      description: attachment.description,
    },
    baseUrl,
  );
}
