/**
 * Browser-style live connections: the session cookie authenticates, only
 * from Warble's own origin, and signing out closes the socket at once.
 */
import { expect } from 'chai';
import { csrfTokenIn } from '../../helpers/web-client.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { connect } from './realtime-world.js';

/** Cookies of a response as one Cookie header, merged into `jar`. */
function absorb(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair!.indexOf('=');
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
}
const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

describe('live connections signed in with the session cookie', function () {
  this.timeout(15_000);
  let server: TestServer;
  const jar = new Map<string, string>();

  before(async () => {
    server = await startTestServer();
    await server.running.container.localUsers.create({ username: 'cora', displayName: 'Cora', password: 'coras long password' });
    const page = await fetch(`${server.url}/login`);
    absorb(jar, page);
    const signedIn = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: header(jar) },
      body: new URLSearchParams({ _csrf: csrfTokenIn(await page.text()), login: 'cora', password: 'coras long password' }),
    });
    expect(signedIn.status).to.equal(302);
    absorb(jar, signedIn);
  });
  after(async () => server?.close());

  it('refuses a cookie handshake from another site (cross-site WebSocket hijacking)', async () => {
    const error = await connect(server.url, { headers: { Cookie: header(jar), Origin: 'https://evil.example' } }).then(
      () => null,
      (e: Error & { data?: { code?: string } }) => e,
    );
    expect(error?.data?.code).to.equal('E_BAD_ORIGIN');
  });

  it('refuses a forged session cookie', async () => {
    const forged = new Map(jar);
    forged.set('warble_session', 'forged');
    const error = await connect(server.url, { headers: { Cookie: header(forged), Origin: server.url } }).then(
      () => null,
      (e: Error & { data?: { code?: string } }) => e,
    );
    expect(error?.data?.code).to.equal('E_UNAUTHENTICATED');
  });

  it('accepts its own origin, and signing out closes the socket at once', async () => {
    const socket = await connect(server.url, { headers: { Cookie: header(jar), Origin: server.url } });
    expect((await socket.timeout(5000).emitWithAck('subscribe', { stream: 'home' })).ok).to.equal(true);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const settings = await fetch(`${server.url}/settings`, { headers: { Cookie: header(jar) } });
    const out = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: header(jar) },
      body: new URLSearchParams({ _csrf: csrfTokenIn(await settings.text()) }),
    });
    expect(out.status).to.equal(302);
    expect(await closed).to.equal('io server disconnect');
  });
});
