/**
 * Browser-style live connections: the session cookie authenticates, only
 * from Warble's own origin, and signing out closes the socket at once.
 */
import { expect } from 'chai';
import { CookieJar } from '../../helpers/cookie-jar.js';
import { csrfTokenIn } from '../../helpers/web-client.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { connect } from './realtime-world.js';

describe('live connections signed in with the session cookie', function () {
  this.timeout(15_000);
  let server: TestServer;
  const jar = new CookieJar();

  before(async () => {
    server = await startTestServer();
    await server.running.container.localUsers.create({ username: 'cora', displayName: 'Cora', password: 'coras long password' });
    const page = await fetch(`${server.url}/login`);
    jar.absorb(page);
    const signedIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrfTokenIn(await page.text()), login: 'cora', password: 'coras long password' }),
    });
    expect(signedIn.status).to.equal(302);
    jar.absorb(signedIn);
  });
  after(async () => server?.close());

  it('refuses a cookie handshake from another site (cross-site WebSocket hijacking)', async () => {
    const error = await connect(server.url, { headers: { Cookie: jar.header(), Origin: 'https://evil.example' } }).then(
      () => null,
      (e: Error & { data?: { code?: string } }) => e,
    );
    expect(error?.data?.code).to.equal('E_BAD_ORIGIN');
  });

  it('refuses a forged session cookie', async () => {
    const forged = jar.with('warble_session', 'forged');
    const error = await connect(server.url, { headers: { Cookie: forged.header(), Origin: server.url } }).then(
      () => null,
      (e: Error & { data?: { code?: string } }) => e,
    );
    expect(error?.data?.code).to.equal('E_UNAUTHENTICATED');
  });

  it('accepts its own origin, and signing out closes the socket at once', async () => {
    const socket = await connect(server.url, { headers: { Cookie: jar.header(), Origin: server.url } });
    expect((await socket.timeout(5000).emitWithAck('subscribe', { stream: 'home' })).ok).to.equal(true);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const settings = await fetch(`${server.url}/settings`, { headers: { Cookie: jar.header() } });
    const out = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrfTokenIn(await settings.text()) }),
    });
    expect(out.status).to.equal(302);
    expect(await closed).to.equal('io server disconnect');
  });
});
