/**
 * Browser libraries served from their npm package, under /assets/vendor/:
 * the company network has no CDN to fetch them from, and the strict CSP
 * (script-src 'self') only runs scripts from Warble's own origin. Served
 * straight from node_modules so an `npm update` is the whole upgrade.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import mount from 'koa-mount';
import serve from 'koa-static';
import type { Middleware } from 'koa';

const require = createRequire(import.meta.url);

/** The profile photo cropper (cropperjs 1.x: a plain stylesheet and script, no inline styles). */
export const CROPPER_ASSET_PATH = '/assets/vendor/cropperjs';

export function vendorAssets(): Middleware {
  const cropperDist = path.dirname(require.resolve('cropperjs/dist/cropper.min.js'));
  return mount(CROPPER_ASSET_PATH, serve(cropperDist, { maxage: 3600_000, gzip: false }));
}
