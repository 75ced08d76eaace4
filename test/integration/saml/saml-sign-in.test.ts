import { expect } from 'chai';
import { CAROL, formFields, samlTestEnv, TestSamlIdp, type AnswerTweaks } from '../../helpers/saml-idp.js';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

const PUBLIC_URL = 'http://warble.test';

describe('SAML sign-in over HTTP (SP-initiated, with the test IdP)', () => {
  let idp: TestSamlIdp;
  let testApp: TestApp;

  before(async () => {
    idp = await TestSamlIdp.start();
  });
  after(() => idp.close());
  beforeEach(async () => {
    testApp = await startTestApp(samlTestEnv(idp, PUBLIC_URL));
    await seedPeople(testApp);
    idp.user = structuredClone(CAROL);
  });
  afterEach(() => testApp.close());

  /** The browser's trip: Warble's sign-in button, the IdP's page (real HTTP), the form it posts back. */
  async function viaIdp(client: WebClient, returnTo: string, tweaks: AnswerTweaks = {}) {
    const start = await client.get(`/auth/saml/login?returnTo=${encodeURIComponent(returnTo)}`).expect(302);
    idp.nextAnswer(tweaks);
    const page = await fetch(start.headers.location!);
    expect(page.status).to.equal(200);
    const { action, fields } = formFields(await page.text());
    expect(action).to.equal(`${PUBLIC_URL}/auth/saml/acs`);
    return { fields, post: (body = fields) => client.agent.post('/auth/saml/acs').type('form').set('Accept', 'text/html').send(body) };
  }

  it('shows the SAML button on the sign-in page and publishes SP metadata', async () => {
    const login = await new WebClient(testApp).get('/login?returnTo=%2Fsettings').expect(200);
    expect(login.text).to.contain('href="/auth/saml/login?returnTo&#x3D;%2Fsettings"');
    expect(login.text).to.contain('Sign in with Contoso');
    const metadata = await new WebClient(testApp).get('/auth/saml/metadata').expect(200);
    expect(metadata.headers['content-type']).to.match(/^application\/samlmetadata\+xml/);
    expect(metadata.text).to.contain(`entityID="${PUBLIC_URL}/auth/saml/metadata"`);
    expect(metadata.text).to.contain(`Location="${PUBLIC_URL}/auth/saml/acs"`);
    expect(metadata.text).to.contain('WantAssertionsSigned="true"');
  });

  it('signs in, creating the account just in time with its groups and admin flag, and lands on the return path', async () => {
    const client = new WebClient(testApp);
    const { post } = await viaIdp(client, '/settings');
    const done = await post();
    expect(done.status).to.equal(302);
    expect(done.headers.location).to.equal('/settings');
    await client.get('/settings').expect(200);

    const carol = await testApp.container.users.findByUsername('carol');
    expect(carol!.get({ plain: true })).to.include({ source: 'saml', displayName: 'Carol Cooper', email: 'carol@corp.example', isAdmin: true });
    const links = await testApp.container.externalIdentities.listForUser(carol!.id);
    expect(links.map((link) => [link.provider, link.issuer, link.subject])).to.deep.equal([['saml', idp.entityId, idp.user.nameId]]);
    const engineering = await testApp.container.groups.findByDirectoryDn(`saml:${idp.entityId}#Engineering`);
    expect(await testApp.container.groups.memberIds(engineering!.id)).to.deep.equal([carol!.id]);
    const audit = await testApp.container.models.AuditEvent.findOne({ where: { action: 'sign-in.succeeded', actorId: carol!.id } });
    expect(JSON.parse(audit!.detail)).to.deep.include({ method: 'saml', issuer: idp.entityId });
  });

  it('finds the same account on the next sign-in, by NameID, and follows group changes', async () => {
    await (await viaIdp(new WebClient(testApp), '/')).post().expect(302);
    idp.user.attributes = { uid: 'carol-renamed', email: 'carol@corp.example', displayName: 'Carol C.', groups: ['Sales'] };
    await (await viaIdp(new WebClient(testApp), '/')).post().expect(302);
    const carol = await testApp.container.users.findByUsername('carol');
    expect(carol!.displayName).to.equal('Carol C.');
    expect(carol!.isAdmin).to.equal(false);
    expect(await testApp.container.users.findByUsername('carol-renamed')).to.equal(null);
    const engineering = await testApp.container.groups.findByDirectoryDn(`saml:${idp.entityId}#Engineering`);
    expect(await testApp.container.groups.memberIds(engineering!.id)).to.deep.equal([]);
  });

  it('never takes over a local account with the same user name', async () => {
    idp.user.attributes = { uid: MEMBER.username, email: 'bob@evil.example', groups: ['warble-admins'] };
    const response = await (await viaIdp(new WebClient(testApp), '/')).post();
    expect(response.status).to.equal(403);
    expect(response.text).to.contain('already exists in Warble and is not linked');
    expect((await testApp.container.users.findByUsername(MEMBER.username))!.isAdmin).to.equal(false);
  });

  for (const [name, tweaks, samlReason] of [
    ['another audience', { audience: 'https://other-sp.example/metadata' }, 'audience'],
    ['another recipient', { recipient: 'https://other-sp.example/acs' }, 'recipient'],
    ['another destination', { destination: 'https://other-sp.example/acs' }, 'destination'],
    ['an expired assertion', { issueInstant: new Date(Date.now() - 30 * 60_000), notOnOrAfter: new Date(Date.now() - 10 * 60_000) }, 'expired'],
    ['a signature by another key', { signedBy: 'other' }, 'signature'],
    ['an unsigned assertion', { signedBy: 'nobody' }, 'signature'],
    ['an attribute changed after signing', { tamper: (xml: string) => xml.replace('>carol<', '>ada<') }, 'signature'],
  ] as [string, AnswerTweaks, string][]) {
    it(`refuses ${name}: no session, no account, an audited failure`, async () => {
      const client = new WebClient(testApp);
      const response = await (await viaIdp(client, '/settings', tweaks)).post();
      expect(response.status).to.be.oneOf([400, 401, 403]);
      expect(response.headers.location).to.equal(undefined);
      expect(await testApp.container.users.findByUsername('carol')).to.equal(null);
      // Still anonymous: the protected page sends the browser to sign in.
      expect((await client.get('/settings')).headers.location).to.match(/^\/login/);
      const failure = await testApp.container.models.AuditEvent.findOne({ where: { action: 'sign-in.failed' }, order: [['createdAt', 'DESC']] });
      expect(JSON.parse(failure!.detail)).to.deep.include({ method: 'saml', samlReason });
    });
  }

  it('refuses a replayed response, even from the browser that used it', async () => {
    const client = new WebClient(testApp);
    const { post, fields } = await viaIdp(client, '/');
    await post().expect(302);
    const replay = await new WebClient(testApp).agent.post('/auth/saml/acs').type('form').send(fields);
    expect(replay.status).to.equal(400);
    expect(replay.text).to.contain('already used');
  });

  it("refuses a valid response planted in another browser that did not start the sign-in (login CSRF)", async () => {
    idp.user.attributes = { uid: 'mallory', email: 'mallory@corp.example' };
    const attacker = new WebClient(testApp);
    const { fields } = await viaIdp(attacker, '/');
    // The victim's browser started its own sign-in: its cookie names another request.
    const victim = new WebClient(testApp);
    await victim.get('/auth/saml/login').expect(302);
    const planted = await victim.agent.post('/auth/saml/acs').type('form').send(fields);
    expect(planted.status).to.equal(400);
    expect(await testApp.container.users.findByUsername('mallory')).to.equal(null);
  });

  it('never redirects off-site after sign-in', async () => {
    const client = new WebClient(testApp);
    const { post, fields } = await viaIdp(client, '/');
    const done = await post({ ...fields, RelayState: '//evil.example/phish' });
    expect(done.headers.location).to.equal('/');
  });

  it('refuses a post without a SAMLResponse with a 400 and the sign-in page', async () => {
    const response = await new WebClient(testApp).agent.post('/auth/saml/acs').type('form').send({ RelayState: '/' });
    expect(response.status).to.equal(400);
    expect(response.text).to.contain('action="/login"');
  });
});
