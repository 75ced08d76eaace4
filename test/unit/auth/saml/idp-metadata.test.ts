import { expect } from 'chai';
import { IdpMetadataError, parseIdpMetadata } from '../../../../server/auth/saml/idp-metadata.js';

const CERT = 'MIIC8DCCAdigAwIBAgIQTestCertificateBody';

function metadata({ entity = 'https://sts.windows.net/tenant/', keys = `<KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n  ${CERT}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`, services = '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.example.com/saml2"/>', wants = '' } = {}) {
  return `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor ID="_1" entityID="${entity}" xmlns="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
  <RoleDescriptor xsi:type="fed:SecurityTokenServiceType" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706"/>
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"${wants}>
    ${keys}
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://login.example.com/post"/>
    ${services}
  </IDPSSODescriptor>
</EntityDescriptor>`;
}

function problemOf(xml: string): string {
  try {
    parseIdpMetadata(xml);
  } catch (error) {
    expect(error).to.be.instanceOf(IdpMetadataError);
    return (error as Error).message;
  }
  throw new Error('the metadata was accepted');
}

describe('SAML IdP metadata', () => {
  it('reads the entity ID, the HTTP-Redirect sign-in URL and the signing certificate (Entra ID shape, default namespace)', () => {
    expect(parseIdpMetadata(metadata())).to.deep.equal({
      entityId: 'https://sts.windows.net/tenant/',
      ssoUrl: 'https://login.example.com/saml2',
      signingCertificates: [CERT],
      wantsSignedRequests: false,
    });
  });

  it('reads prefixed metadata inside an EntitiesDescriptor, keeps unmarked keys and drops encryption-only keys', () => {
    const xml = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <md:EntityDescriptor entityID="http://www.okta.com/exk1">
        <md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
          <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>ENC</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
          <md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>BOTH</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
          <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://corp.okta.com/app/sso/saml"/>
        </md:IDPSSODescriptor>
      </md:EntityDescriptor>
    </md:EntitiesDescriptor>`;
    expect(parseIdpMetadata(xml)).to.deep.equal({ entityId: 'http://www.okta.com/exk1', ssoUrl: 'https://corp.okta.com/app/sso/saml', signingCertificates: ['BOTH'], wantsSignedRequests: true });
  });

  it('names what is missing or wrong', () => {
    expect(problemOf('<html><body>Sign in</body></html>')).to.match(/not identity provider metadata/);
    expect(problemOf('<EntityDescriptor')).to.match(/not well-formed/);
    expect(problemOf(metadata({ entity: '' }))).to.match(/no entityID/);
    expect(problemOf(metadata({ keys: '' }))).to.match(/no signing certificate/);
    expect(problemOf(metadata({ services: '' }))).to.match(/HTTP-Redirect/);
    const entity = (id: string) => metadata({ entity: id }).replace(/^<\?xml[^>]*>\s*/, '');
    expect(problemOf(`<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">${entity('a')}${entity('b')}</EntitiesDescriptor>`)).to.match(/2 identity providers/);
  });
});
