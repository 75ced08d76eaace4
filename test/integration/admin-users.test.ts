import { expect } from 'chai';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';

describe('administration of people', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
  });
  after(() => testApp.close());

  it('an administrator adds a local member who can then sign in and is not an admin', async () => {
    const admin = new WebClient(testApp);
    await admin.signIn(ADMIN.username, ADMIN.password);
    const added = await admin.submit('/admin/users', '/admin/users', {
      username: 'dora',
      displayName: 'Dora Explorer',
      password: 'doras long password',
    });
    expect(added.status).to.equal(302);
    const list = await admin.get('/admin/users').expect(200);
    expect(list.text).to.include('Dora Explorer');
    expect((await new WebClient(testApp).signIn('dora', 'doras long password')).status).to.equal(302);
    expect((await testApp.container.users.findByUsername('dora'))?.isAdmin).to.equal(false);
  });

  it('refuses a taken user name with a message next to the field', async () => {
    const admin = new WebClient(testApp);
    await admin.signIn(ADMIN.username, ADMIN.password);
    const response = await admin.submit('/admin/users', '/admin/users', {
      username: MEMBER.username,
      password: 'some long password',
    });
    expect(response.status).to.equal(422);
    expect(response.text).to.match(/id="username-error"[^>]*>This user name is taken/);
  });

  it('refuses members: 403 on the page and on the form post, and nobody is created', async () => {
    const member = new WebClient(testApp);
    await member.signIn(MEMBER.username, MEMBER.password);
    await member.get('/admin/users').expect(403);
    const response = await member.submit('/', '/admin/users', { username: 'sneaky', password: 'sneaky long password', isAdmin: 'on' });
    expect(response.status).to.equal(403);
    expect(await testApp.container.users.findByUsername('sneaky')).to.equal(null);
  });

  it('sends anonymous visitors to the sign-in page', async () => {
    const response = await new WebClient(testApp).get('/admin/users');
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.equal('/login?returnTo=%2Fadmin%2Fusers');
  });
});
