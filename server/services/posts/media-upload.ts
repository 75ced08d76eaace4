/**
 * Uploading an attachment (POST /api/v2/media): checks the size and type
 * against the configuration, checks that an "image" really is one, stores
 * the bytes through MediaStorage, makes a small WebP preview with the
 * image's dimensions, and records the upload as the person's own, not yet
 * attached to any post.
 */
import type { Sequelize } from 'sequelize';
import type { EventPublisher } from '../events.js';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Models } from '../../db/models/index.js';
import type { AttachmentModel } from '../../db/models/attachment.js';
import { DomainError, validationError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { ViewerContext } from '../../domain/visibility/index.js';
import type { MediaStorage } from '../../storage/media-storage.js';
import { actingUser } from './post-access.js';

export const MAX_DESCRIPTION_LENGTH = 1500;
/** Previews fit in this square (Mastodon's "small" size is similar). */
export const PREVIEW_SIZE = 400;

/** The image formats sharp can check and preview, by MIME type. */
const IMAGE_FORMATS: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** For uploads whose browser sent no useful type. */
const TYPES_BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export interface UploadedFile {
  /** A temporary file holding the upload; the caller removes it afterwards. */
  path: string;
  declaredType: string;
  originalName: string;
  sizeBytes: number;
}

export interface MediaLimits {
  maxBytes: number;
  allowedTypes: readonly string[];
}

export const mediaTooLarge = (maxBytes: number) =>
  new DomainError('E_MEDIA_TOO_LARGE', `The file is larger than ${Math.floor(maxBytes / 1024)} KB`, 413, 'file');

export class MediaUploadService {
  constructor(
    private readonly models: Models,
    private readonly storage: MediaStorage,
    private readonly limits: () => MediaLimits,
    /** A described attachment already shown with a post is told (`attachment.changed`), in the write's transaction. */
    private readonly writes: { sequelize: Sequelize; events: Pick<EventPublisher, 'record'> },
  ) {}

  async upload(actor: ViewerContext, file: UploadedFile, description: string | null): Promise<AttachmentModel> {
    const owner = actingUser(actor);
    const { maxBytes, allowedTypes } = this.limits();
    if (file.sizeBytes > maxBytes) throw mediaTooLarge(maxBytes);
    if (file.sizeBytes === 0) throw validationError('file', 'The file is empty');
    const text = checkedDescription(description);
    let contentType = contentTypeOf(file);
    if (!allowedTypes.includes(contentType)) {
      throw new DomainError('E_MEDIA_TYPE_NOT_ALLOWED', `Files of type ${contentType} cannot be attached`, 422, 'file');
    }
    const id = newId();
    const image = IMAGE_FORMATS[contentType] ? await inspectImage(file.path, contentType) : null;
    if (image) contentType = image.contentType;
    const storageKey = `originals/${id.slice(-2)}/${id}`;
    const previewKey = image ? `previews/${id.slice(-2)}/${id}.webp` : null;
    // Photos carry EXIF: camera, time and often GPS position. Originals are
    // re-encoded without it (orientation applied first so they stay upright).
    const cleaned = image ? await withoutMetadata(file.path, contentType) : null;
    await this.storage.put(storageKey, cleaned ? Readable.from([cleaned]) : createReadStream(file.path));
    try {
      if (image && previewKey) await this.storage.put(previewKey, Readable.from([await previewOf(file.path)]));
      return await this.models.Attachment.create({
        id,
        ownerId: owner.id,
        postId: null,
        kind: image ? 'image' : 'file',
        contentType,
        fileName: safeFileName(file.originalName),
        sizeBytes: cleaned?.length ?? file.sizeBytes,
        storageKey,
        previewKey,
        width: image?.width ?? null,
        height: image?.height ?? null,
        description: text,
      });
    } catch (error) {
      await Promise.allSettled([this.storage.delete(storageKey), previewKey ? this.storage.delete(previewKey) : null]);
      throw error;
    }
  }

  /** Changes the description of one's own upload (PUT /api/v1/media/:id). */
  async describe(actor: ViewerContext, attachmentId: string, description: string | null): Promise<AttachmentModel | null> {
    const owner = actingUser(actor);
    const attachment = await this.models.Attachment.findByPk(attachmentId);
    if (!attachment || attachment.ownerId !== owner.id) return null;
    const checked = checkedDescription(description);
    return this.writes.sequelize.transaction(async (transaction) => {
      await attachment.update({ description: checked }, { transaction });
      if (attachment.postId) await this.writes.events.record(transaction, 'attachment.changed', { attachmentId: attachment.id, postId: attachment.postId });
      return attachment;
    });
  }
}

function checkedDescription(description: string | null): string | null {
  const text = description?.trim() ?? '';
  if (text.length > MAX_DESCRIPTION_LENGTH) throw validationError('description', `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters`);
  return text === '' ? null : text;
}

function contentTypeOf(file: UploadedFile): string {
  const declared = (file.declaredType.split(';')[0] ?? '').trim().toLowerCase();
  if (declared !== '' && declared !== 'application/octet-stream') return declared;
  return TYPES_BY_EXTENSION[path.extname(file.originalName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Decodes the header to prove the bytes are an image of an allowed format
 * (so HTML labelled image/png is refused), and reads its displayed size.
 */
async function inspectImage(file: string, declaredType: string): Promise<{ contentType: string; width: number; height: number }> {
  let metadata: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    metadata = await sharp(file).metadata();
  } catch {
    throw new DomainError('E_MEDIA_INVALID', 'The file is not a readable image', 422, 'file');
  }
  const actual = Object.entries(IMAGE_FORMATS).find(([, format]) => format === metadata.format)?.[0];
  if (!actual || !metadata.width || !metadata.height) {
    throw new DomainError('E_MEDIA_INVALID', `The file is not a ${declaredType} image`, 422, 'file');
  }
  // EXIF orientations 5-8 are rotated a quarter turn: the displayed width is the stored height.
  const turned = (metadata.orientation ?? 1) >= 5;
  return { contentType: actual, width: turned ? metadata.height : metadata.width, height: turned ? metadata.width : metadata.height };
}

/** The image re-encoded in its own format without metadata; animations keep every frame. */
async function withoutMetadata(file: string, contentType: string): Promise<Buffer> {
  const mayBeAnimated = contentType === 'image/gif' || contentType === 'image/webp';
  return mayBeAnimated ? sharp(file, { animated: true }).toBuffer() : sharp(file).rotate().toBuffer();
}

async function previewOf(file: string): Promise<Buffer> {
  return sharp(file)
    .rotate()
    .resize({ width: PREVIEW_SIZE, height: PREVIEW_SIZE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
}

/** The name shown on download: no path, no control characters, at most 255 characters. */
function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\p{Cc}\p{Cf}"]/gu, '').trim();
  return (base === '' ? 'file' : base).slice(0, 255);
}
