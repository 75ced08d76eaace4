import { expect } from 'chai';
import { wireSaml } from '../../../server/auth/saml/saml-wiring.js';
import { SamlRefusal } from '../../../server/auth/saml/saml-refusal.js';
import type { SamlServiceProvider } from '../../../server/auth/saml/saml-service-provider.js';
import { createLogger } from '../../../server/logging/logger.js';
import { CAROL, samlTestEnv, TestSamlIdp, type AnswerTweaks } from '../../helpers/saml-idp.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

const PUBLIC_URL = 'http://warble.test';
const ACS = `${PUBLIC_URL}/auth/saml/acs`;

async function refusalOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof SamlRefusal) return error.reason;
    throw error;
  }
  throw new Error('the response was accepted');
}

describe('SAML assertions at the ACS', () => {
  let idp: TestSamlIdp;
  let testApp: TestApp;
  let sp: SamlServiceProvider;

  before(async () => {
    idp = await TestSamlIdp.start();
  });
  after(() => idp.close());
  beforeEach(async () => {
    testApp = await startTestApp(samlTestEnv(idp, PUBLIC_URL));
    sp = testApp.container.saml!;
    idp.user = structuredClone(CAROL);
  });
  afterEach(() => testApp.close());

  /** One SP-initiated round trip: Warble's AuthnRequest, the IdP's (possibly bent) answer, Warble's verdict. */
  async function roundTrip(tweaks: AnswerTweaks = {}, provider: SamlServiceProvider = sp) {
    const signInUrl = await provider.loginUrl('/after');
    idp.nextAnswer(tweaks);
    const answer = idp.answer(signInUrl);
    return { answer, profile: provider.consume(answer.SAMLResponse) };
  }

  it('accepts a signed assertion answering its request and maps the attributes', async () => {
    const { answer, profile } = await roundTrip();
    expect(answer.acsUrl).to.equal(ACS);
    expect(answer.RelayState).to.equal('/after');
    expect(await profile).to.deep.equal({
      provider: 'saml',
      issuer: idp.entityId,
      subject: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      username: 'carol',
      email: 'carol@corp.example',
      displayName: 'Carol Cooper',
      groups: ['Engineering', 'warble-admins'],
      isAdmin: true,
    });
  });

  it('sends an AuthnRequest for a persistent NameID, with its own entity ID as issuer', async () => {
    const url = new URL(await sp.loginUrl('/'));
    expect(url.origin + url.pathname).to.equal(`${idp.url}/sso`);
    const { inflateRawSync } = await import('node:zlib');
    const request = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    expect(request).to.contain(`<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${PUBLIC_URL}/auth/saml/metadata</saml:Issuer>`);
    expect(request).to.contain('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    expect(request).to.contain(`AssertionConsumerServiceURL="${ACS}"`);
  });

  it('leaves groups and the admin flag alone when the IdP sends no group attribute', async () => {
    idp.user = { nameId: 'n-2', attributes: { email: 'dan@corp.example' } };
    const { profile } = await roundTrip();
    expect(await profile).to.include({ username: null, email: 'dan@corp.example', displayName: null, groups: null, isAdmin: null });
  });

  it('refuses an assertion for another audience', async () => {
    const { profile } = await roundTrip({ audience: 'https://other-sp.example/metadata' });
    expect(await refusalOf(profile)).to.equal('audience');
  });

  it('refuses an assertion addressed to another recipient', async () => {
    const { profile } = await roundTrip({ recipient: 'https://other-sp.example/acs' });
    expect(await refusalOf(profile)).to.equal('recipient');
  });

  it('refuses a response sent to another destination', async () => {
    const { profile } = await roundTrip({ destination: 'https://other-sp.example/acs' });
    expect(await refusalOf(profile)).to.equal('destination');
  });

  it('refuses an expired assertion (NotOnOrAfter passed, beyond the clock skew)', async () => {
    const { profile } = await roundTrip({ issueInstant: new Date(Date.now() - 20 * 60_000), notOnOrAfter: new Date(Date.now() - 2 * 60_000) });
    expect(await refusalOf(profile)).to.equal('expired');
  });

  it('accepts an assertion that expired within the allowed clock skew', async () => {
    const { profile } = await roundTrip({ notOnOrAfter: new Date(Date.now() - 10_000) });
    expect((await profile).subject).to.equal(idp.user.nameId);
  });

  it('refuses the same response posted twice', async () => {
    const { answer, profile } = await roundTrip();
    await profile;
    expect(await refusalOf(sp.consume(answer.SAMLResponse))).to.equal('in-response-to');
  });

  it('refuses an assertion already accepted, even inside a response to a new request', async () => {
    const { profile } = await roundTrip({ assertionId: '_reused-assertion' });
    await profile;
    const again = await roundTrip({ assertionId: '_reused-assertion' });
    expect(await refusalOf(again.profile)).to.equal('replay');
  });

  it('shares requests and accepted assertions between nodes through the database', async () => {
    const otherNode = (await wireSaml(testApp.config, testApp.container.sequelize, createLogger('silent')))!;
    // Node A sends the request, node B receives the answer.
    const signInUrl = await sp.loginUrl('/');
    const answer = idp.answer(signInUrl);
    expect((await otherNode.consume(answer.SAMLResponse)).subject).to.equal(idp.user.nameId);
    // The same assertion (re-wrapped for a fresh request of node A) is refused by node A.
    const assertionId = /<saml:Assertion [^>]*ID="([^"]+)"/.exec(answer.xml)![1]!;
    const again = await roundTrip({ assertionId });
    expect(await refusalOf(again.profile)).to.equal('replay');
  });

  it('reports a database failure as one, not as a refused response', async () => {
    const { connectDatabase } = await import('../../../server/db/connect.js');
    const { resolveDatabaseTarget } = await import('../../../server/db/database-url.js');
    const connection = await connectDatabase({
      target: resolveDatabaseTarget(testApp.config.database.url, testApp.config.dataDir),
      poolMax: 1,
      busyTimeoutMs: 1000,
      logger: createLogger('silent'),
    });
    const node = (await wireSaml(testApp.config, connection, createLogger('silent')))!;
    const answer = idp.answer(await node.loginUrl('/'));
    await connection.close();
    let failure: unknown;
    await node.consume(answer.SAMLResponse).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(Error);
    expect(failure).not.to.be.instanceOf(SamlRefusal);
    expect((failure as Error).message).to.match(/connection manager was closed/);
  });

  it('refuses an unsolicited response (no InResponseTo) and one answering a request it never sent', async () => {
    expect(await refusalOf((await roundTrip({ inResponseTo: null })).profile)).to.equal('in-response-to');
    expect(await refusalOf((await roundTrip({ inResponseTo: '_never-sent' })).profile)).to.equal('in-response-to');
  });

  it('refuses an assertion signed by another key', async () => {
    const { profile } = await roundTrip({ signedBy: 'other' });
    expect(await refusalOf(profile)).to.equal('signature');
  });

  it('refuses an unsigned assertion', async () => {
    const { profile } = await roundTrip({ signedBy: 'nobody' });
    expect(await refusalOf(profile)).to.equal('signature');
  });

  it('refuses an assertion whose attribute was changed after signing', async () => {
    const { profile } = await roundTrip({ tamper: (xml) => xml.replace('>Engineering<', '>warble-admins<').replace('carol@corp.example', 'ceo@corp.example') });
    expect(await refusalOf(profile)).to.equal('signature');
  });

  it('refuses an assertion whose NameID was changed after signing', async () => {
    const { profile } = await roundTrip({ tamper: (xml) => xml.replace(idp.user.nameId, 'someone-else') });
    expect(await refusalOf(profile)).to.equal('signature');
  });

  it('refuses an assertion from another issuer, even signed with the trusted key', async () => {
    const { profile } = await roundTrip({ issuer: 'https://impostor.example/idp' });
    expect(await refusalOf(profile)).to.equal('issuer');
  });

  it('refuses a transient NameID, which cannot identify an account', async () => {
    const { profile } = await roundTrip({ nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' });
    expect(await refusalOf(profile)).to.equal('subject');
  });

  it('refuses garbage and an empty SAMLResponse', async () => {
    expect(await refusalOf(sp.consume(''))).to.equal('missing');
    expect(await refusalOf(sp.consume(Buffer.from('this is not XML').toString('base64')))).to.equal('malformed');
    // Well-formed but no answer to anything Warble asked.
    expect(await refusalOf(sp.consume(Buffer.from('<not-saml/>').toString('base64')))).to.equal('in-response-to');
  });
});
