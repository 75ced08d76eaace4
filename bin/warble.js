#!/usr/bin/env node
// The installed `warble` command runs the compiled build (npm run build).
import { existsSync } from 'node:fs';

// SQLite queries, file I/O and password hashing share libuv's threadpool (4 threads by
// default); a busy node needs more. Must be set before the pool is first used.
process.env.UV_THREADPOOL_SIZE ??= '16';

const entry = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('warble: the build is missing; run `npm run build` first (or `npm start`).\n');
  process.exit(1);
}
await import(entry.href);
