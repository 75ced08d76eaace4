import { expect } from 'chai';
import { DirectoryClient } from '../../../server/auth/ldap/directory-client.js';
import { sameDn } from '../../../server/auth/ldap/ldap-dn.js';
import { TINY_JPEG, startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { clientFor } from './support.js';

describe('ldap: reading people and groups from a real slapd', function () {
  let slapd: SlapdHandle;
  let client: DirectoryClient;

  before(async function () {
    slapd = await startSlapd();
    client = clientFor(slapd).client;
  });

  after(async function () {
    await slapd?.close();
  });

  describe('people', function () {
    it('lists exactly the people matching the user filter', async function () {
      const people = await client.listPeople();
      expect(people.map((person) => person.username).sort()).to.deep.equal(
        ['alice', 'bob', 'dleaver', 'emuller', 'jsmith', 'zangstrom'],
      );
    });

    it('lists everyone with a wider filter, via a paged search', async function () {
      const wide = clientFor(slapd, { userFilter: 'objectClass=inetOrgPerson' }).client;
      const people = await wide.listPeople();
      expect(people).to.have.length(7);
      expect(people.find((person) => person.username === 'ccontractor')).to.have.property('displayName', 'Carl Contractor');
    });

    it('resolves managers to usernames, including a manager DN with accents', async function () {
      const people = await client.listPeople();
      const managerOf = Object.fromEntries(people.map((person) => [person.username, person.manager]));
      expect(managerOf).to.include({ bob: 'alice', jsmith: 'alice', emuller: 'zangstrom', dleaver: 'zangstrom', alice: '' });
    });

    it('returns the photo as a Buffer with the exact JPEG bytes', async function () {
      const alice = await client.findPerson('alice');
      expect(alice?.photo).to.be.instanceOf(Buffer);
      expect(alice?.photo?.equals(TINY_JPEG)).to.equal(true);
      expect(alice?.photo?.subarray(0, 2).toString('hex')).to.equal('ffd8');
      expect((await client.findPerson('bob'))?.photo).to.equal(undefined);
    });

    it('finds a person by username with their groups', async function () {
      const person = await client.findPerson('jsmith');
      expect(person).to.not.equal(null);
      expect(person?.displayName).to.equal('John Smith');
      expect(person?.groups).to.deep.equal(['engineering', 'warble-users']);
    });

    it('does not find a person outside the user filter, nor by a wildcard', async function () {
      expect(await client.findPerson('ccontractor')).to.equal(null);
      expect(await client.findPerson('*')).to.equal(null);
    });

    it('maps a multi-valued attribute to one of its values, not a joined string', async function () {
      await slapd.modify(slapd.users.bob.dn, [
        { operation: 'replace', attribute: 'title', values: ['Staff Engineer', 'Release Captain'] },
      ]);
      try {
        const bob = await client.findPerson('bob');
        expect(['Staff Engineer', 'Release Captain']).to.include(bob?.title);
      } finally {
        await slapd.modify(slapd.users.bob.dn, [{ operation: 'replace', attribute: 'title', values: [slapd.users.bob.title] }]);
      }
    });

    it('honours a remapped attribute (ldap.attributes.department)', async function () {
      const mapped = clientFor(slapd, { attributes: { department: 'departmentNumber' } }).client;
      expect((await mapped.findPerson('alice'))?.department).to.equal('ENG');
    });
  });

  describe('groups', function () {
    it('resolves groupOfNames members (escaped-comma and accented DNs included)', async function () {
      const groups = await client.listGroups();
      const byName = Object.fromEntries(groups.map((group) => [group.name, group]));
      expect(Object.keys(byName).sort()).to.deep.equal(['Direction Générale', 'engineering', 'warble-admins', 'warble-users']);
      expect(byName.engineering?.memberUsernames).to.deep.equal(['alice', 'bob', 'jsmith']);
      expect(byName['Direction Générale']?.memberUsernames).to.deep.equal(['emuller', 'zangstrom']);
      expect(byName['Direction Générale']?.description).to.equal('Comité de direction');
      expect(sameDn(byName.engineering!.dn, slapd.groups.engineering.dn)).to.equal(true);
    });

    it('resolves posixGroup memberUid members, dropping people outside the user filter', async function () {
      const posix = clientFor(slapd, { groupFilter: '(objectClass=posixGroup)', groupMemberAttribute: 'memberUid' }).client;
      const groups = await posix.listGroups();
      const byName = Object.fromEntries(groups.map((group) => [group.name, group.memberUsernames]));
      // carl (ccontractor) is in "developers" but not in warble-users.
      expect(byName).to.deep.equal({
        developers: ['bob', 'jsmith'],
        staff: ['alice', 'bob', 'dleaver', 'emuller', 'jsmith', 'zangstrom'],
      });
      expect((await posix.findPerson('bob'))?.groups).to.deep.equal(['developers', 'staff']);
    });

    it('keeps members outside a narrow filter out, and in with a wide one', async function () {
      const wide = clientFor(slapd, {
        userFilter: '(objectClass=inetOrgPerson)',
        groupFilter: '(objectClass=posixGroup)',
        groupMemberAttribute: 'memberUid',
      }).client;
      const developers = (await wide.listGroups()).find((group) => group.name === 'developers');
      expect(developers?.memberUsernames).to.deep.equal(['bob', 'ccontractor', 'jsmith']);
    });

    it('reads no groups when ldap.groupFilter is empty with the custom preset', async function () {
      const custom = clientFor(slapd, {
        preset: 'custom',
        loginAttributes: 'uid',
        attributes: { username: 'uid' },
      }).client;
      expect(await custom.listGroups()).to.deep.equal([]);
      expect((await custom.findPerson('alice'))?.groups).to.deep.equal([]);
    });
  });

  describe('admins', function () {
    it('recognises members of the admin group given by name', async function () {
      const alice = (await client.findPerson('alice'))!;
      const bob = (await client.findPerson('bob'))!;
      expect(await client.isAdmin(alice)).to.equal(true);
      expect(await client.isAdmin(bob)).to.equal(false);
    });

    it('recognises members of the admin group given by DN, and a DN with an escaped comma', async function () {
      const byDn = clientFor(slapd, { adminGroup: slapd.groups.engineering.dn }).client;
      const jsmith = (await byDn.findPerson('jsmith'))!;
      expect(await byDn.isAdmin(jsmith)).to.equal(true);
      expect(await byDn.isAdmin((await byDn.findPerson('zangstrom'))!)).to.equal(false);
    });

    it('says no when the admin group is missing or not configured', async function () {
      const alice = (await client.findPerson('alice'))!;
      const missing = clientFor(slapd, { adminGroup: `cn=nope,${slapd.groupsDn}` });
      expect(await missing.client.isAdmin(alice)).to.equal(false);
      expect(missing.logger.records.some((record) => record.level === 'warn' && /adminGroup/.test(record.msg))).to.equal(true);
      expect(await clientFor(slapd, { adminGroup: '' }).client.isAdmin(alice)).to.equal(false);
    });
  });

  describe('test()', function () {
    it('reports the URL, the bind, counts and a sample', async function () {
      const report = await client.test();
      expect(report).to.include({ ok: true, url: slapd.url, bind: 'ok', peopleCount: 6, groupsCount: 4, error: null });
      expect(report.sample).to.have.length(5);
      expect(report.sample[0]).to.have.all.keys('username', 'displayName', 'mail');
    });

    it('reports a rejected service bind', async function () {
      const report = await clientFor(slapd, { bindPassword: 'wrong' }).client.test();
      expect(report).to.include({ ok: false, bind: 'failed', peopleCount: null });
      expect(report.error).to.match(/service account bind rejected/);
    });
  });
});
