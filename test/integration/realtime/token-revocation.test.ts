/** Revoking one access token closes the live connections opened with it, and only those. */
import { expect } from 'chai';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { connect, pause, person } from './realtime-world.js';

describe('token revocation and live connections', function () {
  this.timeout(15_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.close());

  it('closes the Socket.IO and Mastodon streaming connections of a revoked token, and keeps the others', async () => {
    const { container } = server.running;
    const dana = await person(container, 'dana');
    const second = await container.tokens.issue({ kind: 'personal', userId: dana.id, appId: null, scopes: ['read'] });
    const revokedSocket = await connect(server.url, { token: dana.token });
    const keptSocket = await connect(server.url, { token: second.token });
    const streaming = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=user&access_token=${dana.token}`);
    await new Promise((resolve, reject) => {
      streaming.once('open', resolve);
      streaming.once('error', reject);
    });
    const socketClosed = new Promise<string>((resolve) => revokedSocket.once('disconnect', (reason) => resolve(reason)));
    const streamClosed = new Promise<void>((resolve) => streaming.once('close', () => resolve()));

    const [record] = await container.models.AccessToken.findAll({ where: { userId: dana.id, name: null }, order: [['id', 'ASC']] });
    expect(await container.tokens.revokeOwned(record!.id, dana.id)).to.equal(true);

    expect(await socketClosed).to.equal('io server disconnect');
    await streamClosed;
    await pause(100);
    expect(keptSocket.connected, 'the other token’s socket stays').to.equal(true);
    keptSocket.close();
  });
});
