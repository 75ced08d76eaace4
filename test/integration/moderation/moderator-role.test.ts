import { expect } from 'chai';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

describe('the moderator role', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
  });
  after(() => testApp.close());

  it('an administrator grants it on /admin/users, which opens the moderation queue, and revokes it', async () => {
    const member = await testApp.container.users.findByUsername(MEMBER.username);
    const admin = new WebClient(testApp);
    await admin.signIn(ADMIN.username, ADMIN.password);
    const bob = new WebClient(testApp);
    await bob.signIn(MEMBER.username, MEMBER.password);
    await bob.get('/admin/moderation').expect(403);

    const granted = await admin.submit('/admin/users', `/admin/users/${member!.id}/moderator`, { moderator: '1' });
    expect(granted.status).to.equal(302);
    expect((await testApp.container.users.findByUsername(MEMBER.username))?.isModerator).to.equal(true);
    await bob.get('/admin/moderation').expect(200);
    const list = await admin.get('/admin/users').expect(200);
    expect(list.text).to.include('Revoke moderator');

    await admin.submit('/admin/users', `/admin/users/${member!.id}/moderator`, { moderator: '0' });
    await bob.get('/admin/moderation').expect(403);
    const [changed] = await testApp.container.auditEvents.search({ action: 'user.role-changed', limit: 5 });
    expect(JSON.parse(changed!.detail)).to.include({ isModerator: false });
  });

  it('a member cannot grant it', async () => {
    const admin = await testApp.container.users.findByUsername(ADMIN.username);
    const bob = new WebClient(testApp);
    await bob.signIn(MEMBER.username, MEMBER.password);
    const response = await bob.submit('/settings', `/admin/users/${admin!.id}/moderator`, { moderator: '1' });
    expect(response.status).to.equal(403);
  });
});
