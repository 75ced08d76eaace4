import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import supertest from 'supertest';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient, csrfTokenIn } from '../../helpers/web-client.js';

/** superagent would JSON.stringify a Buffer sent as application/json; this sends its bytes (its types say string, it writes Buffers as is). */
const bytesAsSent = (bytes: Buffer): string => bytes as unknown as string;

/** A body that does not decode as its Content-Encoding says is the client's mistake: 4xx, never 500. */
describe('request bodies with a Content-Encoding', () => {
  let testApp: TestApp;
  let web: WebClient;
  let csrf: string;
  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    web = new WebClient(testApp);
    await web.signIn(MEMBER.username, MEMBER.password);
    csrf = csrfTokenIn((await web.get('/settings')).text);
  });
  after(() => testApp.close());

  const send = (method: 'post' | 'patch', path: string) => web.agent[method](path).set('Accept', 'application/json').set('X-CSRF-Token', csrf);

  it('a JSON body that claims gzip but is not gzip is a 400', async () => {
    const response = await send('post', '/api/v1/statuses')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"status":"hello"}');
    expect(response.status).to.equal(400);
    expect(response.body).to.have.property('error');
  });

  it('a form body that claims deflate but is not deflate is a 400', async () => {
    const response = await supertest(testApp.callback)
      .post('/oauth/token')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('Content-Encoding', 'deflate')
      .send('grant_type=client_credentials');
    expect(response.status).to.equal(400);
  });

  it('a truncated gzip body is a 400', async () => {
    const response = await send('post', '/api/v1/statuses')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(bytesAsSent)
      .send(gzipSync('{"status":"hello"}').subarray(0, 12));
    expect(response.status).to.equal(400);
  });

  it('a real gzip JSON body is still accepted', async () => {
    const response = await send('post', '/api/v1/statuses')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .serialize(bytesAsSent)
      .send(gzipSync('{"status":"zipped hello"}'));
    expect(response.status).to.equal(200);
    expect(response.body.content).to.include('zipped hello');
  });

  it('a multipart body with any Content-Encoding is a 415 (multipart bodies are read as sent)', async () => {
    for (const [method, path] of [
      ['post', '/api/v2/media'],
      ['patch', '/api/v1/accounts/update_credentials'],
      ['post', '/posts'],
    ] as const) {
      const response = await send(method, path)
        .set('Content-Encoding', 'gzip')
        .field('_csrf', csrf)
        .field('status', 'hello')
        .attach(path === '/posts' ? 'media' : 'file', Buffer.from('not an image'), 'a.png');
      expect(response.status, `${method} ${path}`).to.equal(415);
    }
  });

  it('a malformed multipart body is a 400', async () => {
    for (const [method, path] of [
      ['post', '/api/v2/media'],
      ['patch', '/api/v1/accounts/update_credentials'],
      ['post', '/posts'],
    ] as const) {
      const response = await send(method, path)
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz\r\nContent-Disposition: form-data; name="status"\r\n\r\nhel');
      expect(response.status, `${method} ${path}`).to.equal(400);
    }
  });
});
