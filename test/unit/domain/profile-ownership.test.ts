import { expect } from 'chai';
import { profileOwnership, type ProfileField } from '../../../server/domain/profile-ownership.js';
import { checkedProfileValue } from '../../../server/domain/profile-rules.js';

const ALL: ProfileField[] = ['displayName', 'email', 'title', 'department', 'phone', 'manager', 'photo', 'bio', 'pronouns', 'location'];
const owned = (account: { source: string; photoSource?: string | null }) => ALL.filter((field) => profileOwnership(account).owns(field));

describe('profile ownership', () => {
  it('a local account owns its whole profile', () => {
    expect(profileOwnership({ source: 'local' }).owner).to.equal(null);
    expect(owned({ source: 'local', photoSource: 'directory' })).to.deep.equal([]);
  });

  it('the directory owns what sync maps, and the photo only while it provides one', () => {
    expect(profileOwnership({ source: 'ldap' }).owner).to.equal('directory');
    expect(owned({ source: 'ldap', photoSource: null })).to.deep.equal(['displayName', 'email', 'title', 'department', 'phone', 'manager']);
    expect(owned({ source: 'ldap', photoSource: 'upload' })).not.to.include('photo');
    expect(owned({ source: 'ldap', photoSource: 'directory' })).to.include('photo');
  });

  it('single sign-on owns the mapped claims; SCIM also title, department and phone', () => {
    for (const source of ['oidc', 'saml']) {
      expect(profileOwnership({ source }).owner).to.equal('identity-provider');
      expect(owned({ source, photoSource: 'directory' })).to.deep.equal(['displayName', 'email']);
    }
    expect(owned({ source: 'scim' })).to.deep.equal(['displayName', 'email', 'title', 'department', 'phone']);
  });

  it('an unknown source, or an inherited property name, owns nothing', () => {
    expect(owned({ source: 'kerberos' })).to.deep.equal([]);
    expect(owned({ source: 'constructor' })).to.deep.equal([]);
    expect(profileOwnership({ source: 'toString' }).owner).to.equal(null);
  });
});

describe('profile field rules', () => {
  const refusal = (field: Parameters<typeof checkedProfileValue>[0], raw: string) => {
    try {
      checkedProfileValue(field, raw);
    } catch (error) {
      return (error as { field?: string; status?: number }).field;
    }
    return null;
  };

  it('trims, stores an empty value as null, and keeps line breaks in the bio only', () => {
    expect(checkedProfileValue('pronouns', '  they/them ')).to.equal('they/them');
    expect(checkedProfileValue('location', '   ')).to.equal(null);
    expect(checkedProfileValue('bio', ' one\r\ntwo ')).to.equal('one\ntwo');
    expect(refusal('title', 'one\ntwo')).to.equal('title');
    expect(refusal('displayName', '  ')).to.equal('displayName');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkedProfileValue('pronouns', '😀'.repeat(40))).to.have.length(80);
    expect(refusal('pronouns', '😀'.repeat(41))).to.equal('pronouns');
    expect(refusal('bio', 'b'.repeat(501))).to.equal('bio');
  });

  it('accepts phone numbers as people write them, and refuses words', () => {
    for (const phone of ['+33 1 23 45 67 89', '(555) 010-2030', '555.010.2030 x12', '+1 555 010 2030 ext. 4']) {
      expect(checkedProfileValue('phone', phone)).to.equal(phone);
    }
    for (const phone of ['call me', '12', '+33 1 23 45 67 89; DROP', 'javascript:alert(1)']) expect(refusal('phone', phone), phone).to.equal('phone');
  });
});
