import { expect } from 'chai';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

const MODERATOR = { username: 'mo', displayName: 'Mo Moderator', password: 'moderating is work' };
const COLLEAGUE = { username: 'carol', displayName: 'Carol Colleague', password: 'carols long secret' };

describe('moderation', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let bobId: string;
  let postId: string;
  let bob: ApiClient;
  let carol: ApiClient;
  let mo: WebClient;
  let moApi: ApiClient;
  let admin: ApiClient;

  const entries = (action: string) => testApp.container.auditEvents.search({ action, limit: 100 });
  const moderate = (action: string) => mo.submit('/admin/moderation', action, {});

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    const moUser = await testApp.container.localUsers.create(MODERATOR);
    await testApp.container.models.User.update({ isModerator: true }, { where: { id: moUser.id } });
    await testApp.container.localUsers.create(COLLEAGUE);
    bob = await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password);
    carol = await ApiClient.signIn(testApp, COLLEAGUE.username, COLLEAGUE.password);
    admin = await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password);
    moApi = await ApiClient.signIn(testApp, MODERATOR.username, MODERATOR.password);
    mo = new WebClient(testApp);
    expect((await mo.signIn(MODERATOR.username, MODERATOR.password)).status).to.equal(302);
    const created = await bob.post('/api/v1/statuses', { status: 'Something <em>rude</em> about Mondays' });
    expect(created.status, created.text).to.equal(200);
    postId = created.body.id as string;
    bobId = (created.body.account as { id: string }).id;
  });
  after(() => testApp.close());

  it('a report by a member (API and thread page) appears in the queue, escaped', async () => {
    const reported = await carol.post('/api/v1/reports', { account_id: bobId, status_ids: [postId], comment: '<script>alert(1)</script> not ok' });
    expect(reported.status, reported.text).to.equal(200);
    expect(reported.body).to.include({ action_taken: false });
    expect(reported.body.status_ids).to.deep.equal([postId]);

    const web = new WebClient(testApp);
    await web.signIn(COLLEAGUE.username, COLLEAGUE.password);
    const thread = `/@${MEMBER.username}/${postId}`;
    const viaForm = await web.submit(thread, `/posts/${postId}/report`, { comment: 'again', returnTo: thread });
    expect(viaForm.status).to.equal(302);
    expect(viaForm.headers.location).to.equal(`${thread}?reported=1`);

    const queue = await mo.get('/admin/moderation');
    expect(queue.status).to.equal(200);
    expect(queue.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt; not ok');
    expect(queue.text).not.to.include('<script>alert(1)</script>');
    expect(queue.text).to.include('again');
    expect(queue.text).to.include(`/admin/moderation/posts/${postId}/hide`);
    expect(await entries('moderation.report')).to.have.length(2);
    const moFrench = new WebClient(testApp, 'fr');
    await moFrench.signIn(MODERATOR.username, MODERATOR.password);
    const french = await moFrench.get('/admin/moderation');
    expect(french.text).to.include('File de modération').and.include('Masquer la publication');
  });

  it('refuses reports of posts the reporter cannot see, and of the wrong account (404)', async () => {
    const direct = await bob.post('/api/v1/statuses', { status: '@ada just between us', visibility: 'direct' });
    expect(direct.status, direct.text).to.equal(200);
    expect((await carol.post('/api/v1/reports', { account_id: bobId, status_ids: [direct.body.id] })).status).to.equal(404);
    const carolId = (await carol.get('/api/v1/accounts/verify_credentials')).body.id as string;
    expect((await carol.post('/api/v1/reports', { account_id: carolId, status_ids: [postId] })).status).to.equal(404);
  });

  it('refuses the queue and its actions to people who are not moderators (403)', async () => {
    const web = new WebClient(testApp);
    await web.signIn(COLLEAGUE.username, COLLEAGUE.password);
    expect((await web.get('/admin/moderation')).status).to.equal(403);
    expect((await web.submit('/settings', `/admin/moderation/posts/${postId}/hide`, {})).status).to.equal(403);
    expect((await web.submit('/settings', `/admin/moderation/accounts/${bobId}/suspend`, {})).status).to.equal(403);
    const post = await testApp.container.models.Post.findByPk(postId);
    expect(post!.hiddenAt).to.equal(null);
    expect((await new WebClient(testApp).get('/admin/moderation')).status).to.equal(302);
  });

  it('hiding makes the post invisible to others but not to its author or the moderators; unhiding restores it', async () => {
    expect((await moderate(`/admin/moderation/posts/${postId}/hide`)).headers.location).to.equal('/admin/moderation?done=hidden');
    expect((await carol.get(`/api/v1/statuses/${postId}`)).status).to.equal(404);
    expect((await bob.get(`/api/v1/statuses/${postId}`)).status).to.equal(200);
    expect((await moApi.get(`/api/v1/statuses/${postId}`)).status).to.equal(200);
    expect((await admin.get(`/api/v1/statuses/${postId}`)).status).to.equal(200);
    const [hidden] = await entries('moderation.hide');
    expect(hidden).to.include({ actorLabel: MODERATOR.username, targetType: 'post', targetId: postId });

    expect((await moderate(`/admin/moderation/posts/${postId}/unhide`)).status).to.equal(302);
    expect((await carol.get(`/api/v1/statuses/${postId}`)).status).to.equal(200);
    const [unhidden] = await entries('moderation.unhide');
    expect(unhidden).to.include({ actorLabel: MODERATOR.username, targetId: postId });
  });

  it('suspending ends sessions and tokens at once and blocks sign-in; reinstating lets the person back', async () => {
    const bobWeb = new WebClient(testApp);
    expect((await bobWeb.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    expect((await bobWeb.get('/settings')).status).to.equal(200);
    const { token } = await testApp.container.tokens.issue({ kind: 'personal', userId: bobId, appId: null, name: 't', scopes: ['read', 'write'] });
    const bobToken = ApiClient.withToken(testApp, token);
    expect((await bobToken.get('/api/v1/accounts/verify_credentials')).status).to.equal(200);

    expect((await moderate(`/admin/moderation/accounts/${bobId}/suspend`)).headers.location).to.equal('/admin/moderation?done=suspended');
    const page = await bobWeb.get('/settings');
    expect(page.status).to.equal(302);
    expect(page.headers.location).to.match(/^\/login/);
    expect((await bobToken.get('/api/v1/accounts/verify_credentials')).status).to.equal(401);
    expect((await bob.get('/api/v1/accounts/verify_credentials')).status).to.equal(401);
    expect((await new WebClient(testApp).signIn(MEMBER.username, MEMBER.password)).status).to.equal(401);
    const [suspended] = await entries('moderation.suspend');
    expect(suspended).to.include({ actorLabel: MODERATOR.username, targetType: 'user', targetId: bobId });

    expect((await moderate(`/admin/moderation/accounts/${bobId}/reinstate`)).status).to.equal(302);
    expect((await new WebClient(testApp).signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    expect((await bobToken.get('/api/v1/accounts/verify_credentials')).status).to.equal(401); // revoked tokens stay revoked
    const [reinstated] = await entries('moderation.reinstate');
    expect(reinstated).to.include({ actorLabel: MODERATOR.username, targetId: bobId });
  });

  it('a moderator who is not an administrator cannot suspend an administrator', async () => {
    const adminId = (await admin.get('/api/v1/accounts/verify_credentials')).body.id as string;
    expect((await moderate(`/admin/moderation/accounts/${adminId}/suspend`)).status).to.equal(403);
  });

  it('deleting a post as moderator removes it for everyone; resolving empties the queue; both recorded', async () => {
    bob = await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password);
    expect((await moderate(`/admin/moderation/posts/${postId}/delete`)).status).to.equal(302);
    expect((await carol.get(`/api/v1/statuses/${postId}`)).status).to.equal(404);
    expect((await bob.get(`/api/v1/statuses/${postId}`)).status).to.equal(404);
    const [deleted] = await entries('moderation.delete');
    expect(deleted).to.include({ actorLabel: MODERATOR.username, targetId: postId });

    const open = await testApp.container.models.Report.findAll({ where: { status: 'open' } });
    expect(open).to.have.length(2);
    for (const report of open) expect((await moderate(`/admin/moderation/reports/${report.id}/resolve`)).status).to.equal(302);
    const queue = await mo.get('/admin/moderation');
    expect(queue.text).to.include('No open reports.');
    expect(await entries('moderation.resolve')).to.have.length(2);
  });
});
