/** What SCIM refuses, each in the SCIM error format identity providers read (RFC 7644 §3.12). */
import { expect } from 'chai';
import supertest from 'supertest';
import { SCIM_FAILURES_PER_WINDOW } from '../../../server/auth/scim-authenticator.js';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';
import { ERROR_SCHEMA, PATCH_OP, scim, SCIM_TOKEN, startScimApp, USER_SCHEMA } from './scim-support.js';

const person = (userName: string) => ({ schemas: [USER_SCHEMA], userName, displayName: 'Someone', active: true });

function expectScimError(response: supertest.Response, status: number, scimType?: string): void {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.headers['content-type']).to.match(/^application\/scim\+json/);
  expect(response.body.schemas).to.deep.equal([ERROR_SCHEMA]);
  expect(response.body.status).to.equal(String(status));
  expect(response.body.detail).to.be.a('string').and.not.equal('');
  if (scimType) expect(response.body.scimType).to.equal(scimType);
}

describe('SCIM refusals', function () {
  let testApp: TestApp;

  beforeEach(async function () {
    testApp = await startScimApp();
    await seedPeople(testApp);
  });
  afterEach(async () => testApp.close());

  it('refuses a call without a token or with a wrong one (401), and creates nobody', async function () {
    const before = await testApp.container.models.User.count();
    expectScimError(await scim(testApp, null).get('/Users'), 401);
    expectScimError(await scim(testApp, null).post('/Users', person('eve@contoso.example')), 401);
    const wrong = await scim(testApp, `${SCIM_TOKEN}x`).post('/Users', person('eve@contoso.example'));
    expectScimError(wrong, 401);
    expect(wrong.headers['www-authenticate']).to.match(/^Bearer/);
    expectScimError(await scim(testApp, SCIM_TOKEN.slice(0, -1)).get('/ServiceProviderConfig'), 401);
    expect(await testApp.container.models.User.count()).to.equal(before);
  });

  it('stops an address that keeps sending wrong tokens (429 with Retry-After)', async function () {
    for (let attempt = 0; attempt < SCIM_FAILURES_PER_WINDOW; attempt += 1) expectScimError(await scim(testApp, `guess-${attempt}`).get('/Users'), 401);
    const blocked = await scim(testApp, 'one-more-guess').get('/Users');
    expectScimError(blocked, 429);
    expect(Number(blocked.headers['retry-after'])).to.be.greaterThan(0);
  });

  it('never takes over a local or directory account with the same user name (409 uniqueness)', async function () {
    expectScimError(await scim(testApp).post('/Users', person(`${MEMBER.username}@contoso.example`)), 409, 'uniqueness');
    const directory = await testApp.container.sequelize.transaction((transaction) =>
      testApp.container.users.create({ username: 'dirk', displayName: 'Dirk Directory', source: 'ldap' }, transaction),
    );
    expectScimError(await scim(testApp).post('/Users', person('Dirk@contoso.example')), 409, 'uniqueness');
    expect(await testApp.container.users.findById(directory.id)).to.include({ source: 'ldap', displayName: 'Dirk Directory' });
    expect((await testApp.container.users.findByUsername(MEMBER.username))!.source).to.equal('local');
    expect(await testApp.container.models.ScimResource.count()).to.equal(0);
  });

  it('refuses a second person with a userName already provisioned (409), and a rename onto a taken name', async function () {
    const { body: first } = await scim(testApp).post('/Users', person('sam@contoso.example')).expect(201);
    expectScimError(await scim(testApp).post('/Users', person('SAM@contoso.example')), 409, 'uniqueness');
    const rename = await scim(testApp).patch(`/Users/${first.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'userName', value: 'bob@contoso.example' }] });
    expectScimError(rename, 409, 'uniqueness');
    expect((await testApp.container.users.findById(first.id))!.username).to.equal('sam');
  });

  it('creates one person when the same userName is posted twice at once; the other call gets 409', async function () {
    const attempts = await Promise.all([1, 2, 3].map(() => scim(testApp).post('/Users', person('twin@contoso.example'))));
    expect(attempts.map((response) => response.status).sort()).to.deep.equal([201, 409, 409]);
    for (const refused of attempts.filter((response) => response.status === 409)) expectScimError(refused, 409, 'uniqueness');
    expect(await testApp.container.models.User.count({ where: { username: 'twin' } })).to.equal(1);
  });

  it('refuses malformed filters and filters on unknown attributes (400 invalidFilter)', async function () {
    for (const filter of ['userName eq "unterminated', 'userName xx "a"', '(userName eq "a"', 'userName eq', 'nickName2 eq "x"']) {
      expectScimError(await scim(testApp).get(`/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
    }
    expectScimError(await scim(testApp).get(`/Groups?filter=${encodeURIComponent('userName eq "a"')}`), 400, 'invalidFilter');
  });

  it('refuses a PATCH on an unknown attribute (invalidPath), an unknown op, a non-PatchOp body and a missing userName', async function () {
    const { body: created } = await scim(testApp).post('/Users', person('pat@contoso.example')).expect(201);
    expectScimError(await scim(testApp).patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'shoeSize', value: 44 }] }), 400, 'invalidPath');
    expectScimError(await scim(testApp).patch(`/Users/${created.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Merge', path: 'title', value: 'x' }] }), 400, 'invalidSyntax');
    expectScimError(await scim(testApp).patch(`/Users/${created.id}`, { Operations: [{ op: 'Replace', path: 'title', value: 'x' }] }), 400, 'invalidSyntax');
    expectScimError(await scim(testApp).post('/Users', { schemas: [USER_SCHEMA], displayName: 'No Name' }), 400);
    expectScimError(await scim(testApp).post('/Users', person('!!!@contoso.example')), 400, 'invalidValue');
    expectScimError(await scim(testApp).post('/Users', { ...person('ctrl@contoso.example'), displayName: 'Bell\u0007' }), 400, 'invalidValue');
    expect(await testApp.container.users.findByUsername('ctrl')).to.equal(null);
    expectScimError(await scim(testApp).get('/Users?startIndex=abc'), 400, 'invalidValue');
  });

  it('refuses a body that is not JSON (400) and answers 404 for unknown ids and endpoints', async function () {
    const broken = await supertest(testApp.callback)
      .post('/scim/v2/Users')
      .set('Authorization', `Bearer ${SCIM_TOKEN}`)
      .set('Content-Type', 'application/scim+json')
      .send('{"userName": ');
    expectScimError(broken, 400);
    expectScimError(await scim(testApp).get('/Users/01JNOTAUSER000000000000000'), 404);
    expectScimError(await scim(testApp).delete('/Groups/01JNOTAGROUP00000000000000'), 404);
    expectScimError(await scim(testApp).get('/Bulk'), 404);
    // A local account is not a SCIM resource, even by its id.
    const local = await testApp.container.users.findByUsername(MEMBER.username);
    expectScimError(await scim(testApp).get(`/Users/${local!.id}`), 404);
  });

  it('keeps Warble members from editing a SCIM group by hand', async function () {
    const { body: group } = await scim(testApp).post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Provisioned' }).expect(201);
    const bob = await testApp.container.users.findByUsername(MEMBER.username);
    const error = await testApp.container.core.groupMembership.join(bob!, group.id).then(
      () => null,
      (caught: unknown) => caught as { status?: number; message?: string },
    );
    expect(error?.status).to.equal(422);
    expect(error?.message).to.include('SCIM');
    expect(await testApp.container.groups.memberIds(group.id)).to.deep.equal([]);
    const web = new WebClient(testApp);
    expect((await web.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    const page = await web.get('/groups/provisioned').expect(200);
    expect(page.text).to.include('From the company directory');
    expect(page.text).to.not.include('/groups/provisioned/join');
  });
});

describe('SCIM switched off or misconfigured', function () {
  it('serves nothing at /scim/v2 unless auth.scim.enabled', async function () {
    const testApp = await startTestApp();
    try {
      await seedPeople(testApp);
      const response = await supertest(testApp.callback).get('/scim/v2/Users').set('Authorization', `Bearer ${SCIM_TOKEN}`);
      expect(response.status).to.equal(404);
      expect(response.headers['content-type'] ?? '').to.not.match(/scim/);
    } finally {
      await testApp.close();
    }
  });

  it('refuses to start with SCIM enabled and no token or a short one, naming auth.scim.token', async function () {
    for (const token of ['', 'short-token']) {
      const failure = await startScimApp({ WARBLE_AUTH_SCIM_TOKEN: token }).then(
        async (started) => {
          await started.close();
          return null;
        },
        (error: unknown) => error as Error,
      );
      expect(failure?.message).to.include('auth.scim.token');
    }
  });
});
