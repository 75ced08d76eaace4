import { expect } from 'chai';
import type { Entry } from 'ldapts';
import { pino } from 'pino';
import type { DirectoryLogger } from '../../../server/auth/ldap/directory-types.js';
import { dnFromNameAndOptionalUid, normalizeDn, sameDn } from '../../../server/auth/ldap/ldap-dn.js';
import { allOf, equals, loginMatches, parseConfiguredFilter } from '../../../server/auth/ldap/ldap-filter.js';
import { LDAP_PRESET_DEFAULTS } from '../../../server/auth/ldap/ldap-presets.js';
import { isDisabledAccount, toDirectoryPerson } from '../../../server/auth/ldap/profile-mapping.js';

// Compile-time check: a pino logger is a DirectoryLogger.
const pinoFits: DirectoryLogger = pino({ enabled: false });

describe('ldap DN comparison', function () {
  it('treats escaped and hex-escaped commas alike', function () {
    expect(sameDn('cn=Smith\\, John,ou=people,dc=example,dc=com', 'CN=Smith\\2C John, OU=People,DC=example,DC=com')).to.equal(true);
  });

  it('decodes hex-escaped UTF-8 and ignores case of accented letters', function () {
    expect(sameDn('cn=\\C3\\89lodie M\\C3\\BCller,dc=x', 'cn=élodie müller,dc=x')).to.equal(true);
  });

  it('keeps different entries different', function () {
    expect(sameDn('cn=Smith\\, John,dc=x', 'cn=Smith,cn=John,dc=x')).to.equal(false);
    expect(sameDn('uid=alice,dc=x', 'uid=alice2,dc=x')).to.equal(false);
  });

  it('sorts multi-valued RDNs and strips uniqueMember UIDs', function () {
    expect(normalizeDn('uid=a+cn=B,dc=x')).to.equal(normalizeDn('cn=b+uid=A,dc=x'));
    expect(dnFromNameAndOptionalUid("uid=a,dc=x#'0101'B")).to.equal('uid=a,dc=x');
  });
});

describe('ldap filters', function () {
  it('escapes user input: it can never add filter structure', function () {
    // ldapts writes hex escapes in lower case.
    expect(loginMatches(['uid', 'mail'], 'admin)(|(uid=*').toString()).to.equal(
      '(|(uid=admin\\29\\28|\\28uid=\\2a)(mail=admin\\29\\28|\\28uid=\\2a))',
    );
    expect(equals('uid', '*').toString()).to.equal('(uid=\\2a)');
    expect(equals('uid', '\\00').toString()).to.equal('(uid=\\5c00)');
    expect(equals('uid', 'a\u0000').toString()).to.equal('(uid=a\\00)');
  });

  it('parses configured filters, with or without outer parentheses, including AD bit matching', function () {
    expect(parseConfiguredFilter('objectClass=person').toString()).to.equal('(objectClass=person)');
    const ad = parseConfiguredFilter(LDAP_PRESET_DEFAULTS.activedirectory.userFilter).toString();
    expect(ad).to.include('userAccountControl:1.2.840.113556.1.4.803:=2');
    expect(() => parseConfiguredFilter('(&(a=b)')).to.throw(/unbalanced/);
    expect(() => parseConfiguredFilter('(a=b))')).to.throw();
  });

  it('combines a configured filter with the login alternatives', function () {
    const combined = allOf(parseConfiguredFilter('(objectClass=inetOrgPerson)'), loginMatches(['uid'], 'bob')).toString();
    expect(combined).to.equal('(&(objectClass=inetOrgPerson)(uid=bob))');
  });
});

describe('ldap profile mapping', function () {
  const map = LDAP_PRESET_DEFAULTS.activedirectory.attributes;

  it('flags AD accounts with the ACCOUNTDISABLE bit', function () {
    expect(isDisabledAccount({ dn: 'cn=a', userAccountControl: '514' })).to.equal(true);
    expect(isDisabledAccount({ dn: 'cn=a', userAccountControl: '66050' })).to.equal(true);
    expect(isDisabledAccount({ dn: 'cn=a', userAccountControl: '512' })).to.equal(false);
    expect(isDisabledAccount({ dn: 'cn=a' })).to.equal(false);
  });

  it('maps attributes case-insensitively, takes the first non-empty value, falls back to cn', function () {
    const entry: Entry = {
      dn: 'CN=Jane Doe,OU=Staff,DC=corp',
      samaccountname: 'jdoe',
      cn: 'Jane Doe',
      mail: ['', 'jane@corp.example'],
      thumbnailPhoto: Buffer.from([0xff, 0xd8, 0xff]),
    };
    const person = toDirectoryPerson(entry, map);
    expect(person).to.include({ username: 'jdoe', displayName: 'Jane Doe', mail: 'jane@corp.example', title: '' });
    expect(person?.photo?.toString('hex')).to.equal('ffd8ff');
    expect(toDirectoryPerson({ dn: 'cn=x', cn: 'X' }, map)).to.equal(null);
  });

  it('accepts a pino logger where a DirectoryLogger is expected', function () {
    expect(typeof pinoFits.info).to.equal('function');
  });
});
