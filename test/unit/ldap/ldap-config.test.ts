import { expect } from 'chai';
import { ldapConfigSchema } from '../../../server/auth/ldap/ldap-config.js';

describe('ldap config schema', function () {
  it('parses an empty object to a disabled section with defaults', function () {
    const config = ldapConfigSchema.parse({});
    expect(config).to.include({
      enabled: false,
      preset: 'openldap',
      startTls: false,
      tlsVerify: true,
      connectTimeoutMs: 5000,
      searchTimeoutMs: 10000,
      syncIntervalMinutes: 60,
      groupMemberAttribute: '',
    });
    expect(config.url).to.deep.equal([]);
    expect(config.attributes).to.deep.equal({
      username: '', displayName: '', mail: '', title: '', department: '', phone: '', manager: '', photo: '',
    });
  });

  it('accepts environment strings for every kind of leaf', function () {
    const config = ldapConfigSchema.parse({
      enabled: 'yes',
      url: 'ldap://dc1.corp:389, ldaps://dc2.corp',
      startTls: 'false',
      tlsVerify: 'off',
      connectTimeoutMs: '2500',
      loginAttributes: 'samaccountname,mail',
      baseDn: 'dc=corp',
      attributes: { displayName: 'cn' },
    });
    expect(config.enabled).to.equal(true);
    expect(config.url).to.deep.equal(['ldap://dc1.corp:389', 'ldaps://dc2.corp']);
    expect(config.tlsVerify).to.equal(false);
    expect(config.connectTimeoutMs).to.equal(2500);
    expect(config.loginAttributes).to.deep.equal(['samaccountname', 'mail']);
    expect(config.attributes.displayName).to.equal('cn');
  });

  it('requires url and baseDn when enabled, naming the keys', function () {
    const result = ldapConfigSchema.safeParse({ enabled: true });
    expect(result.success).to.equal(false);
    const issues = result.error!.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    expect(issues).to.deep.include({ path: 'url', message: 'ldap.url is required when ldap.enabled is true' });
    expect(issues).to.deep.include({ path: 'baseDn', message: 'ldap.baseDn is required when ldap.enabled is true' });
  });

  it('rejects non-LDAP URLs, unknown login attributes and malformed attribute names', function () {
    const result = ldapConfigSchema.safeParse({
      url: 'http://example.com',
      loginAttributes: ['uid', 'cn'],
      attributes: { photo: 'jpeg photo' },
    });
    expect(result.success).to.equal(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).to.have.members(['url.0', 'loginAttributes.1', 'attributes.photo']);
    expect(result.error!.issues.map((issue) => issue.message).join('\n')).to.match(/ldap\.attributes\.photo/);
  });

  it('rejects out-of-range timeouts and unknown presets', function () {
    expect(ldapConfigSchema.safeParse({ connectTimeoutMs: '5' }).success).to.equal(false);
    expect(ldapConfigSchema.safeParse({ preset: 'novell' }).success).to.equal(false);
    expect(ldapConfigSchema.safeParse({ groupMemberAttribute: 'members' }).success).to.equal(false);
  });
});
