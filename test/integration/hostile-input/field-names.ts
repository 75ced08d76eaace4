/**
 * The parameter names routes read, gathered from the source of the routes
 * and plugins (form fields, query and body properties, zod schema keys), so
 * a field added tomorrow is also sent hostile values. Mastodon's common
 * names are added for the parameters read through shared helpers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../server/paths.js';

const PATTERNS = [
  /\(ctx, '([A-Za-z_][\w[\]]*)'/g,
  /\b(?:body|query|params)\??\.([A-Za-z_]\w*)/g,
  /\b([A-Za-z_]\w*): z\./g,
  /\b(?:textParam|numberParam|idParam|listParam|booleanParam|formField|formValues|field)\([^,()]*, '([A-Za-z_][\w[\]]*)'/g,
];

const COMMON = ['status', 'text', 'name', 'description', 'visibility', 'display_name', 'note', 'q', 'query', 'limit', 'max_id', 'since_id', 'min_id', 'offset', 'id', 'ids', 'acct', 'account_id', 'group_id', 'in_reply_to_id', 'media_ids', 'type', 'types', 'window', 'watch', 'scope', 'scopes', 'grant_type', 'client_id', 'client_secret', 'redirect_uri', 'code', 'login', 'password', 'to', 'audience', 'returnTo', 'role', 'ends_at', 'group_ids', 'format', 'stream', 'tag', 'list', 'access_token'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.includes('node_modules'))
    .map((file) => path.join(dir, file));
}

export function fieldNamesReadByRoutes(): string[] {
  const names = new Set(COMMON);
  for (const file of [...sourceFiles(path.join(projectRoot, 'server/http')), ...sourceFiles(path.join(projectRoot, 'server/realtime')), ...sourceFiles(path.join(projectRoot, 'plugins'))]) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) for (const match of source.matchAll(pattern)) if (match[1]) names.add(match[1]);
  }
  for (const noise of ['js', 'ts', 'toString', 'length', 'then']) names.delete(noise);
  return [...names].sort();
}
