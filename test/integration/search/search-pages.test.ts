/**
 * The search pages as a person without JavaScript uses them: results with
 * highlighted (escaped) excerpts, people with title and department, saving
 * and watching a search with CSRF-protected forms, and the saved list with
 * its "new since you last looked" counts.
 */
import { expect } from 'chai';
import { NEW_COUNT_CAP } from '../../../server/services/search/saved-searches.js';
import { ApiClient } from '../../helpers/api-client.js';
import { insertPost } from '../../helpers/post-fixtures.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

describe('search pages', function () {
  this.timeout(30_000);
  let testApp: TestApp;
  let bob: WebClient;
  let ada: ApiClient;

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    await testApp.container.models.User.update({ title: 'Payroll Lead', department: 'Finance' }, { where: { username: ADMIN.username } });
    bob = new WebClient(testApp);
    expect((await bob.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    ada = await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password);
  });
  after(() => testApp?.close());

  it('has a search box in the header of every page', async () => {
    const page = await bob.get('/').expect(200);
    expect(page.text).to.match(/<form method="get" action="\/search" role="search" class="header-search">/);
  });

  it('shows posts with escaped, highlighted excerpts and people with title and department', async () => {
    await ada.post('/api/v1/statuses', { status: 'Payroll <b>run</b> deployed tonight' }).expect(200);
    const page = await bob.get('/search?q=deploying').expect(200);
    expect(page.text).to.contain('<mark>deployed</mark>');
    expect(page.text).to.contain('&lt;b&gt;run&lt;/b&gt;');
    expect(page.text).to.not.contain('<b>run</b>');
    const people = await bob.get('/search?q=finance&type=accounts').expect(200);
    expect(people.text).to.contain('Payroll Lead');
    expect(people.text).to.contain('Finance');
    expect(people.text).to.contain(ADMIN.displayName);
  });

  it('answers a query with nothing to search for with a message, not an error page', async () => {
    const page = await bob.get('/search?q=%22%22').expect(422);
    expect(page.text).to.contain('role="alert"');
    expect(page.text).to.contain('id="search-q"');
  });

  it('saves and watches a search with forms, refuses them without the CSRF token, and counts new matches', async () => {
    await bob.agent.post('/search/saved').type('form').send({ query: 'budget', watch: 'false' }).expect(403);
    const saved = await bob.submit('/search?q=budget', '/search/saved', { query: 'budget', watch: 'false', returnTo: '/search?q=budget' });
    expect(saved.status).to.equal(302);
    const bobId = (await testApp.container.users.findByUsername(MEMBER.username))!.id;
    const [search] = await testApp.container.search.savedSearches.list(bobId);
    expect(search).to.include({ query: 'budget', watch: false });

    const results = await bob.get('/search?q=budget').expect(200);
    expect(results.text).to.contain(`action="/search/saved/${search!.id}/watch"`);
    await bob.submit('/search?q=budget', `/search/saved/${search!.id}/watch`, { watch: 'true', returnTo: '/search/saved' }).then((r) => expect(r.status).to.equal(302));
    expect((await testApp.container.search.savedSearches.get(bobId, search!.id)).watch).to.equal(true);

    await ada.post('/api/v1/statuses', { status: 'The budget for next year' }).expect(200);
    await ada.post('/api/v1/statuses', { status: 'Budget review moved to Friday' }).expect(200);
    const list = await bob.get('/search/saved').expect(200);
    expect(list.text).to.match(/<span class="badge">2<\/span>/);
    // Looking at the results resets the count.
    await bob.get('/search?q=budget').expect(200);
    expect((await bob.get('/search/saved').expect(200)).text).to.not.match(/<span class="badge">\d+<\/span>/);

    await bob.submit('/search/saved', `/search/saved/${search!.id}/delete`, { returnTo: '/search/saved' }).then((r) => expect(r.status).to.equal(302));
    expect((await bob.get('/search/saved').expect(200)).text).to.not.contain('budget');
  });

  it('shows saved-search alerts on the notifications page and lets people mute them in settings', async () => {
    await bob.submit('/search?q=offsite', '/search/saved', { query: 'offsite', watch: 'true', returnTo: '/search' });
    await ada.post('/api/v1/statuses', { status: 'Offsite agenda is out' }).expect(200);
    let page = '';
    for (let attempt = 0; attempt < 50 && !page.includes('matching your saved search'); attempt += 1) {
      page = (await bob.get('/notifications').expect(200)).text;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(page).to.contain('posted something matching your saved search');
    const settings = await bob.get('/settings').expect(200);
    expect(settings.text).to.match(/<input id="notify-saved_search"/);
  });

  it(`stops counting new matches at ${NEW_COUNT_CAP} and shows "${NEW_COUNT_CAP}+" beyond`, async () => {
    await bob.submit('/search?q=kickoff', '/search/saved', { query: 'kickoff', returnTo: '/search' });
    const adaId = (await testApp.container.users.findByUsername(ADMIN.username))!.id;
    for (let n = 0; n < NEW_COUNT_CAP; n += 1) await insertPost(testApp.container.models, { authorId: adaId, text: `Kickoff note ${n}` });
    // The "new since" cell of the kickoff row.
    const row = (html: string) => />kickoff<\/a><\/td>\s*<td>(.*?)<\/td>/.exec(html)?.[1];
    expect(row((await bob.get('/search/saved').expect(200)).text)).to.equal(`<span class="badge">${NEW_COUNT_CAP}</span>`);
    await insertPost(testApp.container.models, { authorId: adaId, text: 'One more kickoff note' });
    expect(row((await bob.get('/search/saved').expect(200)).text)).to.equal(`<span class="badge">${NEW_COUNT_CAP}+</span>`);
  });
});
