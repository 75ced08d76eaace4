/**
 * Recognises the image formats Warble serves as profile photos, from their
 * first bytes. Anything else is not served: a directory attribute must never
 * become an HTML or SVG response under Warble's origin.
 */
import { createHash } from 'node:crypto';

/** Larger photos are ignored (AD limits thumbnailPhoto to 100 KB; this leaves room for jpegPhoto). */
export const MAX_PHOTO_BYTES = 512 * 1024;

const SIGNATURES: Array<{ type: string; bytes: number[] }> = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
];

/** The image content type of `data`, or null when it is not a JPEG, PNG or GIF. */
export function photoContentType(data: Buffer): string | null {
  for (const { type, bytes } of SIGNATURES) {
    if (data.length >= bytes.length && bytes.every((byte, index) => data[index] === byte)) return type;
  }
  return null;
}

/** Stable identifier of the photo's bytes, used as the HTTP ETag. */
export function photoEtag(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 32);
}
