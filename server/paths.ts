/**
 * Where Warble's own files are, whether it runs from TypeScript sources
 * (server/…) or from the build (dist/server/…): the folder holding package.json.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(import.meta.dirname);
export const viewsDir = path.join(projectRoot, 'views');
