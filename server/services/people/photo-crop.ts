/**
 * Turns an uploaded picture into a square profile photo with sharp: the crop
 * box the person chose in the browser, or without one (no JavaScript) the
 * largest centred square. The box is in the pixels of the picture as it is
 * shown, i.e. after its EXIF orientation, which is what a browser displays
 * and what the cropper measures.
 */
import sharp from 'sharp';
import { DomainError, validationError } from '../../domain/errors.js';

/** The largest upload accepted (a phone photo fits; the stored photo is far smaller). */
export const PHOTO_UPLOAD_MAX_BYTES = 8 * 1024 * 1024;
/** Refuses decompression bombs before decoding: 50 megapixels is beyond any camera photo people upload here. */
const MAX_INPUT_PIXELS = 50_000_000;
/** Side of the stored square, in pixels; a smaller box is kept at its own size. */
export const PHOTO_SIDE = 512;
/** The cropper rounds; a box this far past an edge is pulled back in rather than refused. */
const ROUNDING_SLACK = 2;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'gif', 'webp']);

/** A square in the oriented picture's pixels. */
export interface CropBox {
  x: number;
  y: number;
  size: number;
}

export const photoTypeRefused = () =>
  new DomainError('E_MEDIA_TYPE_NOT_ALLOWED', 'Choose a JPEG, PNG, GIF or WebP picture', 415, 'photo');

/** The box from form fields; all absent is null (centre crop), anything else must be whole numbers. */
export function cropBoxOf(fields: { x: string; y: string; size: string }): CropBox | null {
  if (fields.x === '' && fields.y === '' && fields.size === '') return null;
  const numbers = [fields.x, fields.y, fields.size].map((text) => (/^\d{1,6}(?:\.\d+)?$/.test(text.trim()) ? Math.round(Number(text)) : NaN));
  const [x, y, size] = numbers as [number, number, number];
  if (numbers.some(Number.isNaN) || size < 1) throw validationError('crop', 'The crop box must be whole numbers of pixels, its size at least 1');
  return { x, y, size };
}

function placedBox(box: CropBox | null, width: number, height: number): CropBox {
  if (!box) {
    const size = Math.min(width, height);
    return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
  }
  const overX = box.x + box.size - width;
  const overY = box.y + box.size - height;
  if (overX > ROUNDING_SLACK || overY > ROUNDING_SLACK) throw validationError('crop', 'The crop box must lie inside the picture');
  const size = Math.min(box.size, width, height);
  return { x: Math.min(box.x, width - size), y: Math.min(box.y, height - size), size };
}

/** A JPEG square of at most PHOTO_SIDE pixels; transparent parts become white. */
export async function squarePhoto(upload: Buffer, box: CropBox | null): Promise<{ contentType: 'image/jpeg'; data: Buffer }> {
  const open = () => sharp(upload, { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true, failOn: 'error' });
  let width: number;
  let height: number;
  try {
    const metadata = await open().metadata();
    if (!ACCEPTED_FORMATS.has(metadata.format)) throw photoTypeRefused();
    ({ width, height } = metadata.autoOrient);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw photoTypeRefused();
  }
  if (width * height > MAX_INPUT_PIXELS) throw new DomainError('E_MEDIA_TOO_LARGE', 'The picture must be at most 50 megapixels', 413, 'photo');
  const square = placedBox(box, width, height);
  try {
    const data = await open()
      .extract({ left: square.x, top: square.y, width: square.size, height: square.size })
      .resize(Math.min(square.size, PHOTO_SIDE), Math.min(square.size, PHOTO_SIDE))
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85 })
      .toBuffer();
    return { contentType: 'image/jpeg', data };
  } catch {
    // Decoding the pixels can still fail (a truncated file whose header was fine).
    throw validationError('photo', 'The picture could not be read');
  }
}
