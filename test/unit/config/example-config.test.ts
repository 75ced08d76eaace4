import { expect } from 'chai';
import path from 'node:path';
import { listConfigKeys } from '../../../server/config/env-names.js';
import { loadConfig } from '../../../server/config/load-config.js';
import { configSchema } from '../../../server/config/schema.js';
import { projectRoot } from '../../../server/paths.js';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { tempDir } from '../../helpers/temp-dirs.js';

const EXAMPLE = path.join(projectRoot, 'config/warble.example.yaml');

function hasPath(document: unknown, keyPath: string[]): boolean {
  let node = document;
  for (const segment of keyPath) {
    if (typeof node !== 'object' || node === null || !(segment in node)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

describe('config/warble.example.yaml', () => {
  it('documents every configuration key', () => {
    const document = parse(readFileSync(EXAMPLE, 'utf8')) as unknown;
    const missing = listConfigKeys(configSchema)
      .map((key) => key.path)
      .filter((keyPath) => !hasPath(document, keyPath))
      .map((keyPath) => keyPath.join('.'));
    expect(missing).to.deep.equal([]);
  });

  it('is itself a valid configuration equal to the defaults', () => {
    const fromExample = loadConfig({ env: { WARBLE_CONFIG: EXAMPLE }, cwd: projectRoot });
    const defaults = loadConfig({ env: {}, cwd: tempDir('warble-defaults-') });
    expect(fromExample).to.deep.equal(defaults);
  });
});
