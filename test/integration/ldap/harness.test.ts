import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Client } from 'ldapts';
import { startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';

describe('ldap: throwaway slapd harness', function () {
  let slapd: SlapdHandle;
  let startMs = 0;

  before(async function () {
    const started = Date.now();
    slapd = await startSlapd();
    startMs = Date.now() - started;
  });

  after(async function () {
    await slapd?.close();
  });

  it('starts in under 2 seconds on a loopback port, with its own config in a temp dir', function () {
    expect(startMs).to.be.lessThan(2000);
    expect(slapd.url).to.equal(`ldap://127.0.0.1:${slapd.port}`);
    const conf = readFileSync(join(slapd.dir, 'slapd.conf'), 'utf8');
    expect(conf).to.include(`directory "${join(slapd.dir, 'data')}"`);
    expect(conf).to.not.include('/etc/ldap/slapd.d');
  });

  it('hides the directory from anonymous clients but lets the service account read it', async function () {
    const anonymous = new Client({ url: slapd.url });
    const service = new Client({ url: slapd.url });
    try {
      const hidden = await anonymous.search(slapd.baseDn, { filter: '(uid=alice)' }).then(
        (result) => result.searchEntries.length,
        () => 0,
      );
      expect(hidden).to.equal(0);
      await service.bind(slapd.bindDn, slapd.bindPassword);
      const { searchEntries } = await service.search(slapd.baseDn, { filter: '(uid=alice)', attributes: ['memberOf'] });
      expect(searchEntries).to.have.length(1);
      expect(searchEntries[0]?.memberOf).to.include(slapd.groups.warbleUsers.dn);
    } finally {
      await anonymous.unbind();
      await service.unbind();
    }
  });

  it('runs two servers side by side, and close() removes the temp dir', async function () {
    const second = await startSlapd();
    try {
      expect(second.port).to.not.equal(slapd.port);
      expect(second.dir).to.not.equal(slapd.dir);
    } finally {
      await second.close();
    }
    expect(existsSync(second.dir)).to.equal(false);
    expect(second.running).to.equal(false);
  });

  it('stops and restarts on the same port', async function () {
    const port = slapd.port;
    await slapd.stop();
    expect(slapd.running).to.equal(false);
    await slapd.restart();
    expect(slapd.running).to.equal(true);
    expect(slapd.port).to.equal(port);
  });
});
