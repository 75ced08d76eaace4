/**
 * Warble supports one Node.js line (package.json engines). The suite must run
 * on it, so a CI or developer machine that slipped back to an end-of-life
 * Node.js fails here instead of passing on a runtime IT would not deploy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { projectRoot } from '../../../server/paths.js';

describe('the supported Node.js runtime', () => {
  const engines = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { engines: { node: string } })
    .engines.node;
  const wantedMajor = Number(/^>=(\d+)$/.exec(engines)?.[1]);

  it('package.json names a current LTS line (24 or newer)', () => {
    expect(wantedMajor, `engines.node is ${engines}`).to.be.at.least(24);
  });

  it('the tests run on that line', () => {
    expect(Number(process.versions.node.split('.')[0]), `running on ${process.version}`).to.be.at.least(wantedMajor);
  });

  it('scripts/use-node-24.sh installs the same major that engines asks for', () => {
    const script = readFileSync(path.join(projectRoot, 'scripts/use-node-24.sh'), 'utf8');
    const pinned = /warble_node_version=(\d+)\./.exec(script)?.[1];
    expect(Number(pinned)).to.equal(wantedMajor);
  });
});
