/**
 * Announcements on the pages: the pinned banner on every timeline of its
 * audience (and nowhere else), acknowledging with a plain CSRF form post,
 * the publishing form, the figures page, and granting the communications
 * role on /admin/users.
 */
import { expect } from 'chai';
import { ApiClient } from '../../helpers/api-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { csrfTokenIn, WebClient } from '../../helpers/web-client.js';
import { announcementWorld, type AnnouncementWorld, type Colleague } from './announcement-world.js';

describe('announcements on the pages', function () {
  this.timeout(30_000);
  let testApp: TestApp;
  let world: AnnouncementWorld;
  const browsers = new Map<string, WebClient>();
  const browserOf = async (who: Colleague) => {
    const known = browsers.get(who.username);
    if (known) return known;
    const client = new WebClient(testApp);
    expect((await client.signIn(who.username, who.password)).status).to.equal(302);
    browsers.set(who.username, client);
    return client;
  };
  const publish = async (who: Colleague, body: object) =>
    (await ApiClient.withToken(testApp, who.token).post('/api/v1/announcements', body).expect(200)).body.id as string;
  const banner = (html: string, id: string) => html.includes(`data-announcement-id="${id}"`);
  let groupSlug: string;

  before(async () => {
    testApp = await startTestApp();
    world = await announcementWorld(testApp.container);
    groupSlug = (await testApp.container.models.Group.findByPk(world.salesId))!.slug;
  });
  after(async () => testApp?.close());

  it('pins a group announcement above every timeline of its members, and nowhere for others', async () => {
    const id = await publish(world.hr, { text: 'Quarter closes Friday', group_ids: [world.salesId] });
    const bob = await browserOf(world.bob);
    for (const path of ['/', '/company', `/groups/${groupSlug}`, '/tags/sales', '/bookmarks', `/@${world.eve.username}`]) {
      const page = await bob.get(path).expect(200);
      expect(banner(page.text, id), path).to.equal(true);
      expect(page.text).to.contain('Quarter closes Friday');
    }
    // Not on pages that are not timelines.
    expect(banner((await bob.get('/settings').expect(200)).text, id)).to.equal(false);
    const eve = await browserOf(world.eve);
    for (const path of ['/', '/company', '/tags/sales']) expect(banner((await eve.get(path).expect(200)).text, id), path).to.equal(false);
  });

  it('showing the banner marks it seen; acknowledging with the form removes it for that person only', async () => {
    const id = await publish(world.hr, { text: 'Badge renewal', group_ids: [world.salesId] });
    const bob = await browserOf(world.bob);
    const carol = await browserOf(world.carol);
    const counts = () => testApp.container.announcements.stats.counts({ id, everyone: false });
    expect(await counts()).to.deep.equal({ delivered: 3, seen: 0, acknowledged: 0 });
    await bob.get('/').expect(200);
    await bob.get('/company').expect(200);
    expect(await counts()).to.deep.equal({ delivered: 3, seen: 1, acknowledged: 0 });

    const answer = await bob.submit('/', `/announcements/${id}/acknowledge`, { returnTo: '/company' });
    expect(answer.status).to.equal(302);
    expect(answer.headers.location).to.equal('/company');
    expect(banner((await bob.get('/').expect(200)).text, id)).to.equal(false);
    expect(banner((await carol.get('/').expect(200)).text, id)).to.equal(true);
    expect(await counts()).to.deep.equal({ delivered: 3, seen: 2, acknowledged: 1 });
  });

  it('acknowledging in place answers 204 to live.js', async () => {
    const id = await publish(world.hr, { text: 'In place' });
    const eve = await browserOf(world.eve);
    const page = await eve.get('/').expect(200);
    await eve.agent.post(`/announcements/${id}/acknowledge`).type('form').set('X-Warble-Fragment', '1').send({ _csrf: csrfTokenIn(page.text) }).expect(204);
    expect(banner((await eve.get('/').expect(200)).text, id)).to.equal(false);
  });

  it('refuses the acknowledge form without a CSRF token, and an announcement not addressed to you', async () => {
    const id = await publish(world.hr, { text: 'CSRF check', group_ids: [world.salesId] });
    const bob = await browserOf(world.bob);
    await bob.agent.post(`/announcements/${id}/acknowledge`).type('form').set('Accept', 'text/html').send({}).expect(403);
    expect(banner((await bob.get('/').expect(200)).text, id)).to.equal(true);
    const eve = await browserOf(world.eve);
    expect((await eve.submit('/', `/announcements/${id}/acknowledge`, {})).status).to.equal(404);
    expect((await eve.get(`/announcements/${id}/banner`)).status).to.equal(404);
  });

  it('lets communicators publish from the form, with field errors, and shows the figures page', async () => {
    const hr = await browserOf(world.hr);
    const form = await hr.get('/announcements').expect(200);
    expect(form.text).to.contain('action="/announcements"');
    expect(form.text).to.contain('href="/announcements"'); // the navigation link

    await hr.agent.post('/announcements').type('form').set('Accept', 'text/html').send({ text: 'No token', audience: 'everyone' }).expect(403);
    expect(await testApp.container.models.Announcement.count({ where: { text: 'No token' } })).to.equal(0);
    const empty = await hr.submit('/announcements', '/announcements', { text: ' ', audience: 'everyone' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.contain('Write the announcement first.');
    const past = await hr.submit('/announcements', '/announcements', { text: 'Late', audience: 'everyone', ends_at: '2001-01-01T10:00' });
    expect(past.status).to.equal(422);
    expect(past.text).to.contain('Choose a date and time in the future.');
    const noGroup = await hr.submit('/announcements', '/announcements', { text: 'Groups?', audience: 'groups' });
    expect(noGroup.status).to.equal(422);

    const sent = await hr.submit('/announcements', '/announcements', { text: 'From the form', audience: 'groups', group_ids: world.salesId });
    expect(sent.status).to.equal(302);
    const location = sent.headers.location as string;
    expect(location).to.match(/^\/announcements\/[0-9A-Z]{26}\?published=1$/);
    const stats = await hr.get(location).expect(200);
    expect(stats.text).to.contain('data-figure="delivered">3<');
    expect(stats.text).to.contain('data-stream="announcement:');
    const csv = await hr.get(`${location.split('?')[0]}/stats.csv`).expect(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
  });

  it('refuses the form and the figures to members without the role', async () => {
    const id = await publish(world.hr, { text: 'Not for bob to count' });
    const bob = await browserOf(world.bob);
    const list = await bob.get('/announcements').expect(200);
    expect(list.text).to.not.contain('action="/announcements"');
    expect(list.text).to.not.contain('href="/announcements"');
    expect((await bob.submit('/announcements', '/announcements', { text: 'Me too', audience: 'everyone' })).status).to.equal(403);
    expect((await bob.get(`/announcements/${id}`)).status).to.equal(403);
    expect((await bob.get(`/announcements/${id}/stats.csv`)).status).to.equal(403);
  });

  it('administrators grant and revoke the communications role on /admin/users, audited', async () => {
    const admin = await browserOf(world.admin);
    const users = await admin.get('/admin/users').expect(200);
    expect(users.text).to.contain(`/admin/users/${world.carol.id}/communicator`);
    const granted = await admin.submit('/admin/users', `/admin/users/${world.carol.id}/communicator`, { communicator: '1' });
    expect(granted.status).to.equal(302);
    expect((await testApp.container.models.User.findByPk(world.carol.id))?.isCommunicator).to.equal(true);
    await publish(world.carol, { text: 'Carol can publish now' });
    await admin.submit('/admin/users', `/admin/users/${world.carol.id}/communicator`, { communicator: '0' });
    expect((await testApp.container.models.User.findByPk(world.carol.id))?.isCommunicator).to.equal(false);
    await ApiClient.withToken(testApp, world.carol.token).post('/api/v1/announcements', { text: 'Not any more' }).expect(403);
    const entries = await testApp.container.auditEvents.search({ action: 'user.role-changed', limit: 10 });
    expect(entries.filter((entry) => entry.targetId === world.carol.id)).to.have.length(2);
    // Members cannot grant it.
    const bob = await browserOf(world.bob);
    expect((await bob.submit('/', `/admin/users/${world.bob.id}/communicator`, { communicator: '1' })).status).to.equal(403);
  });
});
