import { expect } from 'chai';
import supertest from 'supertest';
import { passwordToken, registerApp } from '../../helpers/oauth.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

const ISO_WITH_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('accounts and instance in Mastodon\'s shapes', () => {
  let testApp: TestApp;
  let bearer: string;
  beforeEach(async () => {
    testApp = await startTestApp({ WARBLE_PUBLIC_URL: 'https://warble.example.com' });
    await seedPeople(testApp);
    bearer = `Bearer ${await passwordToken(testApp, await registerApp(testApp), MEMBER.username, MEMBER.password)}`;
  });
  afterEach(() => testApp.close());

  const api = () => supertest(testApp.callback);

  it('describes the signed-in person with source, absolute URLs and millisecond timestamps', async () => {
    const { body } = await api().get('/api/v1/accounts/verify_credentials').set('Authorization', bearer).expect(200);
    expect(body).to.include({ username: 'bob', acct: 'bob', display_name: MEMBER.displayName, locked: false, bot: false, group: false });
    expect(body.created_at).to.match(ISO_WITH_MILLISECONDS);
    expect(body.url).to.equal('https://warble.example.com/@bob');
    expect(body.avatar).to.equal(`https://warble.example.com/avatars/${body.id}`);
    expect(body.header).to.match(/^https:\/\/warble\.example\.com\/assets\//);
    expect(body.source).to.include({ privacy: 'public', sensitive: false });
    expect(body.warble).to.deep.equal({ title: null, department: null, pronouns: null, location: null, verified_by_directory: false, official: false });
    expect(body).to.include.keys('followers_count', 'following_count', 'statuses_count', 'emojis', 'fields');
  });

  it('renders title and department as escaped text in note and fields', async () => {
    const member = await testApp.container.users.findByUsername(MEMBER.username);
    await testApp.container.models.User.update({ title: 'R&D <lead>', department: 'Ops' }, { where: { id: member!.id } });
    const { body } = await api().get(`/api/v1/accounts/${member!.id}`).set('Authorization', bearer).expect(200);
    expect(body.note).to.equal('<p>R&amp;D &lt;lead&gt; · Ops</p>');
    expect(body.fields[0]).to.deep.include({ name: 'Title', value: 'R&amp;D &lt;lead&gt;' });
  });

  it('finds people by id and by acct, and answers unknown ones with 404 {"error"}', async () => {
    const admin = await testApp.container.users.findByUsername(ADMIN.username);
    const byId = await api().get(`/api/v1/accounts/${admin!.id}`).set('Authorization', bearer).expect(200);
    expect(byId.body.username).to.equal(ADMIN.username);
    await api().get('/api/v1/accounts/lookup?acct=@ada@warble.example.com').set('Authorization', bearer).expect(200);
    const missing = await api().get('/api/v1/accounts/01ARZ3NDEKTSV4RRFFQ69G5FAV').set('Authorization', bearer).expect(404);
    expect(missing.body.error).to.be.a('string');
    await api().get('/api/v1/accounts/not-an-id').set('Authorization', bearer).expect(404);
    await api().get('/api/v1/accounts/lookup?acct=ada@elsewhere.example').set('Authorization', bearer).expect(404);
    const noAcct = await api().get('/api/v1/accounts/lookup').set('Authorization', bearer).expect(422);
    expect(noAcct.body.field).to.equal('acct');
    await api().get(`/api/v1/accounts/${admin!.id}`).expect(401);
  });

  it('validates profile edits with a 422 naming the field', async () => {
    const tooLong = await api().patch('/api/v1/accounts/update_credentials').set('Authorization', bearer).send({ display_name: 'x'.repeat(201) }).expect(422);
    expect(tooLong.body.field).to.equal('display_name');
    const note = await api().patch('/api/v1/accounts/update_credentials').set('Authorization', bearer).send({ note: 'n'.repeat(501) }).expect(422);
    expect(note.body.field).to.equal('note');
    const notText = await api().patch('/api/v1/accounts/update_credentials').set('Authorization', bearer).send({ pronouns: 42 }).expect(422);
    expect(notText.body.field).to.equal('pronouns');
  });

  it('accepts update_credentials as multipart form data, as Mastodon apps send it', async () => {
    const response = await api().patch('/api/v1/accounts/update_credentials').set('Authorization', bearer).field('display_name', 'Bob B.').expect(200);
    expect(response.body.display_name).to.equal('Bob B.');
  });

  it('describes the instance in the v1 and v2 shapes without sign-in', async () => {
    const v1 = (await api().get('/api/v1/instance').expect(200)).body;
    expect(v1).to.include({ uri: 'warble.example.com', title: 'Warble', registrations: false });
    expect(v1.version).to.match(/^4\.2\.0 \(compatible; Warble \d+\.\d+\.\d+\)$/);
    expect(v1.urls.streaming_api).to.equal('wss://warble.example.com');
    expect(v1.configuration.statuses.max_characters).to.be.a('number');
    expect(v1.stats.user_count).to.equal(2);
    const v2 = (await api().get('/api/v2/instance').expect(200)).body;
    expect(v2).to.include({ domain: 'warble.example.com' });
    expect(v2.registrations).to.include({ enabled: false });
    expect(v2.configuration.urls.streaming).to.equal('wss://warble.example.com');
  });
});
