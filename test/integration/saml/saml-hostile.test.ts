import { expect } from 'chai';
import fc from 'fast-check';
import { SamlServiceProvider } from '../../../server/auth/saml/saml-service-provider.js';
import { hostileString } from '../hostile-input/hostile-values.js';
import { CAROL, samlTestEnv, TestSamlIdp } from '../../helpers/saml-idp.js';
import { seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

/**
 * XML that looks like SAML, in pieces a fuzzer recombines; `_x` becomes the ID
 * of a real pending AuthnRequest, so the input gets past InResponseTo to the
 * parser, the signature check and Warble's own checks.
 */
const samlish = fc
  .array(
    fc.constantFrom(
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" InResponseTo="_x">',
      '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a">',
      '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>',
      '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      '&e;',
      '</saml:Assertion>',
      '</samlp:Response>',
      '<![CDATA[x]]>',
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('SAML ACS under hostile input', function () {
  this.timeout(120_000);
  let idp: TestSamlIdp;
  let testApp: TestApp;
  before(async () => {
    idp = await TestSamlIdp.start();
    idp.user = structuredClone(CAROL);
    testApp = await startTestApp(samlTestEnv(idp, 'http://warble.test'));
    await seedPeople(testApp);
  });
  after(async () => {
    await testApp.close();
    await idp.close();
  });

  it('answers every hostile SAMLResponse and RelayState with a refusal page, never a server error or a session', async () => {
    const users = await testApp.container.models.User.count();
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString(), fc.base64String({ maxLength: 2000 }), samlish.map((xml) => ({ xml }))), hostileString(), async (input, relayState) => {
        let response = typeof input === 'string' ? input : '';
        if (typeof input !== 'string') {
          const requestId = SamlServiceProvider.requestIdOf(await testApp.container.saml!.loginUrl('/'));
          response = Buffer.from(input.xml.replaceAll('_x', requestId)).toString('base64');
        }
        const client = new WebClient(testApp);
        const answer = await client.agent.post('/auth/saml/acs').type('form').set('Accept', 'text/html').send({ SAMLResponse: response, RelayState: relayState });
        expect(answer.status, answer.text.slice(0, 300)).to.be.within(400, 499);
        expect(answer.headers.location).to.equal(undefined);
      }),
      { numRuns: 100, seed: 20261205 },
    );
    expect(await testApp.container.models.User.count()).to.equal(users);
  });
});
