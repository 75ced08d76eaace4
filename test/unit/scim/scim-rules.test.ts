/** The pure parts of SCIM provisioning: user names from UPNs, the identity providers' PATCH habits, filter checks. */
import { expect } from 'chai';
import { parseFilter } from '../../../server/services/scim/scim-filter.js';
import { normalisePatch, normaliseResource } from '../../../server/services/scim/scim-patch-compat.js';
import { ensureScimProtocol, SCIMMY } from '../../../server/services/scim/scim-protocol.js';
import { usernameFor } from '../../../server/services/scim/scim-user-fields.js';

const MANAGER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager';

describe('SCIM user names', function () {
  it('takes the part before the @ of a UPN, lower-cased, accents dropped', function () {
    expect(usernameFor('Ingrid.Larsen@contoso.com')).to.equal('ingrid.larsen');
    expect(usernameFor('Élodie@contoso.fr')).to.equal('elodie');
    expect(usernameFor('Test_User_ab6490ee-1e48')).to.equal('test_user_ab6490ee-1e48');
    expect(usernameFor("o'brien@x.example")).to.equal('o-brien');
  });

  it('gives nothing for a name with no usable character or too long', function () {
    expect(usernameFor('!!!@contoso.com')).to.equal(null);
    expect(usernameFor('non-existent user')).to.equal('non-existent-user');
    expect(usernameFor(`${'a'.repeat(65)}@x.example`)).to.equal(null);
  });
});

describe('SCIM PATCH as Entra ID and Okta send it', function () {
  const ops = (body: unknown) => (body as { Operations: unknown[] }).Operations;

  it('reads string booleans on active, with a path or inside a path-less value', function () {
    const body = { schemas: [], Operations: [{ op: 'Replace', path: 'active', value: 'False' }, { op: 'replace', value: { active: 'True', title: 'x' } }] };
    expect(ops(normalisePatch(body, {}))).to.deep.equal([
      { op: 'Replace', path: 'active', value: false },
      { op: 'replace', value: { active: true, title: 'x' } },
    ]);
    expect(normaliseResource({ userName: 'a', active: 'false' })).to.deep.equal({ userName: 'a', active: false });
    expect(ops(normalisePatch({ Operations: [{ op: 'Replace', path: 'active', value: 'maybe' }] }, {}))).to.deep.equal([{ op: 'Replace', path: 'active', value: 'maybe' }]);
  });

  it('makes the manager a complex value whatever form it came in', function () {
    for (const value of ['m1', [{ $ref: null, value: 'm1' }], { value: 'm1' }]) {
      expect(ops(normalisePatch({ Operations: [{ op: 'Add', path: MANAGER, value }] }, {}))).to.deep.equal([{ op: 'Add', path: MANAGER, value: { value: 'm1' } }]);
    }
  });

  it('turns a filtered sub-attribute with no matching element into an add of the element, and leaves a matching one alone', function () {
    const operation = { op: 'Add', path: 'emails[type eq "work"].value', value: 'a@x.example' };
    expect(ops(normalisePatch({ Operations: [operation] }, {}))).to.deep.equal([{ op: 'add', path: 'emails', value: [{ type: 'work', value: 'a@x.example' }] }]);
    expect(ops(normalisePatch({ Operations: [operation] }, { emails: [{ type: 'work', value: 'old@x.example' }] }))).to.deep.equal([operation]);
  });

  it('leaves a malformed body for SCIMMY to refuse', function () {
    expect(normalisePatch('nonsense', {})).to.equal('nonsense');
    expect(normalisePatch({ Operations: 'x' }, {})).to.deep.equal({ Operations: 'x' });
  });
});

describe('SCIM filters', function () {
  before(() => ensureScimProtocol());
  const users = () => SCIMMY.Schemas.User.definition;

  it('reduces `attr eq "value"` on an identifying attribute to a database lookup', function () {
    expect(parseFilter('userName eq "Bob@x.example"', users())?.lookup).to.deep.equal({ attribute: 'userName', value: 'Bob@x.example' });
    expect(parseFilter('externalId eq "e1"', users())?.lookup).to.deep.equal({ attribute: 'externalId', value: 'e1' });
    expect(parseFilter('userName eq "a" and active eq true', users())?.lookup).to.equal(null);
    expect(parseFilter('userName co "a"', users())?.lookup).to.equal(null);
    expect(parseFilter(undefined, users())).to.equal(null);
  });

  it('refuses unknown attributes, missing values and bad syntax as invalidFilter', function () {
    for (const text of ['shoeSize eq 44', 'userName eq', 'userName eq "a', '', 'emails[type eq "work"].colour eq "x"']) {
      expect(() => parseFilter(text, users()), text).to.throw(SCIMMY.Types.Error).with.property('scimType', 'invalidFilter');
    }
    expect(parseFilter('userName pr', users())?.filter).to.have.length(1);
    expect(parseFilter('not (userName eq "a")', users())?.lookup).to.equal(null);
  });
});
