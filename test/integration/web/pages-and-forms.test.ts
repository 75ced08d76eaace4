import { expect } from 'chai';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient, csrfTokenIn } from '../../helpers/web-client.js';

/** The microblog pages and their plain form posts, as a browser without JavaScript uses them. */
describe('web pages and form posts', function () {
  this.timeout(30_000);
  let testApp: TestApp;
  let ada: WebClient;
  let bob: WebClient;
  let carol: WebClient;
  let bobFr: WebClient;

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    await testApp.container.localUsers.create({ username: 'carol', displayName: 'Carol Outsider', password: 'carols secret words' });
    ada = new WebClient(testApp);
    bob = new WebClient(testApp);
    carol = new WebClient(testApp);
    bobFr = new WebClient(testApp, 'fr');
    expect((await ada.signIn(ADMIN.username, ADMIN.password)).status).to.equal(302);
    expect((await bob.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    expect((await bobFr.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    expect((await carol.signIn('carol', 'carols secret words')).status).to.equal(302);
  });
  after(() => testApp?.close());

  const postId = (location: string | undefined) => /post-([0-9A-Z]{26})/.exec(location ?? '')?.[1];

  it('every page answers 200 to a signed-in person, in both languages', async () => {
    for (const path of ['/', '/company', '/groups', '/tags/launch', '/notifications', '/messages', '/bookmarks', '/search', '/settings', '/@bob', '/@bob?tab=media']) {
      const en = await bob.get(path);
      expect(en.status, path).to.equal(200);
      const fr = await bobFr.get(path);
      expect(fr.status, path).to.equal(200);
      expect(fr.text).to.include('<html lang="fr">');
    }
    expect((await ada.get('/admin')).status).to.equal(200);
    expect((await ada.get('/admin/groups')).status).to.equal(200);
    expect((await bob.get('/admin')).status).to.equal(403);
  });

  it('posts with a mention and a hashtag, then the mention and the tag link work', async () => {
    const posted = await ada.submit('/', '/posts', { status: 'Launch day with @bob #launch', audience: 'public', returnTo: '/' });
    expect(posted.status).to.equal(302);
    expect(posted.headers.location).to.equal('/');
    const home = await bob.get('/tags/launch');
    expect(home.text).to.include('Launch day with');
    expect(home.text).to.match(/href="\/@bob"[^>]*>@<span>bob<\/span>|href="\/@bob"/);
    const notifications = await bob.get('/notifications');
    expect(notifications.text).to.include('mentioned you');
    expect(notifications.text).to.match(/class="badge" data-unread="1"/);
  });

  it('every form post refuses a missing CSRF token', async () => {
    const targets = [
      '/posts',
      '/posts/01J0000000000000000000000A/like',
      '/posts/01J0000000000000000000000A/repost',
      '/posts/01J0000000000000000000000A/bookmark',
      '/posts/01J0000000000000000000000A/delete',
      '/@ada/follow',
      '/groups',
      '/groups/anything/join',
      '/groups/anything/leave',
      '/groups/request',
      '/notifications/read',
      '/tags/launch/follow',
    ];
    for (const target of targets) {
      const response = await bob.agent.post(target).type('form').set('Accept', 'text/html').send({ status: 'x' });
      expect(response.status, target).to.equal(403);
    }
    const multipart = await bob.agent.post('/posts').set('Accept', 'text/html').field('status', 'no token').attach('media', Buffer.from('x'), 'x.png');
    expect(multipart.status).to.equal(403);
  });

  it('shows field errors next to the field with 422: empty post, too long, unknown recipient, empty group name', async () => {
    const empty = await bob.submit('/', '/posts', { status: '   ', audience: 'public' });
    expect(empty.status).to.equal(422);
    expect(empty.text).to.match(/id="status-error"[^>]*>Write something first\./);
    expect(empty.text).to.include('aria-invalid="true"');

    const long = await bobFr.submit('/', '/posts', { status: 'x'.repeat(600), audience: 'public' });
    expect(long.status).to.equal(422);
    expect(long.text).to.include('Le texte est trop long : 500 caractères au plus.');

    const unknown = await bob.submit('/messages', '/posts', { status: 'hello', audience: 'direct', to: '@nobody' });
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.match(/id="to-error"/);

    const group = await bob.submit('/groups', '/groups', { name: '', visibility: 'public' });
    expect(group.status).to.equal(422);
    expect(group.text).to.match(/id="name-error"/);
  });

  it('reply, like, repost, bookmark and delete as plain form posts that redirect back', async () => {
    const created = await bob.submit('/', '/posts', { status: 'Question for @ada', audience: 'public', returnTo: '/company' });
    expect(created.headers.location).to.equal('/company');
    const company = await ada.get('/company');
    const id = /data-post-id="([0-9A-Z]{26})"(?:(?!data-post-id)[\s\S])*?Question for/.exec(company.text)?.[1];
    expect(id).to.be.a('string');

    const thread = await ada.get(`/@bob/${id}`);
    expect(thread.status).to.equal(200);
    expect(thread.text).to.include('@bob ');
    const reply = await ada.submit(`/@bob/${id}`, '/posts', { status: '@bob here is the answer', in_reply_to_id: id!, returnTo: `/@bob/${id}` });
    expect(reply.status).to.equal(302);
    expect(reply.headers.location).to.match(new RegExp(`^/@bob/${id}#post-`));
    const replyId = postId(reply.headers.location);

    for (const action of ['like', 'repost', 'bookmark']) {
      const response = await ada.submit('/company', `/posts/${id}/${action}`, { returnTo: '/company' });
      expect(response.status, action).to.equal(302);
      expect(response.headers.location).to.equal(`/company#post-${id}`);
    }
    const after = await ada.get(`/@bob/${id}`);
    expect(after.text).to.include('here is the answer');
    expect(after.text).to.match(/aria-pressed="true"/);
    expect((await ada.get('/bookmarks')).text).to.include('Question for');

    const deleted = await ada.submit(`/@ada/${replyId}`, `/posts/${replyId}/delete`, { returnTo: `/@ada/${replyId}` });
    expect(deleted.headers.location).to.equal('/');
    expect((await ada.get(`/@ada/${replyId}`)).status).to.equal(404);
  });

  it('a thread at the wrong name redirects to its author', async () => {
    const company = await ada.get('/company');
    const id = /data-post-id="([0-9A-Z]{26})"(?:(?!data-post-id)[\s\S])*?Launch day/.exec(company.text)?.[1];
    const wrong = await bob.get(`/@bob/${id}`);
    expect(wrong.status).to.equal(302);
    expect(wrong.headers.location).to.equal(`/@ada/${id}`);
  });

  it('sends a private message that only its people see', async () => {
    const sent = await ada.submit('/messages', '/posts', { status: 'Just between us', audience: 'direct', to: 'bob', returnTo: '/messages' });
    expect(sent.status).to.equal(302);
    expect((await bob.get('/messages')).text).to.include('Just between us');
    expect((await carol.get('/messages')).text).not.to.include('Just between us');
    expect((await carol.get('/company')).text).not.to.include('Just between us');
  });

  it('follows and unfollows from the profile', async () => {
    const follow = await carol.submit('/@ada', '/@ada/follow', { returnTo: '/@ada' });
    expect(follow.headers.location).to.equal('/@ada');
    expect((await carol.get('/@ada')).text).to.include('Unfollow');
    await carol.submit('/@ada', '/@ada/unfollow', { returnTo: '/@ada' });
    expect((await carol.get('/@ada')).text).to.match(/>Follow</);
  });

  it('groups: create, join a public one, and a private group is 404 to non-members (page, posts and thread)', async () => {
    const open = await ada.submit('/groups', '/groups', { name: 'Rocketry', description: 'Rockets', visibility: 'public' });
    expect(open.headers.location).to.match(/^\/groups\/rocketry/);
    const openPath = open.headers.location!;
    const join = await bob.submit(openPath, `${openPath}/join`, { returnTo: openPath });
    expect(join.headers.location).to.equal(openPath);
    expect((await bob.get(openPath)).text).to.include('Leave group');

    const secret = await ada.submit('/groups', '/groups', { name: 'Secret plans', visibility: 'private' });
    const secretPath = secret.headers.location!;
    const page = await ada.get(secretPath);
    const groupId = /name="audience" value="([0-9A-Z]{26})"/.exec(page.text)?.[1];
    const posted = await ada.submit(secretPath, '/posts', { status: 'Hidden launch codes', audience: groupId!, returnTo: secretPath });
    expect(posted.status).to.equal(302);
    const postIdInGroup = /data-post-id="([0-9A-Z]{26})"/.exec((await ada.get(secretPath)).text)?.[1];

    expect((await carol.get(secretPath)).status).to.equal(404);
    expect((await carol.get(`/@ada/${postIdInGroup}`)).status).to.equal(404);
    expect((await carol.get(`/posts/${postIdInGroup}/card`)).status).to.equal(404);
    expect((await carol.get('/groups')).text).not.to.include('Secret plans');
    expect((await carol.submit('/groups', `${secretPath}/join`, {})).status).to.equal(404);

    // Asking by address answers the same whether or not the group exists; the owner sees the request.
    const asked = await carol.submit('/groups', '/groups/request', { slug: secretPath.replace('/groups/', '') });
    const askedMissing = await carol.submit('/groups', '/groups/request', { slug: 'no-such-group' });
    expect(asked.headers.location).to.equal(askedMissing.headers.location);
    expect((await ada.get(secretPath)).text).to.include('Carol Outsider');
    const requesterView = await carol.get(secretPath);
    expect(requesterView.status).to.equal(200);
    expect(requesterView.text).not.to.include('Hidden launch codes');
  });

  it('marks notifications read', async () => {
    const response = await bob.submit('/notifications', '/notifications/read', { returnTo: '/notifications' });
    expect(response.headers.location).to.equal('/notifications');
    expect((await bob.get('/notifications')).text).to.match(/class="badge" data-unread="0"/);
  });

  it('returnTo never leaves the site', async () => {
    const response = await bob.submit('/', '/tags/launch/follow', { returnTo: '//evil.example/' });
    expect(response.headers.location).to.equal('/tags/launch');
    expect(csrfTokenIn((await bob.get('/')).text)).to.be.a('string');
  });
});
