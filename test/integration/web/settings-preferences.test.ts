import { expect } from 'chai';
import type { NotificationType } from '../../../server/db/models/notification.js';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient, csrfTokenIn } from '../../helpers/web-client.js';

const ALL_TYPES = ['mention', 'reply', 'repost', 'like', 'follow', 'group_invite', 'group_join_request', 'saved_search'];

/** Settings › Notifications: which notifications a person gets, and how often the email digest comes. */
describe('settings: notification and digest preferences', function () {
  this.timeout(30_000);
  let testApp: TestApp;
  let bob: WebClient;
  let adaApi: ApiClient;

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    bob = new WebClient(testApp);
    expect((await bob.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    adaApi = await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password);
  });
  after(() => testApp?.close());

  /** Posts the notifications form as a browser does: unchecked boxes are simply absent. */
  const savePreferences = async (client: WebClient, fields: { digest: string; notify: string[] }) => {
    const page = await client.get('/settings');
    return client.agent
      .post('/settings/notifications')
      .type('form')
      .set('Accept', 'text/html')
      .send({ _csrf: csrfTokenIn(page.text), ...fields });
  };
  const storedBob = async () => {
    const user = await testApp.container.users.findByUsername(MEMBER.username);
    return { digest: user!.digestFrequency, muted: user!.mutedNotificationTypes };
  };
  const checkbox = (html: string, type: string) => new RegExp(`<input id="notify-${type}"[^>]*>`).exec(html)?.[0] ?? '';
  const notificationsOf = async (username: string, type: NotificationType, postId: string) => {
    const user = await testApp.container.users.findByUsername(username);
    return testApp.container.models.Notification.count({ where: { recipientId: user!.id, type, postId } });
  };

  it('a new account gets every notification and a daily digest, shown with a label on every control', async () => {
    expect(await storedBob()).to.deep.equal({ digest: 'daily', muted: '' });
    const page = await bob.get('/settings').expect(200);
    for (const type of ALL_TYPES) {
      expect(checkbox(page.text, type), type).to.include('checked');
      expect(page.text).to.include(`<label for="notify-${type}">`);
    }
    expect(page.text).to.include('<legend>Notify me about</legend>');
    expect(page.text).to.include('<label for="digest">Email digest</label>');
    expect(page.text).to.match(/<option value="daily" selected>Daily<\/option>/);
  });

  it('saving persists the choices, redirects with a notice, and the page shows them', async () => {
    const saved = await savePreferences(bob, { digest: 'weekly', notify: ['mention', 'reply', 'follow'] });
    expect(saved.status).to.equal(302);
    expect(saved.headers.location).to.equal('/settings?saved=1');
    expect(await storedBob()).to.deep.equal({ digest: 'weekly', muted: 'repost,like,group_invite,group_join_request,saved_search' });

    const page = await bob.get('/settings?saved=1').expect(200);
    expect(page.text).to.include('Settings saved.');
    expect(checkbox(page.text, 'mention')).to.include('checked');
    expect(checkbox(page.text, 'like')).not.to.include('checked');
    expect(page.text).to.match(/<option value="weekly" selected>Weekly<\/option>/);

    // The language form is separate: saving it leaves these preferences alone.
    expect((await bob.submit('/settings', '/settings', { locale: '' })).status).to.equal(302);
    expect(await storedBob()).to.deep.equal({ digest: 'weekly', muted: 'repost,like,group_invite,group_join_request,saved_search' });
  });

  it('unchecking everything mutes every type; the digest can be turned off', async () => {
    expect((await savePreferences(bob, { digest: 'off', notify: [] })).status).to.equal(302);
    expect(await storedBob()).to.deep.equal({ digest: 'off', muted: ALL_TYPES.join(',') });
  });

  it('a bad digest value is refused with 422 and the message next to the field, keeping what was submitted', async () => {
    await savePreferences(bob, { digest: 'daily', notify: ALL_TYPES });
    const refused = await savePreferences(bob, { digest: 'hourly', notify: ['mention'] });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.match(/<p class="field-error" id="digest-error" role="alert">Choose off, daily or weekly\.<\/p>/);
    expect(refused.text).to.match(/<select id="digest" name="digest"\s+aria-invalid="true"/);
    expect(checkbox(refused.text, 'mention')).to.include('checked');
    expect(checkbox(refused.text, 'like')).not.to.include('checked');
    expect(await storedBob()).to.deep.equal({ digest: 'daily', muted: '' });

    const unknownType = await savePreferences(bob, { digest: 'daily', notify: ['mention', 'poll'] });
    expect(unknownType.status).to.equal(422);
    expect(unknownType.text).to.include('id="notify-error"');
    expect(await storedBob()).to.deep.equal({ digest: 'daily', muted: '' });
  });

  it('shows the form and its errors in French too', async () => {
    const bobFr = new WebClient(testApp, 'fr');
    await bobFr.signIn(MEMBER.username, MEMBER.password);
    const page = await bobFr.get('/settings').expect(200);
    expect(page.text).to.include('Résumé par courriel').and.not.include('settings.');
    const refused = await bobFr.agent
      .post('/settings/notifications')
      .type('form')
      .set('Accept', 'text/html')
      .set('Accept-Language', 'fr')
      .send({ _csrf: csrfTokenIn(page.text), digest: 'hourly' });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include('Choisissez désactivé, quotidien ou hebdomadaire.');
  });

  it('refuses a post without the CSRF token and changes nothing', async () => {
    const refused = await bob.agent.post('/settings/notifications').type('form').set('Accept', 'text/html').send({ digest: 'off' });
    expect(refused.status).to.equal(403);
    expect(await storedBob()).to.deep.equal({ digest: 'daily', muted: '' });
  });

  it('after muting likes, a like no longer notifies that person, while mentions and reposts still do', async () => {
    await savePreferences(bob, { digest: 'daily', notify: ALL_TYPES.filter((type) => type !== 'like') });
    const bobApi = await ApiClient.signIn(testApp, MEMBER.username, MEMBER.password);
    const bobsPost = (await bobApi.post('/api/v1/statuses', { status: 'Muted likes, please', visibility: 'public' }).expect(200)).body.id as string;

    await adaApi.post(`/api/v1/statuses/${bobsPost}/favourite`).expect(200);
    await adaApi.post(`/api/v1/statuses/${bobsPost}/reblog`).expect(200);
    const mention = (await adaApi.post('/api/v1/statuses', { status: 'Still hearing this, @bob?', visibility: 'public' }).expect(200)).body.id as string;

    expect(await notificationsOf(MEMBER.username, 'like', bobsPost)).to.equal(0);
    expect(await notificationsOf(MEMBER.username, 'repost', bobsPost)).to.equal(1);
    expect(await notificationsOf(MEMBER.username, 'mention', mention)).to.equal(1);

    // Muting is per person: Ada, who muted nothing, still hears about Bob liking her post.
    await bobApi.post(`/api/v1/statuses/${mention}/favourite`).expect(200);
    expect(await notificationsOf(ADMIN.username, 'like', mention)).to.equal(1);
  });

  it('after muting mentions, a mention in a public post is dropped but a direct message still notifies', async () => {
    await savePreferences(bob, { digest: 'daily', notify: ALL_TYPES.filter((type) => type !== 'mention') });
    const inPublic = (await adaApi.post('/api/v1/statuses', { status: 'FYI @bob', visibility: 'public' }).expect(200)).body.id as string;
    const direct = (await adaApi.post('/api/v1/statuses', { status: '@bob a word in private', visibility: 'direct' }).expect(200)).body.id as string;
    expect(await notificationsOf(MEMBER.username, 'mention', inPublic)).to.equal(0);
    expect(await notificationsOf(MEMBER.username, 'mention', direct)).to.equal(1);
  });
});
