import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { ulid } from 'ulid';
import { ApiClient } from '../../helpers/api-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { runWarble } from '../../helpers/warble-process.js';

const PASSWORD = 'export test password';

describe('compliance export', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let env: Record<string, string>;
  const posted: Record<string, string> = {};

  before(async () => {
    testApp = await startTestApp();
    env = { WARBLE_DATA_DIR: testApp.database.dataDir, WARBLE_DATABASE_URL: testApp.database.url };
    const { localUsers, models } = testApp.container;
    const alice = await localUsers.create({ username: 'alice', password: PASSWORD, isAdmin: true });
    await localUsers.create({ username: 'bob', password: PASSWORD });
    const asAlice = await ApiClient.signIn(testApp, 'alice', PASSWORD);
    const asBob = await ApiClient.signIn(testApp, 'bob', PASSWORD);
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer();
    const media = (await asAlice.upload('/api/v2/media').attach('file', png, 'diagram.png').expect(200)).body;
    posted.withFile = (await asAlice.post('/api/v1/statuses', { status: 'the diagram', media_ids: [media.id] }).expect(200)).body.id;
    posted.message = (await asAlice.post('/api/v1/statuses', { status: '@bob confidential', visibility: 'direct' }).expect(200)).body.id;
    posted.edited = (await asAlice.post('/api/v1/statuses', { status: 'first version' }).expect(200)).body.id;
    await asAlice.put(`/api/v1/statuses/${posted.edited}`, { status: 'second version' }).expect(200);
    posted.deleted = (await asAlice.post('/api/v1/statuses', { status: 'regretted' }).expect(200)).body.id;
    await asAlice.delete(`/api/v1/statuses/${posted.deleted}`).expect(200);
    posted.bob = (await asBob.post('/api/v1/statuses', { status: 'bob was here' }).expect(200)).body.id;
    const longAgo = new Date('2020-03-01T10:00:00Z');
    posted.old = ulid(longAgo.getTime());
    await models.Post.create({
      id: posted.old,
      authorId: alice.id,
      text: 'from 2020',
      visibility: 'public',
      groupId: null,
      inReplyToId: null,
      inReplyToAuthorId: null,
      threadRootId: null,
      repostOfId: null,
      conversationId: null,
      language: null,
      createdAt: longAgo,
    });
  });
  after(() => testApp.close());

  const exportTo = async (name: string, args: string[]) => {
    const out = path.join(testApp.database.dataDir, name);
    const result = await runWarble(['export', '--out', out, ...args], env, testApp.database.dataDir);
    return { result, out };
  };

  it('writes posts, messages, earlier versions and attachments of the range as JSON lines, deleted ones marked', async () => {
    const { result, out } = await exportTo('all.jsonl', ['--from', '2026-01-01', '--to', '2100-01-01']);
    expect(result.code, result.stderr).to.equal(0);
    const records = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (type: string) => records.filter((record) => record.type === type);
    expect(of('post').map((record) => record.id)).to.include.members([posted.withFile, posted.edited, posted.deleted, posted.bob]);
    expect(of('message').map((record) => record.id)).to.deep.equal([posted.message]);
    expect(of('message')[0]).to.include({ text: '@bob confidential' }).and.have.deep.property('participants', ['bob']);
    expect(of('edit').map((record) => record.text)).to.deep.equal(['first version']);
    expect(records.find((record) => record.id === posted.edited)).to.include({ text: 'second version' });
    expect(records.find((record) => record.id === posted.deleted)?.deleted_at).to.be.a('string');
    expect(of('attachment')[0]).to.include({ post_id: posted.withFile, file_name: 'diagram.png', content_type: 'image/png' });
    expect(records.map((record) => record.id)).not.to.include(posted.old);
  });

  it('keeps to the named people, writes CSV on request, and is itself audited', async () => {
    const { result, out } = await exportTo('alice.csv', ['--from', '2020-01-01', '--to', '2100-01-01', '--user', 'bob', '--format', 'csv']);
    expect(result.code, result.stderr).to.equal(0);
    const rows = parseCsv(await readFile(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.author)).to.deep.equal(['bob']);
    expect(rows[0]).to.include({ type: 'post', text: 'bob was here' });
    const audited = await testApp.container.auditEvents.search({ action: 'export.created', limit: 10 });
    expect(audited.length).to.be.greaterThan(0);
    expect(JSON.parse(audited[0]!.detail)).to.include({ format: 'csv', records: 1 });
  });

  it('refuses bad dates and unknown people, naming the option', async () => {
    const badDate = await exportTo('x.jsonl', ['--from', 'last week', '--to', '2100-01-01']);
    expect(badDate.result.code).to.equal(1);
    expect(badDate.result.stderr).to.include('--from');
    const unknown = await exportTo('y.jsonl', ['--from', '2020-01-01', '--to', '2100-01-01', '--user', 'nobody']);
    expect(unknown.result.code).to.equal(1);
    expect(unknown.result.stderr).to.include('nobody');
  });
});
