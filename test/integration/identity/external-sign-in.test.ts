import { expect } from 'chai';
import type { ExternalProfile } from '../../../server/services/identity/external-profile.js';
import { seedPeople, MEMBER, startTestApp, type TestApp } from '../../helpers/test-app.js';

const ISSUER = 'https://idp.example.com/realms/corp';

function profile(subject: string, overrides: Partial<ExternalProfile> = {}): ExternalProfile {
  return {
    provider: 'oidc',
    issuer: ISSUER,
    subject,
    username: `user-${subject}`,
    email: `user-${subject}@example.com`,
    displayName: `User ${subject}`,
    groups: null,
    isAdmin: null,
    ...overrides,
  };
}

describe('single sign-on accounts (the shared foundation of OIDC and SAML)', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
  });
  after(async () => {
    await testApp?.close();
  });

  const signIn = (p: ExternalProfile) => testApp.container.accountLink.signIn(p);
  const groupNamesOf = async (userId: string) => {
    const rows = await testApp.container.models.GroupMembership.findAll({ where: { userId, state: 'active' } });
    const groups = await testApp.container.models.Group.findAll({ where: { id: rows.map((row) => row.groupId) } });
    return groups.map((group) => `${group.source}:${group.name}`).sort();
  };

  it('creates the account just in time, with the provider as its source and a link by subject', async () => {
    const outcome = await signIn(profile('s-1', { username: 'Erin.Stone@Example.com', displayName: 'Erin Stone', email: 'Erin@Example.com' }));
    expect(outcome.kind).to.equal('created');
    if (outcome.kind === 'refused') throw new Error('refused');
    expect(outcome.user.get({ plain: true })).to.include({ username: 'erin.stone', displayName: 'Erin Stone', email: 'erin@example.com', source: 'oidc', isAdmin: false });
    const links = await testApp.container.externalIdentities.listForUser(outcome.user.id);
    expect(links.map((link) => [link.provider, link.issuer, link.subject])).to.deep.equal([['oidc', ISSUER, 's-1']]);
  });

  it('finds the person again by subject even when their name and address claims changed', async () => {
    const outcome = await signIn(profile('s-1', { username: 'someone-else', email: 'erin.new@example.com', displayName: 'Erin Stone-Lee' }));
    expect(outcome.kind).to.equal('updated');
    if (outcome.kind === 'refused') throw new Error('refused');
    expect(outcome.user.username).to.equal('erin.stone');
    expect(outcome.user.email).to.equal('erin.new@example.com');
    expect(outcome.user.displayName).to.equal('Erin Stone-Lee');
    expect(await testApp.container.users.findByUsername('someone-else')).to.equal(null);
    expect((await signIn(profile('s-1', { username: 'x', email: 'erin.new@example.com', displayName: 'Erin Stone-Lee' }))).kind).to.equal('unchanged');
  });

  it('never takes over a local account that has the same user name (another subject claiming "bob" is refused)', async () => {
    const bob = await testApp.container.users.findByUsername(MEMBER.username);
    const outcome = await signIn(profile('attacker', { username: 'bob', email: 'bob@evil.example', displayName: 'Not Bob', isAdmin: true }));
    expect(outcome).to.deep.include({ kind: 'refused', reason: 'username-taken', username: 'bob', userId: bob!.id });
    const after = await testApp.container.users.findByUsername('bob');
    expect(after!.get({ plain: true })).to.include({ source: 'local', displayName: MEMBER.displayName, email: bob!.email, isAdmin: false });
    expect(await testApp.container.externalIdentities.listForUser(bob!.id)).to.deep.equal([]);
  });

  it('refuses the same user name from another issuer: the subject is only unique within its issuer', async () => {
    const outcome = await signIn(profile('s-1', { issuer: 'https://other-idp.example.com', username: 'erin.stone' }));
    expect(outcome).to.deep.include({ kind: 'refused', reason: 'username-taken' });
  });

  it('links (instead of refusing) an account IT provisioned through SCIM that has no link yet, only once', async () => {
    const scim = await testApp.container.users.create({ username: 'frank', displayName: 'Frank (SCIM)' });
    // The SCIM helper adds 'scim' to AccountSource; the rule only needs the stored value.
    await testApp.container.models.User.update({ source: 'scim' as never }, { where: { id: scim.id } });
    const linked = await signIn(profile('s-frank', { username: 'frank', displayName: 'Frank Ocean' }));
    expect(linked.kind).to.equal('linked');
    if (linked.kind === 'refused') throw new Error('refused');
    expect(linked.user.id).to.equal(scim.id);
    expect(linked.user.displayName).to.equal('Frank Ocean');
    const second = await signIn(profile('s-frank-2', { username: 'frank' }));
    expect(second).to.deep.include({ kind: 'refused', reason: 'username-taken' });
  });

  it('refuses suspended and deactivated accounts, and changes nothing on them', async () => {
    const created = await signIn(profile('s-gina', { username: 'gina' }));
    if (created.kind === 'refused') throw new Error('refused');
    await created.user.update({ suspendedAt: new Date() });
    expect(await signIn(profile('s-gina', { username: 'gina', displayName: 'Changed' }))).to.deep.include({ kind: 'refused', reason: 'suspended' });
    await created.user.update({ suspendedAt: null, deactivatedAt: new Date() });
    expect(await signIn(profile('s-gina', { username: 'gina', displayName: 'Changed' }))).to.deep.include({ kind: 'refused', reason: 'deactivated' });
    await created.user.reload();
    expect(created.user.displayName).to.equal('User s-gina');
  });

  it('refuses a person whose claims give no usable user name', async () => {
    expect(await signIn(profile('s-none', { username: null, email: null }))).to.deep.include({ kind: 'refused', reason: 'invalid-username' });
  });

  it('mirrors the group claim into Warble groups, leaves them on the next sign-in, and leaves other groups alone', async () => {
    const first = await signIn(profile('s-hal', { username: 'hal', groups: ['Engineering', 'On-call', 'Engineering'] }));
    if (first.kind === 'refused') throw new Error('refused');
    const local = await testApp.container.groups.create({ slug: 'book-club', name: 'Book club' });
    await testApp.container.sequelize.transaction((transaction) => testApp.container.groups.addMembers(local.id, [first.user.id], transaction));
    expect(await groupNamesOf(first.user.id)).to.deep.equal(['local:Book club', 'oidc:Engineering', 'oidc:On-call']);

    await signIn(profile('s-hal', { username: 'hal', groups: ['Engineering'] }));
    expect(await groupNamesOf(first.user.id)).to.deep.equal(['local:Book club', 'oidc:Engineering']);

    // No group claim at all: memberships stay as they are.
    await signIn(profile('s-hal', { username: 'hal', groups: null }));
    expect(await groupNamesOf(first.user.id)).to.deep.equal(['local:Book club', 'oidc:Engineering']);

    // A second person in the same provider group joins the same Warble group.
    const ivy = await signIn(profile('s-ivy', { username: 'ivy', groups: ['Engineering'] }));
    if (ivy.kind === 'refused') throw new Error('refused');
    const engineering = await testApp.container.groups.findByDirectoryDn(`oidc:${ISSUER}#Engineering`);
    expect(await testApp.container.groups.memberIds(engineering!.id)).to.have.members([first.user.id, ivy.user.id]);
    expect(engineering!.source).to.equal('oidc');
  });

  it('sets the administrator flag from the admin group only when one is configured', async () => {
    const made = await signIn(profile('s-jo', { username: 'jo', isAdmin: true }));
    if (made.kind === 'refused') throw new Error('refused');
    expect(made.user.isAdmin).to.equal(true);
    await signIn(profile('s-jo', { username: 'jo', isAdmin: null }));
    expect((await testApp.container.users.findById(made.user.id))!.isAdmin).to.equal(true);
    await signIn(profile('s-jo', { username: 'jo', isAdmin: false }));
    expect((await testApp.container.users.findById(made.user.id))!.isAdmin).to.equal(false);
  });

  it('two first sign-ins of one person at once make one account and one link', async () => {
    const outcomes = await Promise.all([signIn(profile('s-kim', { username: 'kim' })), signIn(profile('s-kim', { username: 'kim' }))]);
    expect(outcomes.map((o) => o.kind).sort()).to.deep.equal(['created', 'unchanged']);
    const kim = await testApp.container.users.findByUsername('kim');
    expect(await testApp.container.externalIdentities.listForUser(kim!.id)).to.have.length(1);
  });
});
