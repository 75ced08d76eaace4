/**
 * Announcements and private groups: the figures of an announcement to a
 * private group list its members, so only the sender and publishers who may
 * see those members read them (anyone else: 404, as for the group itself);
 * only full members address a private group; the /announcements list does
 * not show publishers what went to private groups hidden from them.
 */
import { expect } from 'chai';
import type { WarbleEvents } from '../../../server/services/events.js';
import { ApiClient } from '../../helpers/api-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { announcementWorld, colleague, type AnnouncementWorld, type Colleague } from './announcement-world.js';

describe('announcements to private groups', function () {
  this.timeout(30_000);
  let testApp: TestApp;
  let world: AnnouncementWorld;
  /** A communicator who only asked to join Sales. */
  let cass: Colleague;
  /** A communicator who is a full member of Sales. */
  let dora: Colleague;
  const as = (who: Colleague) => ApiClient.withToken(testApp, who.token);
  const publish = async (who: Colleague, body: object) => (await as(who).post('/api/v1/announcements', body).expect(200)).body.id as string;
  const browserOf = async (who: Colleague) => {
    const client = new WebClient(testApp);
    expect((await client.signIn(who.username, who.password)).status).to.equal(302);
    return client;
  };

  before(async () => {
    testApp = await startTestApp();
    world = await announcementWorld(testApp.container);
    cass = await colleague(testApp.container, 'cass', { isCommunicator: true });
    dora = await colleague(testApp.container, 'dora', { isCommunicator: true });
    const { GroupMembership } = testApp.container.models;
    await GroupMembership.create({ groupId: world.salesId, userId: cass.id, role: 'member', state: 'requested' });
    await GroupMembership.create({ groupId: world.salesId, userId: dora.id, role: 'member', state: 'active' });
  });
  after(async () => testApp?.close());

  it('a publisher outside the group gets 404 for the figures and CSV of another sender\'s announcement to it; the sender and members read them', async () => {
    const id = await publish(world.hr, { text: 'Reorganisation in sales', group_ids: [world.salesId] });
    for (const who of [cass, world.admin, world.eve]) {
      for (const path of [`/api/v1/announcements/${id}/stats`, `/api/v1/announcements/${id}/stats.csv`, `/api/v1/announcements/${id}/stats?format=csv`]) {
        await as(who).get(path).expect(404);
      }
    }
    const sender = await as(world.hr).get(`/api/v1/announcements/${id}/stats`).expect(200);
    expect(sender.body.group_ids).to.deep.equal([world.salesId]);
    await as(world.hr).get(`/api/v1/announcements/${id}/stats.csv`).expect(200);
    // A communicator who is a full member may see the members anyway.
    await as(dora).get(`/api/v1/announcements/${id}/stats`).expect(200);
    // A member without the role knows it exists (it is addressed to him): 403 as before.
    await as(world.bob).get(`/api/v1/announcements/${id}/stats`).expect(403);
  });

  it('the same publisher reads the figures of an announcement to everyone', async () => {
    const id = await publish(world.hr, { text: 'Canteen closed on Monday' });
    await as(cass).get(`/api/v1/announcements/${id}/stats`).expect(200);
    await as(cass).get(`/api/v1/announcements/${id}/stats.csv`).expect(200);
  });

  it('a publisher outside the group cannot withdraw it (404) and it stays pinned', async () => {
    const id = await publish(world.hr, { text: 'Do not withdraw me', group_ids: [world.salesId] });
    await as(cass).delete(`/api/v1/announcements/${id}`).expect(404);
    await as(world.admin).delete(`/api/v1/announcements/${id}`).expect(404);
    expect((await testApp.container.models.Announcement.findByPk(id))?.withdrawnAt).to.equal(null);
    await as(world.hr).delete(`/api/v1/announcements/${id}`).expect(200);
  });

  it('a publisher with only a pending join request, or an invitation, cannot address the group (422 on group_ids)', async () => {
    const refused = await as(cass).post('/api/v1/announcements', { text: 'To sales', group_ids: [world.salesId] }).expect(422);
    expect(refused.body.field).to.equal('group_ids');
    const invitedId = world.admin.id;
    await testApp.container.models.GroupMembership.create({ groupId: world.salesId, userId: invitedId, role: 'member', state: 'invited' });
    try {
      const invited = await as(world.admin).post('/api/v1/announcements', { text: 'To sales', group_ids: [world.salesId] }).expect(422);
      expect(invited.body.field).to.equal('group_ids');
    } finally {
      await testApp.container.models.GroupMembership.destroy({ where: { groupId: world.salesId, userId: invitedId } });
    }
    expect(await testApp.container.models.Announcement.count({ where: { text: 'To sales' } })).to.equal(0);
    // A full member may.
    await publish(dora, { text: 'From a member', group_ids: [world.salesId] });
  });

  it('the web form neither offers nor accepts a group the publisher only asked to join', async () => {
    const page = await browserOf(cass);
    const form = await page.get('/announcements').expect(200);
    expect(form.text).to.not.contain(`value="${world.salesId}"`);
    const sent = await page.submit('/announcements', '/announcements', { text: 'Via the form', audience: 'groups', group_ids: world.salesId });
    expect(sent.status).to.equal(422);
    const member = await (await browserOf(dora)).get('/announcements').expect(200);
    expect(member.text).to.contain(`value="${world.salesId}"`);
  });

  it('the figures page, its CSV and withdrawing answer 404 on the web to a publisher outside the group', async () => {
    const id = await publish(world.hr, { text: 'Web figures are private', group_ids: [world.salesId] });
    const page = await browserOf(cass);
    expect((await page.get(`/announcements/${id}`)).status).to.equal(404);
    expect((await page.get(`/announcements/${id}/stats.csv`)).status).to.equal(404);
    expect((await page.submit('/announcements', `/announcements/${id}/withdraw`, {})).status).to.equal(404);
    const sender = await browserOf(world.hr);
    const figures = await sender.get(`/announcements/${id}`).expect(200);
    expect(figures.text).to.contain('data-figure="delivered">4<');
  });

  it('the /announcements list shows a publisher neither the text nor the figures of an announcement to a private group hidden from them', async () => {
    const hidden = await publish(world.hr, { text: 'Secret sales target', group_ids: [world.salesId] });
    const open = await publish(world.hr, { text: 'Summer party' });
    const outsider = await (await browserOf(cass)).get('/announcements').expect(200);
    expect(outsider.text).to.not.contain('Secret sales target');
    expect(outsider.text).to.not.contain(`/announcements/${hidden}"`);
    expect(outsider.text).to.contain('Summer party');
    expect(outsider.text).to.contain(`href="/announcements/${open}"`);
    for (const who of [world.hr, dora]) {
      const listed = await (await browserOf(who)).get('/announcements').expect(200);
      expect(listed.text, who.username).to.contain('Secret sales target');
      expect(listed.text, who.username).to.contain(`href="/announcements/${hidden}"`);
    }
  });

  it('concurrent acknowledgements by one person tell the change once', async () => {
    const id = await publish(world.hr, { text: 'Acknowledge once', group_ids: [world.salesId] });
    const { announcements, core } = testApp.container;
    await announcements.receipts.markSeen(world.carol.id, [id]);
    let told = 0;
    core.events.register((name, payload) => {
      const receipt = payload as WarbleEvents['announcement.receipts'];
      if (name === 'announcement.receipts' && receipt.announcementId === id && receipt.acknowledged) told += 1;
    });
    await Promise.all(Array.from({ length: 6 }, () => announcements.receipts.acknowledge(world.carol.id, id)));
    expect(told).to.equal(1);
  });
});
