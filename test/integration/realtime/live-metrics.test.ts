/** Live connections and delivered events show in /metrics. */
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { connect, pause, person } from './realtime-world.js';

describe('live connections in /metrics', function () {
  this.timeout(15_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server?.close());

  const gauge = async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    return Number(/^warble_sockets_connected (\d+)$/m.exec(text)?.[1]);
  };

  it('counts connected sockets up and down, and delivered events', async () => {
    const erin = await person(server.running.container, 'erin');
    expect(await gauge()).to.equal(0);
    const socket = await connect(server.url, { token: erin.token });
    expect(await gauge()).to.equal(1);
    socket.close();
    await pause(200);
    expect(await gauge()).to.equal(0);
    await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${erin.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'counted' }),
    });
    await pause(200);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).to.match(/warble_events_delivered_total\{event="post.created"\} [1-9]/);
  });
});
