import { expect } from 'chai';
import supertest from 'supertest';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

describe('errors and limits', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({ WARBLE_HTTP_BODY_LIMIT_KB: '4' });
    await seedPeople(testApp);
  });
  after(() => testApp.close());

  it('an unknown API path answers JSON {error} with 404', async () => {
    const response = await supertest(testApp.callback).get('/api/v1/nothing-here').expect(404);
    expect(response.type).to.equal('application/json');
    expect(response.body.error).to.match(/^not found$/i);
  });

  it('an unknown page answers an HTML error page with 404, in the reader’s language', async () => {
    const client = new WebClient(testApp, 'fr');
    await client.signIn(MEMBER.username, MEMBER.password);
    const response = await client.get('/no-such-page').expect(404);
    expect(response.type).to.equal('text/html');
    expect(response.text).to.include('Cette page n’existe pas.');
    expect(response.text).to.include('<html lang="fr">');
  });

  it('a body over the configured limit is refused with 413 and no stack trace', async () => {
    const client = new WebClient(testApp);
    const page = await client.get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const response = await client.agent
      .post('/login')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: token, login: 'x'.repeat(8 * 1024), password: 'y' });
    expect(response.status).to.equal(413);
    expect(JSON.stringify(response.body)).not.to.match(/at .*\.(ts|js):\d+/);
  });

  it('a malformed JSON body is a 400 with a JSON message', async () => {
    const response = await supertest(testApp.callback)
      .post('/api/v1/statuses')
      .set('Authorization', 'Bearer not-a-real-token')
      .set('Content-Type', 'application/json')
      .send('{"status": ');
    expect(response.status).to.equal(400);
    expect(response.body).to.have.property('error');
  });

  it('page text from people is escaped, never rendered as HTML', async () => {
    await testApp.container.localUsers.create({
      username: 'xss',
      displayName: '<img src=x onerror=alert(1)>',
      password: 'xss long password',
    });
    const client = new WebClient(testApp);
    await client.signIn('xss', 'xss long password');
    const home = await client.get('/').expect(200);
    expect(home.text).not.to.include('<img src=x onerror=alert(1)>');
    expect(home.text).to.include('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });
});
