import { expect } from 'chai';
import { loadConfig } from '../../../server/config/load-config.js';
import { ConfigError } from '../../../server/config/config-error.js';
import { profileFromClaims } from '../../../server/auth/oidc/oidc-claims.js';
import { resolveOidcSecret } from '../../../server/auth/oidc/oidc-secret.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dirs.js';

const load = (env: Record<string, string>) => loadConfig({ env, cwd: tempDir('warble-oidc-config-') });
const failure = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

const ENABLED = {
  WARBLE_PUBLIC_URL: 'https://warble.example.com',
  WARBLE_AUTH_OIDC_ENABLED: 'true',
  WARBLE_AUTH_OIDC_ISSUER: 'https://login.example.com/tenant/v2.0',
  WARBLE_AUTH_OIDC_CLIENT_ID: 'warble',
  WARBLE_AUTH_OIDC_CLIENT_SECRET: 's3cret',
};

describe('auth.oidc configuration', () => {
  it('is off by default, with the documented defaults', () => {
    const { oidc } = load({}).auth;
    expect(oidc).to.include({ enabled: false, scopes: 'openid profile email', usernameClaim: 'preferred_username', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups', adminGroup: '', allowInsecureIssuer: false });
  });

  it('takes every key from its environment twin', () => {
    const { oidc } = load({ ...ENABLED, WARBLE_AUTH_OIDC_DISPLAY_NAME: 'Sign in with Contoso', WARBLE_AUTH_OIDC_GROUPS_CLAIM: 'roles' }).auth;
    expect(oidc).to.include({ enabled: true, issuer: ENABLED.WARBLE_AUTH_OIDC_ISSUER, clientId: 'warble', clientSecret: 's3cret', displayName: 'Sign in with Contoso', groupsClaim: 'roles' });
  });

  it('names the missing key when enabled without issuer, client id or secret', () => {
    expect(failure({ ...ENABLED, WARBLE_AUTH_OIDC_CLIENT_SECRET: '' })).to.include('auth.oidc.clientSecret (or auth.oidc.clientSecretFile) is required');
    expect(failure({ ...ENABLED, WARBLE_AUTH_OIDC_ISSUER: '' })).to.include('auth.oidc.issuer is required');
  });

  it('reads the secret from clientSecretFile, naming the key when it cannot', () => {
    const dir = tempDir('warble-oidc-secret-');
    const file = path.join(dir, 'secret');
    writeFileSync(file, 'from-the-file\n');
    const config = load({ ...ENABLED, WARBLE_AUTH_OIDC_CLIENT_SECRET: '', WARBLE_AUTH_OIDC_CLIENT_SECRET_FILE: file }).auth.oidc;
    expect(resolveOidcSecret(config).clientSecret).to.equal('from-the-file');
    expect(() => resolveOidcSecret({ ...config, clientSecretFile: path.join(dir, 'missing') })).to.throw(ConfigError, 'auth.oidc.clientSecretFile: cannot read');
    expect(failure({ ...ENABLED, WARBLE_AUTH_OIDC_CLIENT_SECRET_FILE: file })).to.include('not both');
  });

  it('requires publicUrl, from which the redirect URI is made', () => {
    expect(failure({ ...ENABLED, WARBLE_PUBLIC_URL: '' })).to.match(/publicUrl.*auth\/oidc\/callback/);
  });

  it('refuses an http:// issuer unless allowInsecureIssuer says this is a test or a lab', () => {
    expect(failure({ ...ENABLED, WARBLE_AUTH_OIDC_ISSUER: 'http://127.0.0.1:9000' })).to.include('auth.oidc.issuer must be https://');
    expect(load({ ...ENABLED, WARBLE_AUTH_OIDC_ISSUER: 'http://127.0.0.1:9000', WARBLE_AUTH_OIDC_ALLOW_INSECURE_ISSUER: 'true' }).auth.oidc.enabled).to.equal(true);
  });

  it('requires the openid scope', () => {
    expect(failure({ ...ENABLED, WARBLE_AUTH_OIDC_SCOPES: 'profile email' })).to.include('auth.oidc.scopes must include openid');
  });
});

describe('OpenID Connect claim mapping', () => {
  const mapping = { usernameClaim: 'preferred_username', emailClaim: 'email', nameClaim: 'name', groupsClaim: 'groups', adminGroup: 'admins' };
  const base = { iss: 'https://idp.example.com', sub: '248289761001' };

  it('maps the configured claims and links by iss and sub', () => {
    const profile = profileFromClaims({ ...base, preferred_username: 'jane', email: 'jane@example.com', name: 'Jane Doe', groups: ['staff', 'admins', 7] }, mapping);
    expect(profile).to.deep.equal({
      provider: 'oidc',
      issuer: 'https://idp.example.com',
      subject: '248289761001',
      username: 'jane',
      email: 'jane@example.com',
      displayName: 'Jane Doe',
      groups: ['staff', 'admins'],
      isAdmin: true,
    });
  });

  it('leaves groups alone when the claim is absent, and is then not an administrator', () => {
    const profile = profileFromClaims({ ...base }, mapping);
    expect(profile).to.include({ groups: null, isAdmin: false, username: null, email: null, displayName: null });
    expect(profileFromClaims({ ...base }, { ...mapping, adminGroup: '' }).isAdmin).to.equal(null);
  });

  it('reads a lone group string as a list of one, and an empty mapping as "not mapped"', () => {
    expect(profileFromClaims({ ...base, roles: 'admins' }, { ...mapping, groupsClaim: 'roles' }).groups).to.deep.equal(['admins']);
    expect(profileFromClaims({ ...base, groups: ['x'] }, { ...mapping, groupsClaim: '' }).groups).to.equal(null);
  });

  it('refuses claims without a subject', () => {
    expect(() => profileFromClaims({ iss: base.iss }, mapping)).to.throw('sub');
  });
});
