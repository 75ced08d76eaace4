/** Worlds for plugin tests: the fixture plugins in test/fixtures/plugins (WARBLE_PLUGINS_DIR) and a config file for plugin settings. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../../../server/paths.js';
import { tempDir } from '../../helpers/temp-dirs.js';

export const FIXTURE_PLUGINS = path.join(projectRoot, 'test/fixtures/plugins');

/** Short timeouts keep the suite fast: a hanging handler costs 200 ms. */
export const FAST_HOOKS = {
  WARBLE_PLUGINS_DIR: FIXTURE_PLUGINS,
  WARBLE_PLUGINS_FILTER_TIMEOUT_MS: '200',
  WARBLE_PLUGINS_ACTION_TIMEOUT_MS: '200',
};

/** Writes a YAML config file holding `document` and returns the WARBLE_CONFIG to use. */
export function configFile(document: Record<string, unknown>): string {
  const file = path.join(tempDir('warble-plugins-'), 'warble.yaml');
  writeFileSync(file, stringify(document));
  return file;
}

export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
