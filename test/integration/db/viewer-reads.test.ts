/**
 * The per-request reads moved off Sequelize onto the hot-read connections
 * (ViewerReadRepository, SessionStore.get) must give routes exactly what
 * Sequelize gave them, on SQLite and on PostgreSQL.
 */
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { createGroup } from '../../helpers/post-fixtures.js';

describe('reads on the hot-read connections', () => {
  let testApp: TestApp;

  before(async () => {
    testApp = await startTestApp();
  });
  after(() => testApp.close());

  it('builds a person exactly as findByPk does: dates, booleans, numbers and nulls', async () => {
    const { localUsers, models, viewerReads } = testApp.container;
    const created = await localUsers.create({ username: 'built_person', password: 'built person password', isAdmin: true });
    await models.User.update(
      { suspendedAt: new Date('2026-01-02T03:04:05.678Z'), isModerator: true, followersCount: 7, bio: null, title: 'Engineer' },
      { where: { id: created.id } },
    );
    const viaSequelize = await models.User.findByPk(created.id);
    const viaReads = await viewerReads.userById(created.id);
    expect(viaReads).to.be.instanceOf(models.User);
    expect(viaReads!.get({ plain: true })).to.deep.equal(viaSequelize!.get({ plain: true }));
    expect(viaReads!.isNewRecord).to.equal(false);
    expect(await viewerReads.userById('01ZZZZZZZZZZZZZZZZZZZZZZZZ')).to.equal(null);
  });

  it("reads a person's memberships with their role and state", async () => {
    const { localUsers, models, viewerReads } = testApp.container;
    const member = await localUsers.create({ username: 'member_person', password: 'member person password' });
    const owned = await createGroup(models, { name: 'Owned', visibility: 'private', members: [{ userId: member.id, role: 'owner' }] });
    const asked = await createGroup(models, { name: 'Asked', visibility: 'private', members: [{ userId: member.id, state: 'requested' }] });
    const rows = await viewerReads.membershipsOf(member.id);
    expect(rows.map((row) => ({ groupId: row.groupId, role: row.role, state: row.state }))).to.have.deep.members([
      { groupId: owned, role: 'owner', state: 'active' },
      { groupId: asked, role: 'member', state: 'requested' },
    ]);
  });

  it('reads a session, forgets an expired one and ends a destroyed one at once', async () => {
    const { localUsers, sessionStore } = testApp.container;
    const { id: userId } = await localUsers.create({ username: 'session_person', password: 'session person password' });
    await sessionStore.set('live-session', { userId, csrfSecret: 'secret' }, 60_000);
    expect(await sessionStore.get('live-session')).to.deep.equal({ userId, csrfSecret: 'secret' });
    await sessionStore.destroy('live-session');
    expect(await sessionStore.get('live-session')).to.equal(undefined);
    await sessionStore.set('old-session', { userId }, -1000);
    expect(await sessionStore.get('old-session')).to.equal(undefined);
  });
});
