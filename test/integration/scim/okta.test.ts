/**
 * The request sequence Okta sends (Okta's "SCIM 2.0 protocol reference"
 * for SCIM apps): look up by userName with startIndex/count, create with a
 * password and an empty groups list, full-profile PUT, path-less
 * `{"op":"replace","value":{"active":false}}`; groups pushed, renamed with a
 * path-less replace carrying the id, members added and removed by filter.
 */
import { expect } from 'chai';
import { seedPeople, type TestApp } from '../../helpers/test-app.js';
import { GROUP_SCHEMA, issueToken, openSession, PATCH_OP, scim, settingsWith, startScimApp, USER_SCHEMA, verifyCredentials } from './scim-support.js';

function oktaUser(givenName: string) {
  return {
    schemas: [USER_SCHEMA],
    userName: 'test.user@okta.local',
    name: { givenName, familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: `${givenName} User`,
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
  };
}

describe('SCIM: the requests Okta sends', function () {
  let testApp: TestApp;
  let client: ReturnType<typeof scim>;

  beforeEach(async function () {
    testApp = await startScimApp();
    await seedPeople(testApp);
    client = scim(testApp);
  });
  afterEach(async () => testApp.close());

  it('looks a person up, creates, reads, replaces with PUT, deactivates and reactivates them', async function () {
    const lookup = `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`;
    expect((await client.get(lookup).expect(200)).body).to.include({ totalResults: 0, startIndex: 1 });

    const { body: created } = await client.post('/Users', oktaUser('Test')).expect(201);
    expect(created).to.include({ userName: 'test.user@okta.local', active: true, displayName: 'Test User' });
    expect(created).to.not.have.property('password');
    const account = await testApp.container.users.findById(created.id);
    expect(account).to.include({ username: 'test.user', source: 'scim', passwordHash: null });
    expect((await client.get(lookup).expect(200)).body.Resources.map((user: { id: string }) => user.id)).to.deep.equal([created.id]);

    await client.get(`/Users/${created.id}`).expect(200);
    const replaced = await client.put(`/Users/${created.id}`, { ...oktaUser('Testy'), id: created.id }).expect(200);
    expect(replaced.body.displayName).to.equal('Testy User');
    expect((await testApp.container.users.findById(created.id))!.displayName).to.equal('Testy User');

    const cookie = await openSession(testApp, created.id);
    const token = await issueToken(testApp, created.id);
    await settingsWith(testApp, cookie).expect(200);
    const off = await client.patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }).expect(200);
    expect(off.body.active).to.equal(false);
    await settingsWith(testApp, cookie).expect(302);
    await verifyCredentials(testApp, token).expect(401);
    // Okta never deletes a person: a deactivated one stays visible to it, so it can reactivate them.
    expect((await client.get(lookup).expect(200)).body.totalResults).to.equal(1);

    // A PUT that does not mention active leaves the person deactivated.
    const { active: _active, ...withoutActive } = oktaUser('Testy');
    expect((await client.put(`/Users/${created.id}`, withoutActive).expect(200)).body.active).to.equal(false);

    const on = await client.patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] }).expect(200);
    expect(on.body.active).to.equal(true);
    expect((await testApp.container.users.findById(created.id))!.deactivatedAt).to.equal(null);
    // A password push is accepted and ignored: SCIM people sign in through the identity provider.
    await client.patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { password: 'n3wpassw0rd' } }] }).expect(200);
    expect((await testApp.container.users.findById(created.id))!.passwordHash).to.equal(null);
  });

  it('pushes a group, renames it, adds and removes members, replaces it with PUT and deletes it', async function () {
    const { body: person } = await client.post('/Users', oktaUser('Test')).expect(201);
    const { body: other } = await client.post('/Users', { ...oktaUser('Other'), userName: 'other.user@okta.local', externalId: '00uother' }).expect(201);
    expect((await client.get('/Groups?startIndex=1&count=100').expect(200)).body).to.include({ totalResults: 0 });

    const { body: group } = await client.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Test SCIMv2', members: [] }).expect(201);
    await client.get(`/Groups/${group.id}`).expect(200);
    await client
      .patch(`/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: group.id, displayName: 'Test SCIMv2 renamed' } }] })
      .expect(200);
    expect((await testApp.container.groups.findById(group.id))!.name).to.equal('Test SCIMv2 renamed');

    await client
      .patch(`/Groups/${group.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: person.id, display: 'test.user@okta.local' }, { value: other.id, display: 'other.user@okta.local' }] }],
      })
      .expect(200);
    expect((await testApp.container.groups.memberIds(group.id)).sort()).to.deep.equal([person.id, other.id].sort());
    await client.patch(`/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${person.id}"]` }] }).expect(200);
    expect(await testApp.container.groups.memberIds(group.id)).to.deep.equal([other.id]);

    const listed = await client.get('/Groups?startIndex=1&count=100').expect(200);
    expect(listed.body).to.include({ totalResults: 1, itemsPerPage: 1 });
    expect(listed.body.Resources[0].members).to.deep.equal([{ value: other.id, display: 'Other User', type: 'User' }]);

    await client.put(`/Groups/${group.id}`, { schemas: [GROUP_SCHEMA], id: group.id, displayName: 'Test SCIMv2', members: [{ value: person.id }] }).expect(200);
    expect(await testApp.container.groups.memberIds(group.id)).to.deep.equal([person.id]);

    await client.delete(`/Groups/${group.id}`).expect(204);
    expect((await client.get('/Groups?startIndex=1&count=100').expect(200)).body.totalResults).to.equal(0);
  });

  it('pages the people list with startIndex and count', async function () {
    for (const n of [1, 2, 3]) await client.post('/Users', { ...oktaUser(`P${n}`), userName: `p${n}@okta.local`, externalId: `00up${n}` }).expect(201);
    const page = await client.get('/Users?startIndex=2&count=1').expect(200);
    expect(page.body).to.include({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(page.body.Resources[0].userName).to.equal('p2@okta.local');
  });
});
