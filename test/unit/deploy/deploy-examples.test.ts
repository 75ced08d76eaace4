import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { listConfigKeys } from '../../../server/config/env-names.js';
import { configSchema } from '../../../server/config/schema.js';
import { projectRoot } from '../../../server/paths.js';

const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');

describe('deploy examples', () => {
  const compose = parse(read('deploy/docker-compose.yml')) as {
    'x-warble-node': { environment: Record<string, string>; build: string };
    services: Record<string, unknown>;
  };

  it('the compose file sets only real configuration keys, and what several nodes must share', () => {
    const known = new Set(listConfigKeys(configSchema).map((key) => key.envName));
    const set = Object.keys(compose['x-warble-node'].environment);
    expect(set.filter((name) => !known.has(name))).to.deep.equal([]);
    for (const shared of ['WARBLE_DATABASE_URL', 'WARBLE_REDIS_URL', 'WARBLE_SESSION_SECRET', 'WARBLE_TRUST_PROXY']) {
      expect(set).to.include(shared);
    }
    expect(path.resolve(projectRoot, 'deploy', compose['x-warble-node'].build)).to.equal(projectRoot);
  });

  it('nginx balances over every Warble service and upgrades WebSockets on the live paths', () => {
    const nginx = read('deploy/nginx.conf');
    const nodes = Object.keys(compose.services).filter((name) => name.startsWith('warble-'));
    expect(nodes.length).to.be.greaterThan(1);
    for (const node of nodes) expect(nginx).to.include(`server ${node}:3000`);
    expect(nginx).to.match(/location ~ \^\/\(socket\\\.io\|api\/v1\/streaming\)[^}]*proxy_set_header Upgrade \$http_upgrade/s);
    expect(nginx).to.include('X-Forwarded-Proto');
  });
});
