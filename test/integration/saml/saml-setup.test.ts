import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { IdpMetadataSource } from '../../../server/auth/saml/idp-metadata-source.js';
import { SamlRefusal } from '../../../server/auth/saml/saml-refusal.js';
import { SamlReplayCache } from '../../../server/auth/saml/saml-replay-cache.js';
import { SamlServiceProvider } from '../../../server/auth/saml/saml-service-provider.js';
import { resolveSamlSettings } from '../../../server/auth/saml/saml-settings.js';
import { ConfigError } from '../../../server/config/config-error.js';
import { SamlReplayRepository } from '../../../server/db/repositories/saml-replay-repository.js';
import { createLogger } from '../../../server/logging/logger.js';
import { captureLog } from '../../helpers/log-capture.js';
import { CAROL, formFields, samlTestEnv, TestSamlIdp, testKeyPair } from '../../helpers/saml-idp.js';
import { seedPeople, startTestApp } from '../../helpers/test-app.js';
import { tempDir } from '../../helpers/temp-dirs.js';
import { WebClient } from '../../helpers/web-client.js';

const ON = { WARBLE_PUBLIC_URL: 'https://warble.corp.example', WARBLE_AUTH_SAML_ENABLED: 'true' };

describe('SAML set-up: metadata sources and signed requests', () => {
  let idp: TestSamlIdp;
  before(async () => {
    idp = await TestSamlIdp.start();
  });
  after(() => idp.close());
  afterEach(() => {
    idp.spCertificate = null;
  });

  it('on a fresh instance, the first member of the SAML admin group to sign in completes setup', async () => {
    const testApp = await startTestApp(samlTestEnv(idp, 'http://warble.test'));
    try {
      idp.user = structuredClone(CAROL);
      const client = new WebClient(testApp);
      expect((await client.get('/')).headers.location).to.equal('/setup');
      const start = await client.get('/auth/saml/login').expect(302);
      const { fields } = formFields(await (await fetch(start.headers.location!)).text());
      await client.agent.post('/auth/saml/acs').type('form').send(fields).expect(302);
      expect((await testApp.container.users.findByUsername('carol'))!.isAdmin).to.equal(true);
      expect((await client.get('/')).status).to.equal(200);
    } finally {
      await testApp.close();
    }
  });

  it('reads URL metadata again after a signature fails, at most once a minute, so a rolled-over IdP key is picked up', async () => {
    const rolling = await TestSamlIdp.start();
    const testApp = await startTestApp(samlTestEnv(rolling, 'http://warble.test'));
    try {
      let clock = Date.now();
      const settings = resolveSamlSettings(testApp.config)!;
      const source = new IdpMetadataSource(settings.metadata, createLogger('silent'), () => clock);
      await source.load();
      const sp = new SamlServiceProvider(settings, source, new SamlReplayCache(new SamlReplayRepository(testApp.container.sequelize)), createLogger('silent'));
      const signIn = async () => sp.consume(rolling.answer(await sp.loginUrl('/')).SAMLResponse);
      const reasonOf = (attempt: Promise<unknown>) => attempt.then(() => 'accepted', (error: SamlRefusal) => error.reason);
      expect(await reasonOf(signIn())).to.equal('accepted');
      rolling.rollSigningKey('warble-test-idp-rolled');
      expect(await reasonOf(signIn())).to.equal('signature');
      clock += 30_000;
      expect(await reasonOf(signIn())).to.equal('signature');
      clock += 60_000;
      expect(await reasonOf(signIn())).to.equal('signature');
      expect(await reasonOf(signIn())).to.equal('accepted');
    } finally {
      await testApp.close();
      await rolling.close();
    }
  });

  it('reads IdP metadata from a file, and refuses to start on a broken file, naming the key', async () => {
    const file = path.join(tempDir('warble-saml-md-'), 'idp.xml');
    writeFileSync(file, idp.metadataXml());
    const testApp = await startTestApp({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_FILE: file });
    try {
      expect(new URL(await testApp.container.saml!.loginUrl('/')).origin).to.equal(idp.url);
    } finally {
      await testApp.close();
    }
    writeFileSync(file, '<html>not metadata</html>');
    let failure: unknown;
    await startTestApp({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_FILE: file }).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as Error).message).to.match(/^auth\.saml\.idpMetadataFile: no IDPSSODescriptor/);
  });

  it('starts while the IdP is unreachable and tells people it is unavailable (503) until it answers', async () => {
    const testApp = await startTestApp({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_URL: 'http://127.0.0.1:9/metadata' });
    try {
      await seedPeople(testApp);
      const response = await new WebClient(testApp).get('/auth/saml/login');
      expect(response.status).to.equal(503);
      expect(response.text).to.contain('The identity provider cannot be reached');
      const failure = await testApp.container.models.AuditEvent.findOne({ where: { action: 'sign-in.failed' } });
      expect(JSON.parse(failure!.detail)).to.deep.include({ method: 'saml', samlReason: 'unavailable' });
    } finally {
      await testApp.close();
    }
  });

  it('signs AuthnRequests with the configured key when the IdP wants them signed, and publishes its certificate', async () => {
    const sp = testKeyPair('warble-test-sp');
    const dir = tempDir('warble-saml-sp-');
    writeFileSync(path.join(dir, 'sp.key'), sp.privateKey);
    writeFileSync(path.join(dir, 'sp.crt'), sp.certificate);
    idp.spCertificate = sp.certificate;
    const testApp = await startTestApp({
      ...ON,
      WARBLE_AUTH_SAML_IDP_METADATA_URL: idp.metadataUrl,
      WARBLE_AUTH_SAML_SP_PRIVATE_KEY_FILE: path.join(dir, 'sp.key'),
      WARBLE_AUTH_SAML_SP_CERTIFICATE_FILE: path.join(dir, 'sp.crt'),
    });
    try {
      const signInUrl = await testApp.container.saml!.loginUrl('/');
      // The IdP verifies the redirect signature against Warble's certificate before answering.
      const answer = idp.answer(signInUrl);
      expect((await testApp.container.saml!.consume(answer.SAMLResponse)).subject).to.equal(idp.user.nameId);
      const metadata = testApp.container.saml!.metadataXml();
      expect(metadata).to.contain('AuthnRequestsSigned="true"');
      expect(metadata).to.contain(sp.certificate.split('\n')[1]!);
    } finally {
      await testApp.close();
    }
  });

  it('warns, naming the keys to set, when the IdP asks for signed requests and no key is configured (the IdP has the last word)', async () => {
    idp.spCertificate = testKeyPair('warble-test-sp').certificate;
    const log = captureLog('warn');
    const testApp = await startTestApp({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_URL: idp.metadataUrl }, { logger: log.logger });
    try {
      const signInUrl = await testApp.container.saml!.loginUrl('/');
      expect(new URL(signInUrl).searchParams.get('Signature')).to.equal(null);
      expect(log.lines.map((line) => line.msg).join('\n')).to.contain('auth.saml.spPrivateKeyFile');
      expect(() => idp.answer(signInUrl)).to.throw('not signed');
    } finally {
      await testApp.close();
    }
  });
});
