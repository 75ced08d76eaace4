import { createServer, type Server, type Socket } from 'node:net';
import { expect } from 'chai';
import { DirectoryUnavailableError } from '../../../server/auth/ldap/connection.js';
import { freeLoopbackPort } from '../../helpers/slapd/slapd-process.js';
import { startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { clientFor, waitForLog } from './support.js';

describe('ldap: StartTLS, fail-over and directory outages against a real slapd', function () {
  let slapd: SlapdHandle;

  before(async function () {
    slapd = await startSlapd();
  });

  after(async function () {
    await slapd?.close();
  });

  describe('StartTLS', function () {
    it('signs in over StartTLS verified with the test CA', async function () {
      const mark = slapd.logMark();
      const { client } = clientFor(slapd, { startTls: true, caFile: slapd.caFile });
      const alice = slapd.users.alice;
      expect(await client.authenticate('alice', alice.password)).to.have.property('ok', true);
      // Both the service connection and the user's bind connection were upgraded.
      const log = await waitForLog(slapd, mark, (text) => (text.match(/TLS established/g) ?? []).length >= 2);
      expect(log).to.include('oid=1.3.6.1.4.1.1466.20037');
    });

    it('refuses to talk when the server certificate does not verify against the configured CA', async function () {
      const { client, logger } = clientFor(slapd, { startTls: true, caFile: slapd.otherCaFile });
      expect(await client.authenticate('alice', slapd.users.alice.password)).to.deep.equal({
        ok: false,
        reason: 'directory-unavailable',
      });
      const report = await client.test();
      expect(report.ok).to.equal(false);
      expect(report.failedAttempts).to.have.length(1);
      expect(report.failedAttempts[0]?.error).to.match(/certificate|self.signed|verify/i);
      expect(logger.records.some((record) => record.level === 'error')).to.equal(true);
    });

    it('refuses an unverifiable certificate with no CA configured (system store)', async function () {
      const { client } = clientFor(slapd, { startTls: true });
      expect(await client.authenticate('alice', slapd.users.alice.password)).to.have.property('reason', 'directory-unavailable');
    });

    it('connects anyway with tlsVerify=false (and warns about it)', async function () {
      const { client, logger } = clientFor(slapd, { startTls: true, caFile: slapd.otherCaFile, tlsVerify: false });
      expect(await client.authenticate('alice', slapd.users.alice.password)).to.have.property('ok', true);
      expect(logger.records.some((record) => record.level === 'warn' && /tlsVerify/.test(record.msg))).to.equal(true);
    });
  });

  describe('several URLs', function () {
    it('fails over to the next URL when the first refuses connections', async function () {
      const deadUrl = `ldap://127.0.0.1:${await freeLoopbackPort()}`;
      const { client } = clientFor(slapd, { url: `${deadUrl}, ${slapd.url}` });
      expect(await client.authenticate('bob', slapd.users.bob.password)).to.have.property('ok', true);
      const report = await client.test();
      expect(report).to.include({ ok: true, url: slapd.url });
    });

    describe('with a server that accepts TCP but never answers', function () {
      let silent: Server;
      const sockets = new Set<Socket>();
      let silentUrl = '';

      before(async function () {
        silent = createServer((socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
        });
        await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
        const address = silent.address();
        silentUrl = `ldap://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      });

      after(async function () {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      });

      it('times out and reports directory-unavailable within the configured timeouts', async function () {
        const { client } = clientFor(slapd, { url: silentUrl, connectTimeoutMs: 200, searchTimeoutMs: 300 });
        const started = Date.now();
        expect(await client.authenticate('alice', slapd.users.alice.password)).to.deep.equal({
          ok: false,
          reason: 'directory-unavailable',
        });
        expect(Date.now() - started).to.be.lessThan(2000);
      });

      it('times out on the silent server, then uses the next URL', async function () {
        const { client } = clientFor(slapd, { url: [silentUrl, slapd.url], connectTimeoutMs: 200, searchTimeoutMs: 300 });
        expect(await client.authenticate('alice', slapd.users.alice.password)).to.have.property('ok', true);
      });
    });
  });

  describe('directory down', function () {
    afterEach(async function () {
      if (!slapd.running) await slapd.restart();
    });

    it('reports directory-unavailable while slapd is stopped, and works again after restart', async function () {
      const { client } = clientFor(slapd);
      const alice = slapd.users.alice;
      expect(await client.authenticate('alice', alice.password)).to.have.property('ok', true);

      await slapd.stop();
      expect(slapd.running).to.equal(false);
      expect(await client.authenticate('alice', alice.password)).to.deep.equal({ ok: false, reason: 'directory-unavailable' });

      await slapd.restart();
      expect(await client.authenticate('alice', alice.password)).to.have.property('ok', true);
    });

    it('makes findPerson/listPeople/listGroups/isAdmin throw instead of answering "nobody"', async function () {
      const { client } = clientFor(slapd);
      const alice = (await client.findPerson('alice'))!;
      await slapd.stop();
      for (const call of [
        () => client.findPerson('alice'),
        () => client.listPeople(),
        () => client.listGroups(),
        () => client.isAdmin(alice),
      ]) {
        const error = await call().then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error).to.be.instanceOf(DirectoryUnavailableError);
      }
      const report = await client.test();
      expect(report).to.include({ ok: false, url: null });
      expect(report.failedAttempts[0]?.error).to.equal('ECONNREFUSED');
    });

    it('keeps data across a restart', async function () {
      await slapd.restart();
      const { client } = clientFor(slapd);
      expect((await client.listPeople()).length).to.equal(6);
    });
  });
});
