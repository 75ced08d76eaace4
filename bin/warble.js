#!/usr/bin/env node
// The installed `warble` command runs the compiled build (npm run build).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('warble: the build is missing; run `npm run build` first (or `npm start`).\n');
  process.exit(1);
}
await import(entry.href);
