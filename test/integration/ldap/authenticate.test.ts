import { expect } from 'chai';
import { sameDn } from '../../../server/auth/ldap/ldap-dn.js';
import type { DirectoryClient } from '../../../server/auth/ldap/directory-client.js';
import { personEntry, startSlapd, type SlapdHandle } from '../../helpers/slapd/index.js';
import { boundDnsSince, clientFor, waitForLog } from './support.js';

describe('ldap: DirectoryClient.authenticate against a real slapd', function () {
  let slapd: SlapdHandle;
  let client: DirectoryClient;

  before(async function () {
    slapd = await startSlapd();
    client = clientFor(slapd).client;
  });

  after(async function () {
    await slapd?.close();
  });

  describe('accepted sign-ins', function () {
    it('signs in by uid and maps the profile', async function () {
      const alice = slapd.users.alice;
      const result = await client.authenticate('alice', alice.password);
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.entry).to.include({
        dn: alice.dn,
        username: 'alice',
        displayName: 'Alice Martin',
        mail: alice.mail,
        title: alice.title,
        department: 'Engineering',
        phone: alice.phone,
      });
      expect(result.entry.groups).to.deep.equal(['engineering', 'warble-admins', 'warble-users']);
    });

    it('signs in by mail, and resolves the manager to a username', async function () {
      const bob = slapd.users.bob;
      const result = await client.authenticate(bob.mail, bob.password);
      expect(result).to.have.property('ok', true);
      if (!result.ok) return;
      expect(result.entry.username).to.equal('bob');
      expect(result.entry.manager).to.equal('alice');
      expect(sameDn(result.entry.managerDn, slapd.users.alice.dn)).to.equal(true);
    });

    it('keeps accents intact (UTF-8 names and an accented password)', async function () {
      const zoe = slapd.users.zoe;
      const result = await client.authenticate('zangstrom', zoe.password);
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.entry.displayName).to.equal('Zoë Ångström');
      expect(result.entry.title).to.equal('Directrice Générale');
      expect(result.entry.groups).to.include('Direction Générale');
    });

    it('signs in a person whose DN itself has accents', async function () {
      const elodie = slapd.users.elodie;
      const result = await client.authenticate(elodie.mail, elodie.password);
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      expect(result.entry.displayName).to.equal('Élodie Müller');
      expect(sameDn(result.entry.dn, elodie.dn)).to.equal(true);
      expect(result.entry.manager).to.equal('zangstrom');
    });

    it('signs in a person whose DN contains an escaped comma', async function () {
      const jsmith = slapd.users.jsmith;
      const result = await client.authenticate('jsmith', jsmith.password);
      expect(result.ok).to.equal(true);
      if (!result.ok) return;
      // slapd hands the DN back as cn=Smith\2C John,...: same entry, different spelling.
      expect(sameDn(result.entry.dn, 'cn=Smith\\, John,ou=people,dc=example,dc=com')).to.equal(true);
      expect(result.entry.groups).to.deep.equal(['engineering', 'warble-users']);
    });

    it('accepts surrounding spaces and case differences in the login', async function () {
      const result = await client.authenticate('  ALICE.Martin@Example.com ', slapd.users.alice.password);
      expect(result).to.have.property('ok', true);
    });
  });

  describe('refused sign-ins', function () {
    it('refuses a wrong password', async function () {
      expect(await client.authenticate('alice', 'not-her-password')).to.deep.equal({ ok: false, reason: 'wrong-password' });
    });

    it('refuses an unknown user', async function () {
      expect(await client.authenticate('nobody', 'whatever')).to.deep.equal({ ok: false, reason: 'unknown-user' });
    });

    it('refuses a real person outside the user filter as "excluded", without binding as them', async function () {
      const carl = slapd.users.carl;
      const mark = slapd.logMark();
      expect(await client.authenticate('ccontractor', carl.password)).to.deep.equal({ ok: false, reason: 'excluded' });
      // The same person passes when the filter lets everyone in: the refusal came from the filter.
      const open = clientFor(slapd, { userFilter: '(objectClass=inetOrgPerson)' }).client;
      expect(await open.authenticate('ccontractor', carl.password)).to.have.property('ok', true);
      const log = await waitForLog(slapd, mark, (text) => text.includes(`BIND dn="${carl.dn}"`));
      expect(boundDnsSince(slapd, mark).filter((dn) => dn === carl.dn)).to.have.length(1, log);
    });

    it('never binds with an empty password', async function () {
      const alice = slapd.users.alice;
      const mark = slapd.logMark();
      expect(await client.authenticate('alice', '')).to.deep.equal({ ok: false, reason: 'empty-password' });
      // Control: a real sign-in does show up as a BIND in the slapd log...
      expect(await client.authenticate('alice', alice.password)).to.have.property('ok', true);
      await waitForLog(slapd, mark, (text) => text.includes(`BIND dn="${alice.dn}"`));
      // ...and it is the only bind as alice since the mark.
      expect(boundDnsSince(slapd, mark).filter((dn) => dn === alice.dn)).to.have.length(1);
    });

    it('refuses a login shared by two people as "ambiguous"', async function () {
      const bob = slapd.users.bob;
      const twin = personEntry({ ...bob, dn: `uid=bob2,${slapd.peopleDn}`, uid: 'bob2', manager: undefined });
      await slapd.addEntry(twin.dn, twin.attributes);
      await slapd.modify(slapd.groups.warbleUsers.dn, [{ operation: 'add', attribute: 'member', values: [twin.dn] }]);
      try {
        expect(await client.authenticate(bob.mail, bob.password)).to.deep.equal({ ok: false, reason: 'ambiguous' });
        expect(await client.authenticate('bob', bob.password)).to.have.property('ok', true);
      } finally {
        await slapd.deleteEntry(twin.dn);
      }
      expect(await client.authenticate(bob.mail, bob.password)).to.have.property('ok', true);
    });
  });

  describe('filter injection', function () {
    const attempts = ['*', 'alic*', '*)(uid=*', ')(uid=*', 'alice)(uid=*', '\u0000', 'alice\u0000', '\\00', 'alice\\00', 'admin)(|(uid=*', 'alice)(|(uid=*', '(uid=alice)', '\\2a'];

    for (const login of attempts) {
      it(`refuses ${JSON.stringify(login)} with alice's password without matching anyone`, async function () {
        const alice = slapd.users.alice;
        const mark = slapd.logMark();
        expect(await client.authenticate(login, alice.password)).to.deep.equal({ ok: false, reason: 'unknown-user' });
        // Control bind so the log is known to be flushed up to here, then: no bind as alice from the attempt.
        expect(await client.authenticate('alice', alice.password)).to.have.property('ok', true);
        await waitForLog(slapd, mark, (text) => text.includes(`BIND dn="${alice.dn}"`));
        expect(boundDnsSince(slapd, mark).filter((dn) => dn === alice.dn)).to.have.length(1);
      });
    }

    it('sends user input escaped inside the filter', async function () {
      const mark = slapd.logMark();
      await client.authenticate('admin)(|(uid=*', 'x');
      const log = await waitForLog(slapd, mark, (text) => text.includes('SRCH base='));
      expect(log).to.include('(uid=admin\\29\\28|\\28uid=\\2A)');
    });
  });

  describe('directory changes at runtime', function () {
    it('no longer finds a person deleted from the directory', async function () {
      const temp = personEntry({ ...slapd.users.dana, dn: `uid=ttemp,${slapd.peopleDn}`, uid: 'ttemp', mail: 'tess.temp@example.com', manager: undefined });
      await slapd.addEntry(temp.dn, temp.attributes);
      await slapd.modify(slapd.groups.warbleUsers.dn, [{ operation: 'add', attribute: 'member', values: [temp.dn] }]);
      const password = slapd.users.dana.password;

      expect(await client.authenticate('ttemp', password)).to.have.property('ok', true);
      expect(await client.findPerson('ttemp')).to.have.property('username', 'ttemp');

      await slapd.deleteEntry(temp.dn);
      expect(await client.authenticate('ttemp', password)).to.deep.equal({ ok: false, reason: 'unknown-user' });
      expect(await client.findPerson('ttemp')).to.equal(null);
      expect((await client.listPeople()).map((person) => person.username)).to.not.include('ttemp');
    });

    it('excludes a person removed from warble-users (memberOf kept current by the overlay)', async function () {
      const bob = slapd.users.bob;
      const group = slapd.groups.warbleUsers.dn;
      await slapd.modify(group, [{ operation: 'delete', attribute: 'member', values: [bob.dn] }]);
      try {
        expect(await client.authenticate('bob', bob.password)).to.deep.equal({ ok: false, reason: 'excluded' });
        expect(await client.findPerson('bob')).to.equal(null);
      } finally {
        await slapd.modify(group, [{ operation: 'add', attribute: 'member', values: [bob.dn] }]);
      }
      expect(await client.authenticate('bob', bob.password)).to.have.property('ok', true);
    });
  });
});
