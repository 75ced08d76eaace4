/**
 * The read cache of posts and accounts (server/db/cache/) behind every
 * timeline: each change, made the way the product makes it, shows on every
 * timeline on the very next read after the cache was warmed by reading them
 * all: home (API and page), company, group, hashtag and profile.
 */
import { expect } from 'chai';
import type { UserModel } from '../../../server/db/models/user.js';
import { normalizeDn } from '../../../server/auth/ldap/ldap-dn.js';
import { AccountActivation } from '../../../server/services/account-activation.js';
import { DirectoryGroupMirror } from '../../../server/services/directory-groups.js';
import { createModerationServices, type ModerationServices } from '../../../server/services/moderation/moderation-services.js';
import { ApiClient } from '../../helpers/api-client.js';
import { createGroup } from '../../helpers/post-fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

const PASSWORD = 'read cache test password';

type Place = 'home' | 'home page' | 'company' | 'group' | 'hashtag' | 'profile';

interface Shown {
  ids: string[];
  /** What a person would read there (the JSON or the HTML). */
  text: string;
}

interface Author {
  user: UserModel;
  api: ApiClient;
  /** This author's own hashtag, so its timeline holds only their posts. */
  tag: string;
}

describe('timelines through the read cache show every change on the next read', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let admin: UserModel;
  let reader: UserModel;
  let readerApi: ApiClient;
  let readerPage: WebClient;
  let publicGroup: string;
  let moderation: ModerationServices;
  let authors = 0;

  const newAuthor = async (): Promise<Author> => {
    const { localUsers, core } = testApp.container;
    authors += 1;
    const user = await localUsers.create({ username: `cached_author_${authors}`, password: PASSWORD });
    await core.follows.follow(reader, user.id);
    await core.groupMembership.join(user, publicGroup);
    return { user, api: await ApiClient.signIn(testApp, user.username, PASSWORD), tag: `cachetag${authors}` };
  };

  /** A public post (home, company, hashtag, profile) and a group post (home, group, hashtag, profile). */
  const postPair = async (author: Author, words: string) => {
    const publicPost = await author.api.post('/api/v1/statuses', { status: `${words} in public #${author.tag}` }).expect(200);
    const groupPost = await author.api.post('/api/v1/statuses', { status: `${words} in the group #${author.tag}`, group_id: publicGroup }).expect(200);
    return { publicId: String(publicPost.body.id), groupId: String(groupPost.body.id) };
  };

  const readEverywhere = async (author: Author, groupId = publicGroup): Promise<Record<Place, Shown>> => {
    const api = async (path: string): Promise<Shown> => {
      const response = await readerApi.get(path);
      const body = response.status === 200 ? (response.body as Array<{ id: string }>) : [];
      return { ids: body.map((status) => status.id), text: JSON.stringify(body) };
    };
    const page = (await readerPage.get('/').expect(200)).text;
    return {
      home: await api('/api/v1/timelines/home'),
      'home page': { ids: [...page.matchAll(/data-post-id="([^"]+)"/g)].map((match) => match[1]!), text: page },
      company: await api('/api/v1/timelines/public'),
      group: await api(`/api/v1/timelines/group/${groupId}`),
      hashtag: await api(`/api/v1/timelines/tag/${author.tag}`),
      profile: await api(`/api/v1/accounts/${author.user.id}/statuses`),
    };
  };

  const PUBLIC_PLACES: Place[] = ['home', 'home page', 'company', 'hashtag', 'profile'];
  const GROUP_PLACES: Place[] = ['home', 'home page', 'group', 'hashtag', 'profile'];

  const expectShown = (seen: Record<Place, Shown>, id: string, places: Place[]) => {
    for (const place of places) expect(seen[place].ids, `${id} on ${place}`).to.include(id);
  };
  const expectGone = (seen: Record<Place, Shown>, id: string) => {
    for (const [place, shown] of Object.entries(seen)) expect(shown.ids, `${id} on ${place}`).to.not.include(id);
  };
  const expectText = (seen: Record<Place, Shown>, places: Place[], present: string, absent: string) => {
    for (const place of places) {
      expect(seen[place].text, place).to.contain(present);
      expect(seen[place].text, place).to.not.contain(absent);
    }
  };

  /** Reading twice warms every cache; the second read must already come from it (see read-cache-statements.test.ts). */
  const warm = async (author: Author, pair: { publicId: string; groupId: string }, groupId?: string) => {
    await readEverywhere(author, groupId);
    const seen = await readEverywhere(author, groupId);
    expectShown(seen, pair.publicId, groupId ? ['home', 'home page', 'hashtag', 'profile'] : PUBLIC_PLACES);
    expectShown(seen, pair.groupId, GROUP_PLACES);
    expect(testApp.container.core.readCaches, 'the read cache is on').to.not.equal(null);
  };

  before(async () => {
    // On: auto leaves it off on PostgreSQL without Redis (several nodes could not tell each other).
    testApp = await startTestApp({ WARBLE_TIMELINES_READ_CACHE: 'on' });
    const { localUsers, models, sequelize, core, audit, revoker } = testApp.container;
    admin = await localUsers.create({ username: 'cache_root', password: PASSWORD, isAdmin: true });
    reader = await localUsers.create({ username: 'cache_reader', password: PASSWORD });
    publicGroup = await createGroup(models, { name: 'Cached Commons', visibility: 'public', members: [{ userId: reader.id, role: 'owner' }] });
    readerApi = await ApiClient.signIn(testApp, reader.username, PASSWORD);
    readerPage = new WebClient(testApp);
    expect((await readerPage.signIn(reader.username, PASSWORD)).status).to.equal(302);
    moderation = createModerationServices({ sequelize, models, events: core.events, audit, revoker, posts: core.posts });
  });
  after(() => testApp?.close());

  it('an edit shows its new text everywhere', async () => {
    const author = await newAuthor();
    const pair = await postPair(author, 'draft words');
    await warm(author, pair);
    await author.api.put(`/api/v1/statuses/${pair.publicId}`, { status: `final words in public #${author.tag}` }).expect(200);
    await author.api.put(`/api/v1/statuses/${pair.groupId}`, { status: `final words in the group #${author.tag}` }).expect(200);
    await testApp.container.core.events.drain(5_000);
    const seen = await readEverywhere(author);
    expectShown(seen, pair.publicId, PUBLIC_PLACES);
    expectShown(seen, pair.groupId, GROUP_PLACES);
    expectText(seen, GROUP_PLACES, 'final words in the group', 'draft words in the group');
    expectText(seen, PUBLIC_PLACES, 'final words in public', 'draft words in public');
  });

  it('a deleted post is gone everywhere', async () => {
    const author = await newAuthor();
    const pair = await postPair(author, 'soon deleted');
    await warm(author, pair);
    await author.api.delete(`/api/v1/statuses/${pair.publicId}`).expect(200);
    await author.api.delete(`/api/v1/statuses/${pair.groupId}`).expect(200);
    const seen = await readEverywhere(author);
    expectGone(seen, pair.publicId);
    expectGone(seen, pair.groupId);
  });

  it('a hidden post is gone everywhere, and back everywhere once unhidden', async () => {
    const author = await newAuthor();
    const pair = await postPair(author, 'soon hidden');
    await warm(author, pair);
    await moderation.hiding.hide({ user: admin }, pair.publicId);
    await moderation.hiding.hide({ user: admin }, pair.groupId);
    const seen = await readEverywhere(author);
    expectGone(seen, pair.publicId);
    expectGone(seen, pair.groupId);
    await moderation.hiding.unhide({ user: admin }, pair.publicId);
    expectShown(await readEverywhere(author), pair.publicId, ['company', 'hashtag', 'profile']);
  });

  it('a private group post disappears everywhere for the person who left the group', async () => {
    const { models, core } = testApp.container;
    const author = await newAuthor();
    const secretGroup = await createGroup(models, {
      name: 'Cached Secrets',
      visibility: 'private',
      members: [{ userId: author.user.id, role: 'owner' }, { userId: reader.id }],
    });
    const publicPost = await author.api.post('/api/v1/statuses', { status: `open words #${author.tag}` }).expect(200);
    const secret = await author.api.post('/api/v1/statuses', { status: `members only #${author.tag}`, group_id: secretGroup }).expect(200);
    const pair = { publicId: String(publicPost.body.id), groupId: String(secret.body.id) };
    await warm(author, pair, secretGroup);
    await core.groupMembership.leave(reader, secretGroup);
    const seen = await readEverywhere(author, secretGroup);
    expectGone(seen, pair.groupId);
    expect(seen.home.text).to.not.contain('members only');
    expectShown(seen, pair.publicId, ['home', 'company', 'hashtag', 'profile']);
  });

  it("a suspended author's posts leave every timeline; reinstated, they come back", async () => {
    const author = await newAuthor();
    const pair = await postPair(author, 'before the suspension');
    await warm(author, pair);
    await moderation.suspension.suspend({ user: admin }, author.user.id);
    const seen = await readEverywhere(author);
    expectGone(seen, pair.publicId);
    expectGone(seen, pair.groupId);
    await moderation.suspension.reinstate({ user: admin }, author.user.id);
    const back = await readEverywhere(author);
    expectShown(back, pair.publicId, PUBLIC_PLACES);
    expectShown(back, pair.groupId, GROUP_PLACES);
  });

  it("a deactivated person's posts stay everywhere, their account marked deactivated", async () => {
    const { sequelize, core } = testApp.container;
    const author = await newAuthor();
    const pair = await postPair(author, 'before leaving the company');
    await warm(author, pair);
    const seenBefore = await readEverywhere(author);
    expect(seenBefore['home page'].text).to.not.contain('data-testid="deactivated-badge"');
    await new AccountActivation(sequelize, core.events).deactivate(author.user);
    const seen = await readEverywhere(author);
    expectShown(seen, pair.publicId, PUBLIC_PLACES);
    expectShown(seen, pair.groupId, GROUP_PLACES);
    const status = (JSON.parse(seen.company.text) as Array<{ id: string; account: { suspended?: boolean } }>).find((entry) => entry.id === pair.publicId);
    expect(status?.account.suspended).to.equal(true);
    expect(seen['home page'].text).to.contain('data-testid="deactivated-badge"');
  });

  it('a new display name shows on the author\'s posts everywhere', async () => {
    const author = await newAuthor();
    const pair = await postPair(author, 'who wrote this');
    await warm(author, pair);
    const before = await readEverywhere(author);
    expectText(before, [...PUBLIC_PLACES, 'group'], author.user.displayName, 'Renamed Cache Author');
    await author.api.patch('/api/v1/accounts/update_credentials', { display_name: 'Renamed Cache Author' }).expect(200);
    const seen = await readEverywhere(author);
    for (const place of [...PUBLIC_PLACES, 'group'] as Place[]) expect(seen[place].text, place).to.contain('Renamed Cache Author');
  });

  it('a group the directory renames shows its new name with its posts everywhere', async () => {
    const { models, groups, sequelize, core } = testApp.container;
    const dn = 'cn=Cached Directory Team,ou=groups,dc=example,dc=org';
    const directoryGroup = await createGroup(models, { name: 'Cached Directory Team', visibility: 'public', members: [{ userId: reader.id, role: 'owner' }] });
    await models.Group.update({ directoryDn: normalizeDn(dn), source: 'ldap' }, { where: { id: directoryGroup } });
    const author = await newAuthor();
    await models.GroupMembership.findOrCreate({ where: { groupId: directoryGroup, userId: author.user.id }, defaults: { groupId: directoryGroup, userId: author.user.id, role: 'member', state: 'active' } });
    const posted = await author.api.post('/api/v1/statuses', { status: `team news #${author.tag}`, group_id: directoryGroup }).expect(200);
    const id = String(posted.body.id);
    await readEverywhere(author, directoryGroup);
    const before = await readEverywhere(author, directoryGroup);
    expectShown(before, id, GROUP_PLACES);
    await sequelize.transaction((transaction) =>
      new DirectoryGroupMirror(groups, core.events).ensureGroup({ dn, name: 'Renamed Directory Team', description: '' }, transaction),
    );
    const seen = await readEverywhere(author, directoryGroup);
    for (const place of ['home', 'group', 'hashtag', 'profile'] as Place[]) {
      expect(seen[place].text, place).to.contain('Renamed Directory Team').and.not.contain('Cached Directory Team');
    }
  });

  it('new counts show at once: a like and a reply', async () => {
    const author = await newAuthor();
    const pair = await postPair(author, 'count me');
    await warm(author, pair);
    await readerApi.post(`/api/v1/statuses/${pair.publicId}/favourite`).expect(200);
    await readerApi.post('/api/v1/statuses', { status: 'a reply', in_reply_to_id: pair.publicId }).expect(200);
    const seen = await readEverywhere(author);
    for (const place of ['home', 'company', 'hashtag', 'profile'] as Place[]) {
      const status = (JSON.parse(seen[place].text) as Array<{ id: string; favourites_count: number; replies_count: number; favourited: boolean }>).find(
        (entry) => entry.id === pair.publicId,
      );
      expect(status, place).to.include({ favourites_count: 1, replies_count: 1, favourited: true });
    }
  });
});
