import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveSamlSettings } from '../../../../server/auth/saml/saml-settings.js';
import { ConfigError } from '../../../../server/config/config-error.js';
import { loadConfig } from '../../../../server/config/load-config.js';
import { tempDir } from '../../../helpers/temp-dirs.js';

const load = (env: Record<string, string>) => loadConfig({ env, cwd: tempDir('warble-saml-config-') });

function configProblem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const ON = { WARBLE_AUTH_SAML_ENABLED: 'true', WARBLE_PUBLIC_URL: 'https://warble.corp.example' };

describe('auth.saml configuration', () => {
  it('is off by default and needs nothing then', () => {
    const config = load({});
    expect(config.auth.saml.enabled).to.equal(false);
    expect(resolveSamlSettings(config)).to.equal(null);
  });

  it('derives the entity ID and ACS from publicUrl, and reads every key from its WARBLE_AUTH_SAML_* twin', () => {
    const settings = resolveSamlSettings(
      load({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_URL: 'https://idp.example/metadata', WARBLE_AUTH_SAML_GROUPS_ATTRIBUTE: 'memberOf', WARBLE_AUTH_SAML_NAME_ID_FORMAT: 'emailAddress' }),
    )!;
    expect(settings.spEntityId).to.equal('https://warble.corp.example/auth/saml/metadata');
    expect(settings.acsUrl).to.equal('https://warble.corp.example/auth/saml/acs');
    expect(settings.attributes.groups).to.equal('memberOf');
    expect(settings.nameIdFormat).to.equal('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    expect(settings.signing).to.equal(null);
  });

  it('names the key of each mistake', () => {
    expect(configProblem(() => load(ON))).to.include('auth.saml.idpMetadataUrl or auth.saml.idpMetadataFile is required');
    expect(configProblem(() => load({ WARBLE_AUTH_SAML_ENABLED: 'true', WARBLE_AUTH_SAML_IDP_METADATA_FILE: '/etc/idp.xml' }))).to.include('publicUrl');
    expect(configProblem(() => load({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_URL: 'ftp://idp.example/m' }))).to.include('auth.saml.idpMetadataUrl');
    expect(configProblem(() => load({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_URL: 'http://idp.example/m' }))).to.include('auth.saml.idpMetadataUrl');
    expect(load({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_URL: 'http://127.0.0.1:8080/m' }).auth.saml.idpMetadataUrl).to.equal('http://127.0.0.1:8080/m');
    expect(configProblem(() => load({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_URL: 'https://idp.example/m', WARBLE_AUTH_SAML_IDP_METADATA_FILE: '/etc/idp.xml' }))).to.include('not both');
    expect(configProblem(() => load({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_FILE: '/etc/idp.xml', WARBLE_AUTH_SAML_SP_PRIVATE_KEY_FILE: '/etc/sp.key' }))).to.include('auth.saml.spCertificateFile');
    expect(configProblem(() => load({ ...ON, WARBLE_AUTH_SAML_IDP_METADATA_FILE: '/etc/idp.xml', WARBLE_AUTH_SAML_NAME_ID_FORMAT: 'transient' }))).to.include('auth.saml.nameIdFormat');
  });

  it('reads the request-signing key pair, and names a file that is missing or not PEM', () => {
    const dir = tempDir('warble-saml-keys-');
    const key = path.join(dir, 'sp.key');
    const cert = path.join(dir, 'sp.crt');
    writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    writeFileSync(cert, 'not a certificate');
    const env = { ...ON, WARBLE_AUTH_SAML_IDP_METADATA_FILE: '/etc/idp.xml', WARBLE_AUTH_SAML_SP_PRIVATE_KEY_FILE: key, WARBLE_AUTH_SAML_SP_CERTIFICATE_FILE: cert };
    expect(configProblem(() => resolveSamlSettings(load(env)))).to.include('auth.saml.spCertificateFile');
    writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(resolveSamlSettings(load(env))!.signing).to.deep.equal({ privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' });
    expect(configProblem(() => resolveSamlSettings(load({ ...env, WARBLE_AUTH_SAML_SP_PRIVATE_KEY_FILE: path.join(dir, 'missing.key') })))).to.include('auth.saml.spPrivateKeyFile: cannot read');
  });
});
