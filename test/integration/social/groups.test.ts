import { expect } from 'chai';
import type { WarbleEventName } from '../../../server/services/events.js';
import { createQuietPeople, insertPost, startSocialWorld, walkPages, type SocialWorld } from './social-world.js';

interface ApiGroup {
  id: string;
  slug: string;
  name: string;
  visibility: string;
  source: string;
  members_count: number;
  membership: { role: string; state: string } | null;
}

describe('groups', () => {
  let world: SocialWorld;
  const events: Array<{ name: WarbleEventName; payload: unknown }> = [];
  before(async () => {
    world = await startSocialWorld();
    world.testApp.container.core.events.register((name, payload) => {
      events.push({ name, payload });
    });
  });
  after(() => world.testApp.close());

  const createGroup = async (owner: 'ada' | 'bob' | 'carol' | 'dave', body: object): Promise<ApiGroup> =>
    (await world.api[owner].post('/api/v1/groups', body).expect(200)).body as ApiGroup;

  describe('creating', () => {
    it('makes the creator its owner and derives a unique slug from the name', async () => {
      const first = await createGroup('carol', { name: 'Lab Notes', description: 'What we tried' });
      expect(first).to.include({ slug: 'lab-notes', name: 'Lab Notes', visibility: 'public', source: 'local', members_count: 1 });
      expect(first.membership).to.deep.equal({ role: 'owner', state: 'active' });
      expect((first as unknown as { url: string }).url).to.match(/\/groups\/lab-notes$/);
      expect((first as unknown as { created_at: string }).created_at).to.match(/\.\d{3}Z$/);
      const second = await createGroup('bob', { name: 'Lab  notes!', visibility: 'private' });
      expect(second).to.include({ slug: 'lab-notes-2', visibility: 'private' });
      expect(events).to.deep.include({ name: 'group.memberAdded', payload: { groupId: first.id, userId: world.users.carol.id } });
    });

    it('refuses a missing name or an unknown visibility with a 422 naming the field', async () => {
      expect((await world.api.bob.post('/api/v1/groups', { name: '  ' }).expect(422)).body.field).to.equal('name');
      expect((await world.api.bob.post('/api/v1/groups', { name: 'X', visibility: 'secret' }).expect(422)).body.field).to.equal('visibility');
    });
  });

  describe('joining', () => {
    it('a public group is joined at once, and the membership is told after commit', async () => {
      const group = await createGroup('carol', { name: 'Open Floor' });
      events.length = 0;
      const joined = (await world.api.bob.post(`/api/v1/groups/${group.id}/join`).expect(200)).body as ApiGroup;
      expect(joined.membership).to.deep.equal({ role: 'member', state: 'active' });
      expect(joined.members_count).to.equal(2);
      expect(events).to.deep.include({ name: 'group.memberAdded', payload: { groupId: group.id, userId: world.users.bob.id } });
      const mine = await world.api.bob.get('/api/v1/groups?member=true').expect(200);
      expect(mine.body.map((g: ApiGroup) => g.id)).to.include(group.id);
      const left = (await world.api.bob.post(`/api/v1/groups/${group.id}/leave`).expect(200)).body as ApiGroup;
      expect(left.membership).to.equal(null);
      expect(events).to.deep.include({ name: 'group.memberRemoved', payload: { groupId: group.id, userId: world.users.bob.id } });
    });

    it('a private group takes a request, its admins are notified and see it, and approval makes a member', async () => {
      const group = await createGroup('carol', { name: 'Board Room', visibility: 'private' });
      await world.api.bob.get(`/api/v1/groups/${group.id}`).expect(404);
      const requested = (await world.api.bob.post(`/api/v1/groups/${group.id}/join`).expect(200)).body as ApiGroup;
      expect(requested.membership).to.deep.equal({ role: 'member', state: 'requested' });
      expect(requested.members_count).to.equal(1);
      // The requester may now see the group's name, but not who is in it.
      expect((await world.api.bob.get(`/api/v1/groups/${group.id}`).expect(200)).body.name).to.equal('Board Room');
      await world.api.bob.get(`/api/v1/groups/${group.id}/members`).expect(404);

      const notifications = await world.api.carol.get('/api/v1/notifications?types[]=group_join_request').expect(200);
      const request = notifications.body.find((n: { group: ApiGroup | null }) => n.group?.id === group.id);
      expect(request).to.include({ type: 'group_join_request', warble_type: 'group_join_request', status: null });
      expect(request.account.id).to.equal(world.users.bob.id);

      const requests = await world.api.carol.get(`/api/v1/groups/${group.id}/requests`).expect(200);
      expect(requests.body.map((a: { id: string }) => a.id)).to.deep.equal([world.users.bob.id]);
      await world.api.bob.get(`/api/v1/groups/${group.id}/requests`).expect(403);

      const approved = await world.api.carol.post(`/api/v1/groups/${group.id}/requests/${world.users.bob.id}/approve`).expect(200);
      expect(approved.body).to.include({ role: 'member', state: 'active' });
      expect(approved.body.account.id).to.equal(world.users.bob.id);
      const members = await world.api.bob.get(`/api/v1/groups/${group.id}/members`).expect(200);
      expect(members.body.map((m: { account: { id: string }; role: string }) => [m.account.id, m.role])).to.have.deep.members([
        [world.users.carol.id, 'owner'],
        [world.users.bob.id, 'member'],
      ]);
      expect((await world.api.carol.get(`/api/v1/groups/${group.id}/requests`).expect(200)).body).to.deep.equal([]);
    });

    it('a rejected request leaves the person outside, and the group hidden again', async () => {
      const group = await createGroup('carol', { name: 'Hiring Panel', visibility: 'private' });
      await world.api.dave.post(`/api/v1/groups/${group.id}/join`).expect(200);
      await world.api.carol.post(`/api/v1/groups/${group.id}/requests/${world.users.dave.id}/reject`).expect(200);
      await world.api.dave.get(`/api/v1/groups/${group.id}`).expect(404);
      await world.api.carol.post(`/api/v1/groups/${group.id}/requests/${world.users.dave.id}/approve`).expect(404);
    });
  });

  describe('privacy', () => {
    it('a non-member gets 404 for a private group, its members and its posts through every group route', async () => {
      const group = await createGroup('carol', { name: 'Skunkworks', visibility: 'private' });
      await world.api.carol.post(`/api/v1/groups/${group.id}/members`, { account_id: world.users.bob.id }).expect(200);
      await world.api.bob.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(200);
      const { dave, ada, bob } = world.users;
      await insertPost(world, world.users.carol, { visibility: 'group', groupId: group.id, text: 'secret plans' });
      const base = `/api/v1/groups/${group.id}`;
      // ada is a site administrator: that is no pass into a private group.
      for (const client of [world.api.dave, world.api.ada]) {
        await client.get(base).expect(404);
        await client.get(`${base}/members`).expect(404);
        await client.get(`${base}/requests`).expect(404);
        await client.post(`${base}/leave`).expect(404);
        await client.post(`${base}/members`, { account_id: dave.id }).expect(404);
        await client.delete(`${base}/members/${bob.id}`).expect(404);
        await client.patch(`${base}/members/${bob.id}`, { role: 'admin' }).expect(404);
        await client.post(`${base}/members/${bob.id}/role`, { role: 'admin' }).expect(404);
        await client.post(`${base}/invitation/accept`).expect(404);
        await client.post(`${base}/invitation/decline`).expect(404);
        await client.post(`${base}/requests/${bob.id}/approve`).expect(404);
        await client.post(`${base}/requests/${bob.id}/reject`).expect(404);
        await client.get(`/api/v1/timelines/group/${group.id}`).expect(404);
        const listed = await client.get('/api/v1/groups').expect(200);
        expect(listed.body.map((g: ApiGroup) => g.id)).not.to.include(group.id);
        const body = JSON.stringify((await client.get('/api/v1/timelines/public').expect(200)).body);
        expect(body).not.to.include('secret plans');
      }
      expect(ada.isAdmin).to.equal(true);
      // Members see it all.
      await world.api.bob.get(base).expect(200);
      await world.api.bob.get(`${base}/members`).expect(200);
    });

    it('an unknown group is a 404 everywhere', async () => {
      await world.api.bob.get('/api/v1/groups/01ARZ3NDEKTSV4RRFFQ69G5FAV').expect(404);
      await world.api.bob.post('/api/v1/groups/01ARZ3NDEKTSV4RRFFQ69G5FAV/join').expect(404);
      await world.api.bob.get('/api/v1/groups/not-an-id/members').expect(404);
    });
  });

  describe('invitations', () => {
    it('an invited person sees the group, gets a notification, and may accept', async () => {
      const group = await createGroup('carol', { name: 'Design Crit', visibility: 'private' });
      const invited = await world.api.carol.post(`/api/v1/groups/${group.id}/members`, { account_id: world.users.dave.id }).expect(200);
      expect(invited.body).to.include({ role: 'member', state: 'invited' });
      const seen = (await world.api.dave.get(`/api/v1/groups/${group.id}`).expect(200)).body as ApiGroup;
      expect(seen.membership).to.deep.equal({ role: 'member', state: 'invited' });
      await world.api.dave.get(`/api/v1/groups/${group.id}/members`).expect(404);
      const notes = await world.api.dave.get('/api/v1/notifications?types[]=group_invite').expect(200);
      expect(notes.body.some((n: { group: ApiGroup | null; account: { id: string } }) => n.group?.id === group.id && n.account.id === world.users.carol.id)).to.equal(true);
      const accepted = (await world.api.dave.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(200)).body as ApiGroup;
      expect(accepted.membership).to.deep.equal({ role: 'member', state: 'active' });
      expect(accepted.members_count).to.equal(2);
      await world.api.dave.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(404);
    });

    it('an invited person may decline, after which the private group is hidden from them', async () => {
      const group = await createGroup('carol', { name: 'Offsite Planning', visibility: 'private' });
      await world.api.carol.post(`/api/v1/groups/${group.id}/members`, { account_id: world.users.bob.id }).expect(200);
      const declined = (await world.api.bob.post(`/api/v1/groups/${group.id}/invitation/decline`).expect(200)).body as ApiGroup;
      expect(declined.membership).to.equal(null);
      await world.api.bob.get(`/api/v1/groups/${group.id}`).expect(404);
      // The invitation notification went with the access.
      const notes = await world.api.bob.get('/api/v1/notifications?types[]=group_invite').expect(200);
      expect(notes.body.some((n: { group: ApiGroup | null }) => n.group?.id === group.id)).to.equal(false);
    });

    it('adding someone who asked to join approves them', async () => {
      const group = await createGroup('carol', { name: 'Quiet Room', visibility: 'private' });
      await world.api.dave.post(`/api/v1/groups/${group.id}/join`).expect(200);
      const added = await world.api.carol.post(`/api/v1/groups/${group.id}/members`, { account_id: world.users.dave.id }).expect(200);
      expect(added.body).to.include({ state: 'active', role: 'member' });
    });

    it('in a public group admins add people directly and plain members invite them', async () => {
      const group = await createGroup('carol', { name: 'Town Hall' });
      const added = await world.api.carol.post(`/api/v1/groups/${group.id}/members`, { account_id: world.users.bob.id }).expect(200);
      expect(added.body).to.include({ state: 'active' });
      const invited = await world.api.bob.post(`/api/v1/groups/${group.id}/members`, { account_id: world.users.dave.id }).expect(200);
      expect(invited.body).to.include({ state: 'invited' });
      expect((await world.api.bob.post(`/api/v1/groups/${group.id}/members`, {}).expect(422)).body.field).to.equal('account_id');
      await world.api.bob.post(`/api/v1/groups/${group.id}/members`, { account_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }).expect(404);
    });
  });

  describe('roles and refusals', () => {
    it('the last owner cannot leave or step down until someone else owns the group', async () => {
      const group = await createGroup('carol', { name: 'Ownership', visibility: 'private' });
      const refused = await world.api.carol.post(`/api/v1/groups/${group.id}/leave`).expect(422);
      expect(refused.body.field).to.equal('role');
      expect(refused.body.error).to.match(/last owner/);
      await world.api.carol.patch(`/api/v1/groups/${group.id}/members/${world.users.carol.id}`, { role: 'member' }).expect(422);
      await world.api.carol.post(`/api/v1/groups/${group.id}/members`, { account_id: world.users.bob.id, role: 'owner' }).expect(200);
      await world.api.bob.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(200);
      await world.api.carol.post(`/api/v1/groups/${group.id}/leave`).expect(200);
      await world.api.carol.get(`/api/v1/groups/${group.id}`).expect(404);
    });

    it('members cannot add, remove or promote; admins cannot promote or remove owners; owners can', async () => {
      const group = await createGroup('carol', { name: 'Ops', visibility: 'private' });
      const { bob, dave, ada } = world.users;
      for (const person of [bob, dave]) {
        await world.api.carol.post(`/api/v1/groups/${group.id}/members`, { account_id: person.id }).expect(200);
      }
      await world.api.bob.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(200);
      await world.api.dave.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(200);
      const base = `/api/v1/groups/${group.id}`;

      await world.api.bob.post(`${base}/members`, { account_id: ada.id }).expect(403);
      await world.api.bob.delete(`${base}/members/${dave.id}`).expect(403);
      await world.api.bob.patch(`${base}/members/${bob.id}`, { role: 'admin' }).expect(403);
      await world.api.bob.post(`${base}/members/${dave.id}/role`, { role: 'owner' }).expect(403);

      const promoted = await world.api.carol.patch(`${base}/members/${bob.id}`, { role: 'admin' }).expect(200);
      expect(promoted.body).to.include({ role: 'admin', state: 'active' });
      await world.api.bob.patch(`${base}/members/${dave.id}`, { role: 'admin' }).expect(403);
      await world.api.bob.post(`${base}/members`, { account_id: ada.id, role: 'admin' }).expect(403);
      await world.api.bob.delete(`${base}/members/${world.users.carol.id}`).expect(403);
      expect((await world.api.carol.patch(`${base}/members/${bob.id}`, { role: 'chief' }).expect(422)).body.field).to.equal('role');

      events.length = 0;
      await world.api.bob.delete(`${base}/members/${dave.id}`).expect(200);
      expect(events).to.deep.include({ name: 'group.memberRemoved', payload: { groupId: group.id, userId: dave.id } });
      await world.api.dave.get(base).expect(404);
      // Removing yourself is leaving.
      await world.api.bob.delete(`${base}/members/${bob.id}`).expect(200);
      await world.api.bob.get(base).expect(404);
    });

    it('a directory group refuses manual joins, leaves, invitations and removals with a clear 422', async () => {
      const { container } = world.testApp;
      const directoryGroup = await container.sequelize.transaction(async (transaction) => {
        const group = await container.groups.create({ slug: 'engineering', name: 'Engineering', source: 'ldap', directoryDn: 'cn=engineering,ou=groups,dc=example' }, transaction);
        await container.groups.addMembers(group.id, [world.users.bob.id], transaction);
        await container.groups.putMembership(group.id, world.users.carol.id, 'owner', 'active', transaction);
        return group;
      });
      const base = `/api/v1/groups/${directoryGroup.id}`;
      const join = await world.api.dave.post(`${base}/join`).expect(422);
      expect(join.body.error).to.match(/directory/);
      expect(join.body.field).to.equal('group');
      await world.api.bob.post(`${base}/leave`).expect(422);
      expect((await world.api.carol.post(`${base}/members`, { account_id: world.users.dave.id }).expect(422)).body.field).to.equal('account_id');
      await world.api.carol.delete(`${base}/members/${world.users.bob.id}`).expect(422);
      expect(await container.groups.memberIds(directoryGroup.id)).to.have.members([world.users.bob.id, world.users.carol.id]);
      const shown = (await world.api.dave.get(base).expect(200)).body as ApiGroup;
      expect(shown).to.include({ source: 'ldap', members_count: 2 });
    });
  });

  describe('lists', () => {
    it('lists only groups the viewer may see, and ?member=true only theirs', async () => {
      const open = await createGroup('dave', { name: 'Coffee Club' });
      const closed = await createGroup('dave', { name: 'Dave Private', visibility: 'private' });
      const all = (await world.api.bob.get('/api/v1/groups?limit=40').expect(200)).body as ApiGroup[];
      expect(all.map((g) => g.id)).to.include(open.id).and.not.include(closed.id);
      const daves = (await world.api.dave.get('/api/v1/groups?member=true&limit=40').expect(200)).body as ApiGroup[];
      expect(daves.map((g) => g.id)).to.include.members([open.id, closed.id]);
      expect(daves.every((g) => g.membership?.state === 'active')).to.equal(true);
    });

    it('pages a group’s members through Link headers without gaps or repeats', async () => {
      const group = await createGroup('carol', { name: 'Everyone' });
      const people = await createQuietPeople(world, 'member', 24);
      for (const person of people) await world.testApp.container.core.groupMembership.join(person, group.id);
      const walked = await walkPages(world.api.bob, `/api/v1/groups/${group.id}/members?limit=10`);
      expect(walked.pages).to.equal(3);
      expect(new Set(walked.ids).size).to.equal(25);
    });
  });
});
