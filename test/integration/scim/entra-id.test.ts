/**
 * The request sequence Microsoft Entra ID sends (Microsoft's "Develop and
 * plan provisioning for a SCIM endpoint" tutorial, its request/response
 * examples), replayed against a real Warble: create, find by userName,
 * patch with capitalised ops, disable with a string boolean, delete; groups
 * created, found by displayName, renamed, members added and removed.
 */
import { expect } from 'chai';
import { seedPeople, type TestApp } from '../../helpers/test-app.js';
import {
  ENTERPRISE,
  GROUP_SCHEMA,
  issueToken,
  openSession,
  PATCH_OP,
  scim,
  settingsWith,
  startScimApp,
  USER_SCHEMA,
  verifyCredentials,
} from './scim-support.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

function entraUser(userName: string, externalId: string) {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    externalId,
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: `${userName.split('@')[0]}@contoso.example` }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Ingrid Larsen', familyName: 'Larsen', givenName: 'Ingrid' },
    displayName: 'Ingrid Larsen',
    title: 'Engineer',
    [ENTERPRISE]: { department: 'Research' },
    roles: [],
  };
}

describe('SCIM: the requests Entra ID sends', function () {
  let testApp: TestApp;
  let client: ReturnType<typeof scim>;

  beforeEach(async function () {
    testApp = await startScimApp();
    await seedPeople(testApp);
    client = scim(testApp);
  });
  afterEach(async () => testApp.close());

  it('creates a person, finds them by userName, patches them and answers the zero-result query', async function () {
    const created = await client.post('/Users', entraUser('Ingrid.Larsen@contoso.example', '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef')).expect(201);
    expect(created.headers['content-type']).to.match(/^application\/scim\+json/);
    const id = created.body.id as string;
    expect(created.headers.location).to.match(new RegExp(`/scim/v2/Users/${id}$`));
    expect(created.body).to.deep.include({ userName: 'Ingrid.Larsen@contoso.example', active: true, externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef' });
    expect(created.body.meta).to.include({ resourceType: 'User' });
    expect(created.body.meta.version).to.match(/^W\/"\d+"$/);
    expect(created.body[ENTERPRISE]).to.deep.equal({ department: 'Research' });

    const account = await testApp.container.users.findById(id);
    expect(account).to.include({ username: 'ingrid.larsen', source: 'scim', displayName: 'Ingrid Larsen', email: 'ingrid.larsen@contoso.example', title: 'Engineer', department: 'Research' });

    await client.get(`/Users/${id}`).expect(200).expect((response) => expect(response.body.id).to.equal(id));
    const found = await client.get(`/Users?filter=${encodeURIComponent('userName eq "ingrid.larsen@CONTOSO.example"')}`).expect(200);
    expect(found.body).to.include({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.schemas).to.deep.equal([LIST]);
    expect(found.body.Resources[0].id).to.equal(id);
    const none = await client.get(`/Users?filter=${encodeURIComponent('userName eq "non-existent user"')}`).expect(200);
    expect(none.body).to.include({ totalResults: 0 });
    expect(none.body.Resources).to.deep.equal([]);

    const patched = await client
      .patch(`/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ingrid.l@contoso.example' },
          { op: 'Replace', path: 'displayName', value: 'Ingrid Larsen-Berg' },
          { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Platform' },
        ],
      })
      .expect(200);
    expect(patched.body.emails).to.deep.equal([{ value: 'ingrid.l@contoso.example', type: 'work', primary: true }]);
    expect((await testApp.container.users.findById(id))).to.include({ email: 'ingrid.l@contoso.example', displayName: 'Ingrid Larsen-Berg', department: 'Platform' });
  });

  it('adds a work address to someone who had none (Add on a filtered path)', async function () {
    const body = { ...entraUser('nomail@contoso.example', 'x-1'), emails: undefined };
    const { body: created } = await client.post('/Users', body).expect(201);
    await client
      .patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'nomail@contoso.example' }] })
      .expect(200);
    expect((await testApp.container.users.findById(created.id))!.email).to.equal('nomail@contoso.example');
  });

  it('sets and removes a manager the way Entra sends it (a list holding one reference)', async function () {
    const { body: boss } = await client.post('/Users', entraUser('boss@contoso.example', 'ext-boss')).expect(201);
    const { body: report } = await client.post('/Users', entraUser('report@contoso.example', 'ext-report')).expect(201);
    const withManager = await client
      .patch(`/Users/${report.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: `${ENTERPRISE}:manager`, value: [{ $ref: null, value: boss.id }] }] })
      .expect(200);
    expect(withManager.body[ENTERPRISE].manager).to.deep.include({ value: boss.id });
    expect((await testApp.container.users.findById(report.id))!.manager).to.equal('boss');
    await client.patch(`/Users/${report.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `${ENTERPRISE}:manager` }] }).expect(200);
    expect((await testApp.container.users.findById(report.id))!.manager).to.equal(null);
  });

  it('disabling someone ("False" as Entra sends it) ends their session and API token at once; enabling lets them back', async function () {
    const { body: created } = await client.post('/Users', entraUser('dana@contoso.example', 'ext-dana')).expect(201);
    const cookie = await openSession(testApp, created.id);
    const token = await issueToken(testApp, created.id);
    await settingsWith(testApp, cookie).expect(200);
    await verifyCredentials(testApp, token).expect(200);

    const disabled = await client.patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }).expect(200);
    expect(disabled.body.active).to.equal(false);
    expect((await testApp.container.users.findById(created.id))!.deactivatedAt).to.be.instanceOf(Date);
    await settingsWith(testApp, cookie).expect(302);
    await verifyCredentials(testApp, token).expect(401);
    const audit = await testApp.container.models.AuditEvent.findAll({ where: { action: 'user.deactivated', targetId: created.id } });
    expect(audit).to.have.length(1);
    expect(audit[0]!.actorLabel).to.equal('scim');

    expect(await testApp.container.models.Session.count({ where: { userId: created.id } }), 'sessions ended, not only refused').to.equal(0);

    const enabled = await client.patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: true }] }).expect(200);
    expect(enabled.body.active).to.equal(true);
    expect((await testApp.container.users.findById(created.id))!.deactivatedAt).to.equal(null);
    // Back in, but only through a new sign-in: what was revoked stays revoked.
    await settingsWith(testApp, cookie).expect(302);
    await verifyCredentials(testApp, token).expect(401);
    await settingsWith(testApp, await openSession(testApp, created.id)).expect(200);
  });

  it('renames a person (Replace userName) and deletes them: 204, gone from SCIM, account deactivated but kept', async function () {
    const { body: created } = await client.post('/Users', entraUser('erin@contoso.example', 'ext-erin')).expect(201);
    await client.patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'userName', value: 'erin.m@contoso.example' }] }).expect(200);
    expect((await testApp.container.users.findById(created.id))!.username).to.equal('erin.m');
    const token = await issueToken(testApp, created.id);

    await client.delete(`/Users/${created.id}`).expect(204);
    await client.get(`/Users/${created.id}`).expect(404);
    const listed = await client.get(`/Users?filter=${encodeURIComponent('userName eq "erin.m@contoso.example"')}`).expect(200);
    expect(listed.body.totalResults).to.equal(0);
    const account = await testApp.container.users.findById(created.id);
    expect(account, 'the account stays, as directory sync keeps a leaver').to.not.equal(null);
    expect(account!.deactivatedAt).to.be.instanceOf(Date);
    await verifyCredentials(testApp, token).expect(401);
    await client.delete(`/Users/${created.id}`).expect(404);

    // Provisioned again later: the same account (and its posts) comes back, active, under the new SCIM resource.
    const again = await client.post('/Users', entraUser('erin.m@contoso.example', 'ext-erin-2')).expect(201);
    expect(again.body.id).to.equal(created.id);
    expect(again.body).to.include({ active: true, externalId: 'ext-erin-2' });
    expect((await testApp.container.users.findById(created.id))!.deactivatedAt).to.equal(null);
  });

  it('creates a group, finds it by displayName, renames it, adds and removes members, deletes it', async function () {
    const { body: alice } = await client.post('/Users', entraUser('alice@contoso.example', 'ext-a')).expect(201);
    const { body: carl } = await client.post('/Users', entraUser('carl@contoso.example', 'ext-c')).expect(201);
    const created = await client
      .post('/Groups', { schemas: [GROUP_SCHEMA], externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159', displayName: 'Research Team', meta: { resourceType: 'Group' } })
      .expect(201);
    const groupId = created.body.id as string;
    expect(created.body).to.include({ displayName: 'Research Team', externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159' });
    const group = await testApp.container.groups.findById(groupId);
    expect(group).to.include({ source: 'scim', name: 'Research Team', slug: 'research-team', visibility: 'public' });

    const byName = await client.get(`/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Research Team"')}`).expect(200);
    expect(byName.body.totalResults).to.equal(1);
    expect(byName.body.Resources[0]).to.include({ id: groupId });
    expect(byName.body.Resources[0]).to.not.have.property('members');

    await client.patch(`/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'displayName', value: 'Research' }] }).expect(200);
    expect((await testApp.container.groups.findById(groupId))!.name).to.equal('Research');

    await client
      .patch(`/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: alice.id }, { $ref: null, value: carl.id }] }] })
      .expect(200);
    expect((await testApp.container.groups.memberIds(groupId)).sort()).to.deep.equal([alice.id, carl.id].sort());
    await client.patch(`/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: alice.id }] }] }).expect(200);
    expect(await testApp.container.groups.memberIds(groupId)).to.deep.equal([carl.id]);
    const fetched = await client.get(`/Groups/${groupId}`).expect(200);
    expect(fetched.body.members).to.deep.equal([{ value: carl.id, display: 'Ingrid Larsen', type: 'User' }]);

    await client.delete(`/Groups/${groupId}`).expect(204);
    await client.get(`/Groups/${groupId}`).expect(404);
    const archived = await testApp.container.groups.findById(groupId);
    expect(archived!.archivedAt).to.be.instanceOf(Date);
    expect(await testApp.container.groups.memberIds(groupId)).to.deep.equal([]);
  });

  it('answers the discovery resources Entra reads', async function () {
    const config = await client.get('/ServiceProviderConfig').expect(200);
    expect(config.body.patch).to.deep.equal({ supported: true });
    expect(config.body.filter).to.include({ supported: true, maxResults: 200 });
    const types = await client.get('/ResourceTypes').expect(200);
    expect(types.body.Resources.map((type: { name: string }) => type.name)).to.have.members(['User', 'Group']);
    const schemas = await client.get('/Schemas').expect(200);
    expect(schemas.body.Resources.map((schema: { id: string }) => schema.id)).to.include.members([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE]);
  });
});
