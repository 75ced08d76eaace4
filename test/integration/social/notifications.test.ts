import { expect } from 'chai';
import { insertPost, notify, startSocialWorld, walkPages, type SocialWorld } from './social-world.js';

interface ApiNotification {
  id: string;
  type: string;
  warble_type: string;
  read: boolean;
  account: { id: string } | null;
  status: { id: string } | null;
}

describe('notifications', () => {
  let world: SocialWorld;
  let carolsPost: string;
  let ids: { mention: string; reply: string; like: string; repost: string; follow: string };
  before(async () => {
    world = await startSocialWorld();
    const { bob, carol, dave } = world.users;
    carolsPost = await insertPost(world, carol, { text: 'our launch plan' });
    const mention = await insertPost(world, bob, { text: 'hi @carol', mentions: [carol] });
    const reply = await insertPost(world, dave, { text: 'nice @carol', mentions: [carol] });
    const [mentionId, replyId, likeId, repostId] = await notify(world, [
      { recipientId: carol.id, type: 'mention', actorId: bob.id, postId: mention },
      { recipientId: carol.id, type: 'reply', actorId: dave.id, postId: reply },
      { recipientId: carol.id, type: 'like', actorId: dave.id, postId: carolsPost },
      { recipientId: carol.id, type: 'repost', actorId: bob.id, postId: carolsPost },
    ]);
    await world.api.dave.post(`/api/v1/accounts/${carol.id}/follow`).expect(200);
    const follow = (await world.testApp.container.models.Notification.findOne({ where: { recipientId: carol.id, type: 'follow' } }))?.id;
    ids = { mention: mentionId!, reply: replyId!, like: likeId!, repost: repostId!, follow: follow! };
  });
  after(() => world.testApp.close());

  const list = async (query = '') => (await world.api.carol.get(`/api/v1/notifications${query}`).expect(200)).body as ApiNotification[];
  const unreadCount = async () => (await world.api.carol.get('/api/v1/notifications/unread_count').expect(200)).body.count as number;

  it('lists the viewer’s notifications newest first in Mastodon’s types, keeping Warble’s type', async () => {
    const shown = await list();
    expect(shown.map((n) => [n.type, n.warble_type])).to.deep.equal([
      ['follow', 'follow'],
      ['reblog', 'repost'],
      ['favourite', 'like'],
      ['mention', 'reply'],
      ['mention', 'mention'],
    ]);
    const like = shown.find((n) => n.warble_type === 'like');
    expect(like?.status?.id).to.equal(carolsPost);
    expect(like?.account?.id).to.equal(world.users.dave.id);
    expect(shown.every((n) => n.read === false)).to.equal(true);
    expect(await world.api.bob.get('/api/v1/notifications').expect(200).then((r) => r.body)).to.deep.equal([]);
  });

  it('filters by types[] and exclude_types[] in either vocabulary', async () => {
    expect((await list('?types[]=mention')).map((n) => n.warble_type)).to.deep.equal(['reply', 'mention']);
    expect((await list('?types[]=reply')).map((n) => n.warble_type)).to.deep.equal(['reply']);
    expect((await list('?types[]=favourite&types[]=reblog')).map((n) => n.type)).to.deep.equal(['reblog', 'favourite']);
    expect((await list('?exclude_types[]=follow&exclude_types[]=mention')).map((n) => n.type)).to.deep.equal(['reblog', 'favourite']);
    expect(await list('?types[]=poll')).to.deep.equal([]);
    expect((await list(`?account_id=${world.users.bob.id}`)).map((n) => n.warble_type)).to.deep.equal(['repost', 'mention']);
  });

  it('shows one notification to its recipient only', async () => {
    const one = await world.api.carol.get(`/api/v1/notifications/${ids.like}`).expect(200);
    expect(one.body).to.include({ id: ids.like, type: 'favourite' });
    await world.api.bob.get(`/api/v1/notifications/${ids.like}`).expect(404);
    await world.api.bob.post(`/api/v1/notifications/${ids.like}/dismiss`).expect(404);
  });

  it('counts unread, marks read up to max_id, and reports it through the markers API', async () => {
    expect(await unreadCount()).to.equal(5);
    expect((await world.api.carol.get('/api/v1/markers?timeline[]=notifications').expect(200)).body).to.deep.equal({});
    const read = await world.api.carol.post('/api/v1/notifications/read', { max_id: ids.reply }).expect(200);
    expect(read.body).to.deep.equal({ count: 3 });
    const shown = await list();
    expect(shown.filter((n) => n.read).map((n) => n.warble_type)).to.have.members(['reply', 'mention']);
    const marker = (await world.api.carol.get('/api/v1/markers?timeline[]=notifications').expect(200)).body;
    expect(marker.notifications).to.include({ last_read_id: ids.reply });
    expect(marker.notifications.updated_at).to.match(/\.\d{3}Z$/);

    const saved = await world.api.carol.post('/api/v1/markers', { notifications: { last_read_id: ids.like } }).expect(200);
    expect(saved.body.notifications.last_read_id).to.equal(ids.like);
    expect(saved.body.notifications.version).to.be.greaterThan(marker.notifications.version);
    expect(await unreadCount()).to.equal(2);
    expect((await world.api.carol.post('/api/v1/markers', { notifications: { last_read_id: 'nope' } }).expect(422)).body.field).to.equal(
      'notifications[last_read_id]',
    );

    await world.api.carol.post('/api/v1/notifications/read').expect(200);
    expect(await unreadCount()).to.equal(0);
    expect((await world.api.carol.get('/api/v1/markers').expect(200)).body.notifications.last_read_id).to.equal(ids.follow);
  });

  it('drops a notification whose post became invisible, from the list, the single read and the count', async () => {
    const { bob, carol } = world.users;
    const doomed = await insertPost(world, bob, { text: 'oops @carol', mentions: [carol] });
    const [notificationId] = await notify(world, [{ recipientId: carol.id, type: 'mention', actorId: bob.id, postId: doomed }]);
    expect((await list()).map((n) => n.id)).to.include(notificationId);
    expect(await unreadCount()).to.equal(1);
    await world.testApp.container.models.Post.update({ deletedAt: new Date() }, { where: { id: doomed } });
    expect((await list()).map((n) => n.id)).not.to.include(notificationId);
    await world.api.carol.get(`/api/v1/notifications/${notificationId}`).expect(404);
    expect(await unreadCount()).to.equal(0);
  });

  it('drops a notification about a private group post once the recipient leaves the group', async () => {
    const { bob, carol } = world.users;
    const group = (await world.api.bob.post('/api/v1/groups', { name: 'Inner Circle', visibility: 'private' }).expect(200)).body as { id: string };
    await world.api.bob.post(`/api/v1/groups/${group.id}/members`, { account_id: carol.id }).expect(200);
    await world.api.carol.post(`/api/v1/groups/${group.id}/invitation/accept`).expect(200);
    const post = await insertPost(world, bob, { text: 'members only @carol', visibility: 'group', groupId: group.id, mentions: [carol] });
    const [notificationId] = await notify(world, [{ recipientId: carol.id, type: 'mention', actorId: bob.id, postId: post }]);
    expect((await list()).map((n) => n.id)).to.include(notificationId);
    await world.api.carol.post(`/api/v1/groups/${group.id}/leave`).expect(200);
    expect((await list()).map((n) => n.id)).not.to.include(notificationId);
  });

  it('pages through Link headers without gaps or repeats, skipping the invisible ones', async () => {
    const { bob, dave } = world.users;
    const drafts = [];
    const hidden = new Set<number>();
    for (let n = 0; n < 30; n += 1) {
      const post = await insertPost(world, bob, { text: `post ${n}` });
      if (n % 3 === 0) hidden.add(n);
      drafts.push({ recipientId: dave.id, type: 'like' as const, actorId: bob.id, postId: post });
    }
    const written = await notify(world, drafts);
    const hiddenPosts = drafts.filter((_, n) => hidden.has(n)).map((draft) => draft.postId);
    await world.testApp.container.models.Post.update({ deletedAt: new Date() }, { where: { id: hiddenPosts } });
    const expected = written.filter((_, n) => !hidden.has(n)).reverse();
    const walked = await walkPages(world.api.dave, '/api/v1/notifications?types[]=favourite&limit=6');
    expect(walked.ids).to.deep.equal(expected);
  });

  it('dismisses one, then clears the rest', async () => {
    await world.api.carol.post(`/api/v1/notifications/${ids.follow}/dismiss`).expect(200);
    await world.api.carol.get(`/api/v1/notifications/${ids.follow}`).expect(404);
    expect((await list()).map((n) => n.id)).not.to.include(ids.follow);
    await world.api.carol.post('/api/v1/notifications/clear').expect(200);
    expect(await list()).to.deep.equal([]);
    expect((await world.api.dave.get('/api/v1/notifications?limit=1').expect(200)).body).to.have.length(1);
  });
});
