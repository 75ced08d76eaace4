import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ldapConfigSchema } from '../../../server/auth/ldap/ldap-config.js';
import { AD_DISABLED_FILTER } from '../../../server/auth/ldap/ldap-presets.js';
import { LdapConfigError, resolveLdapSettings } from '../../../server/auth/ldap/ldap-settings.js';

const base = { enabled: true, url: 'ldap://127.0.0.1:389', baseDn: 'dc=example,dc=com' };
const resolve = (input: Record<string, unknown>) => resolveLdapSettings(ldapConfigSchema.parse({ ...base, ...input }));

function errorOf(run: () => unknown): LdapConfigError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(LdapConfigError);
    return error as LdapConfigError;
  }
  throw new Error('expected an LdapConfigError');
}

describe('ldap settings resolution', function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'warble-ldap-unit-'));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('presets', function () {
    it('openldap fills uid/mail login, inetOrgPerson, groupOfNames + member, jpegPhoto', function () {
      const settings = resolve({});
      expect(settings.loginAttributes).to.deep.equal(['uid', 'mail']);
      expect(settings.userFilter).to.equal('(objectClass=inetOrgPerson)');
      expect(settings.groupFilter).to.equal('(objectClass=groupOfNames)');
      expect(settings.groupMemberAttribute).to.equal('member');
      expect(settings.attributes).to.include({ username: 'uid', photo: 'jpegPhoto', displayName: 'displayName' });
      expect(settings.groupBaseDn).to.equal('dc=example,dc=com');
    });

    it('activedirectory fills sAMAccountName/UPN/mail, person+user filter without disabled accounts, thumbnailPhoto', function () {
      const settings = resolve({ preset: 'activedirectory' });
      expect(settings.loginAttributes).to.deep.equal(['sAMAccountName', 'userPrincipalName', 'mail']);
      expect(settings.userFilter).to.equal(`(&(objectCategory=person)(objectClass=user)${AD_DISABLED_FILTER})`);
      expect(settings.userFilter).to.include('userAccountControl:1.2.840.113556.1.4.803:=2');
      expect(settings.groupFilter).to.equal('(objectClass=group)');
      expect(settings.attributes).to.include({ username: 'sAMAccountName', photo: 'thumbnailPhoto', department: 'department' });
    });

    it('keeps explicit values over preset defaults and canonicalises login attribute case', function () {
      const settings = resolve({
        preset: 'activedirectory',
        userFilter: 'objectClass=user',
        loginAttributes: 'samaccountname',
        attributes: { photo: 'jpegPhoto' },
        groupMemberAttribute: 'uniqueMember',
        groupBaseDn: 'ou=groups,dc=example,dc=com',
      });
      expect(settings.userFilter).to.equal('(objectClass=user)');
      expect(settings.loginAttributes).to.deep.equal(['sAMAccountName']);
      expect(settings.attributes.photo).to.equal('jpegPhoto');
      expect(settings.attributes.username).to.equal('sAMAccountName');
      expect(settings.groupMemberAttribute).to.equal('uniqueMember');
      expect(settings.groupBaseDn).to.equal('ou=groups,dc=example,dc=com');
    });

    it('custom supplies nothing: the user filter is required, named by key', function () {
      expect(errorOf(() => resolve({ preset: 'custom' })).message).to.equal('ldap.userFilter: required with preset "custom"');
      const error = errorOf(() => resolve({ preset: 'custom', userFilter: '(objectClass=person)', loginAttributes: 'uid' }));
      expect(error.key).to.equal('ldap.attributes.username');
    });
  });

  describe('errors name the config key', function () {
    it('ldap.bindPasswordFile that cannot be read', function () {
      const path = join(dir, 'missing-secret');
      const error = errorOf(() => resolve({ bindDn: 'cn=svc', bindPasswordFile: path }));
      expect(error.key).to.equal('ldap.bindPasswordFile');
      expect(error.message).to.equal(`ldap.bindPasswordFile: cannot read ${path}: ENOENT`);
    });

    it('reads bindPasswordFile, dropping only the trailing newline', function () {
      const path = join(dir, 'secret');
      writeFileSync(path, ' s3cret with spaces \n');
      expect(resolve({ bindDn: 'cn=svc', bindPasswordFile: path }).bindPassword).to.equal(' s3cret with spaces ');
    });

    it('an empty bindPasswordFile, or both password and file', function () {
      const path = join(dir, 'empty');
      writeFileSync(path, '\n');
      expect(errorOf(() => resolve({ bindDn: 'cn=svc', bindPasswordFile: path })).message).to.match(/^ldap\.bindPasswordFile: .* is empty$/);
      expect(errorOf(() => resolve({ bindDn: 'cn=svc', bindPassword: 'x', bindPasswordFile: path })).key).to.equal('ldap.bindPasswordFile');
    });

    it('a bind DN without a password (would be an anonymous bind)', function () {
      expect(errorOf(() => resolve({ bindDn: 'cn=svc' })).key).to.equal('ldap.bindPassword');
    });

    it('ldap.caFile that cannot be read', function () {
      expect(errorOf(() => resolve({ caFile: join(dir, 'nope.pem') })).message).to.match(/^ldap\.caFile: cannot read .*nope\.pem: ENOENT$/);
    });

    it('malformed filters', function () {
      expect(errorOf(() => resolve({ userFilter: '(&(objectClass=person)' })).key).to.equal('ldap.userFilter');
      expect(errorOf(() => resolve({ groupFilter: '(|(cn=a)(cn=b)' })).key).to.equal('ldap.groupFilter');
    });

    it('missing url or baseDn, and StartTLS over ldaps://', function () {
      expect(errorOf(() => resolveLdapSettings(ldapConfigSchema.parse({ baseDn: 'dc=x' }))).key).to.equal('ldap.url');
      expect(errorOf(() => resolveLdapSettings(ldapConfigSchema.parse({ url: 'ldap://x' }))).key).to.equal('ldap.baseDn');
      expect(errorOf(() => resolve({ url: 'ldaps://x', startTls: true })).key).to.equal('ldap.startTls');
    });

    it('reads the CA file into the settings', function () {
      const path = join(dir, 'ca.pem');
      writeFileSync(path, '-----BEGIN CERTIFICATE-----\n');
      expect(resolve({ caFile: path }).ca).to.equal('-----BEGIN CERTIFICATE-----\n');
      expect(resolve({}).ca).to.equal(null);
    });
  });
});
