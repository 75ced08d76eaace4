import { expect } from 'chai';
import { Readable } from 'node:stream';
import { ulid } from 'ulid';
import type { PostVisibility } from '../../../server/db/models/post.js';
import { createGroup } from '../../helpers/post-fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { runWarble } from '../../helpers/warble-process.js';

const DAY = 86_400_000;

describe('retention and legal hold', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  const ids: Record<string, string> = {};

  before(async () => {
    testApp = await startTestApp({
      WARBLE_RETENTION_POST_DAYS: '30',
      WARBLE_RETENTION_MESSAGE_DAYS: '7',
      WARBLE_RETENTION_GROUP_DAYS: 'incidents:3650',
    });
    const { localUsers, models } = testApp.container;
    const [alice, bob, carol] = [
      await localUsers.create({ username: 'alice', password: 'alice long password', isAdmin: true }),
      await localUsers.create({ username: 'bob', password: 'bob long password' }),
      await localUsers.create({ username: 'carol', password: 'carol long password' }),
    ];
    const incidents = await createGroup(models, { name: 'Incidents', visibility: 'public', members: [{ userId: alice.id, role: 'owner' }] });
    await models.Group.update({ slug: 'incidents' }, { where: { id: incidents } });
    const post = async (name: string, authorId: string, daysAgo: number, extra: { visibility?: PostVisibility; groupId?: string; mentionId?: string; inReplyToId?: string } = {}) => {
      const at = new Date(Date.now() - daysAgo * DAY);
      ids[name] = ulid(at.getTime());
      await models.Post.create({
        id: ids[name]!,
        authorId,
        text: name,
        visibility: extra.visibility ?? (extra.groupId ? 'group' : 'public'),
        groupId: extra.groupId ?? null,
        inReplyToId: extra.inReplyToId ?? null,
        inReplyToAuthorId: null,
        threadRootId: null,
        repostOfId: null,
        conversationId: null,
        language: null,
        createdAt: at,
      });
      if (extra.mentionId) await models.PostMention.create({ postId: ids[name]!, userId: extra.mentionId });
    };
    await post('oldPublic', alice.id, 60);
    await post('recentPublic', alice.id, 10);
    await post('oldMessage', alice.id, 10, { visibility: 'direct', mentionId: bob.id });
    await post('heldAuthor', carol.id, 60);
    await post('messageToHeld', alice.id, 10, { visibility: 'direct', mentionId: carol.id });
    await post('incident', alice.id, 60, { groupId: incidents });
    await post('withFile', alice.id, 60);
    await post('replyToOld', bob.id, 1, { inReplyToId: ids.oldPublic });
    await testApp.container.core.posts.mediaStorage.put('originals/zz/old-file', Readable.from([Buffer.from('old bytes')]));
    await models.Attachment.create({
      id: ulid(),
      ownerId: alice.id,
      postId: ids.withFile!,
      kind: 'file',
      contentType: 'text/plain',
      fileName: 'old.txt',
      sizeBytes: 9,
      storageKey: 'originals/zz/old-file',
      previewKey: null,
      width: null,
      height: null,
      description: null,
    });
    const env = { WARBLE_DATA_DIR: testApp.database.dataDir, WARBLE_DATABASE_URL: testApp.database.url };
    const held = await runWarble(['hold', 'add', 'carol', '--reason', 'case 2026-17'], env, testApp.database.dataDir);
    expect(held.code, held.stderr).to.equal(0);
    const list = await runWarble(['hold', 'list'], env, testApp.database.dataDir);
    expect(list.stdout).to.include('carol').and.include('case 2026-17');
  });
  after(() => testApp.close());

  it('purges what is past its period and keeps held people, group overrides and recent posts', async () => {
    const report = await testApp.container.retention.run();
    expect(report).to.deep.equal({ status: 'done', purged: 3 });
    const remaining = (await testApp.container.models.Post.findAll({ attributes: ['text'] })).map((row) => row.text).sort();
    expect(remaining).to.deep.equal(['heldAuthor', 'incident', 'messageToHeld', 'recentPublic', 'replyToOld']);
  });

  it('removes the files of purged attachments, keeps replies to purged posts, recounts authors', async () => {
    expect(await testApp.container.core.posts.mediaStorage.get('originals/zz/old-file')).to.equal(null);
    expect(await testApp.container.models.Attachment.count()).to.equal(0);
    const reply = await testApp.container.models.Post.findByPk(ids.replyToOld!);
    expect(reply?.inReplyToId).to.equal(null);
    const alice = await testApp.container.users.findByUsername('alice');
    expect(alice?.postsCount).to.equal(3);
  });

  it('is audited, and a second run finds nothing more', async () => {
    const [entry] = await testApp.container.auditEvents.search({ action: 'retention.purged', limit: 5 });
    expect(JSON.parse(entry!.detail)).to.deep.equal({ purged: 3 });
    expect(await testApp.container.retention.run()).to.deep.equal({ status: 'done', purged: 0 });
    expect((await testApp.container.auditEvents.search({ action: 'hold.placed', limit: 5 })).length).to.equal(1);
  });
});
