import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Response } from 'superagent';
import { ulid } from 'ulid';
import { createGroup, insertPost } from '../../helpers/post-fixtures.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient } from '../../helpers/web-client.js';

/** Reads any response body as text (supertest leaves non-text types unparsed). */
function asText(res: Response, callback: (error: Error | null, body: string) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => callback(null, text));
}

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const jsonLines = (text: string) => text.trim().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('exports', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let admin: WebClient;
  let member: WebClient;
  const ids: Record<string, string> = {};
  const posted: Record<string, string> = {};

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    const { localUsers, users, models } = testApp.container;
    ids.ada = (await users.findByUsername(ADMIN.username))!.id;
    ids.bob = (await users.findByUsername(MEMBER.username))!.id;
    ids.carol = (await localUsers.create({ username: 'carol', password: 'carol long password' })).id;
    ids.dave = (await localUsers.create({ username: 'dave', password: 'dave long password' })).id;
    const secretGroup = await createGroup(models, { name: 'Secret project', visibility: 'private', members: [{ userId: ids.carol }, { userId: ids.dave }] });
    posted.bobPublic = await insertPost(models, { authorId: ids.bob, text: 'bob says hello' });
    posted.bobToCarol = await insertPost(models, { authorId: ids.bob, text: '@carol lunch?', visibility: 'direct', mentionIds: [ids.carol] });
    posted.carolToBob = await insertPost(models, { authorId: ids.carol, text: '@bob yes, noon', visibility: 'direct', mentionIds: [ids.bob] });
    posted.carolToDave = await insertPost(models, { authorId: ids.carol, text: '@dave between us', visibility: 'direct', mentionIds: [ids.dave] });
    posted.secret = await insertPost(models, { authorId: ids.carol, text: 'secret group plans', groupId: secretGroup });
    posted.adaPublic = await insertPost(models, { authorId: ids.ada, text: 'ada announces' });
    const longAgo = new Date('2020-03-01T10:00:00Z');
    posted.old = ulid(longAgo.getTime());
    await models.Post.create({
      id: posted.old, authorId: ids.bob, text: 'from 2020', visibility: 'public', groupId: null, inReplyToId: null, inReplyToAuthorId: null,
      threadRootId: null, repostOfId: null, conversationId: null, language: null, createdAt: longAgo,
    });
    admin = new WebClient(testApp);
    await admin.signIn(ADMIN.username, ADMIN.password);
    member = new WebClient(testApp);
    await member.signIn(MEMBER.username, MEMBER.password);
  });
  after(() => testApp.close());

  /** Requests an export on the page, waits for it to finish (polling the page) and returns its id. */
  async function requestExport(fields: Record<string, string>): Promise<string> {
    const before = new Set([...(await admin.get('/admin/exports').expect(200)).text.matchAll(/data-export-id="([^"]+)"/g)].map((m) => m[1]));
    const queued = await admin.submit('/admin/exports', '/admin/exports', fields);
    expect(queued.status, queued.text).to.equal(302);
    expect(queued.headers.location).to.equal('/admin/exports?queued=1');
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const page = (await admin.get('/admin/exports').expect(200)).text;
      const row = [...page.matchAll(/data-export-id="([^"]+)" data-status="([^"]+)"/g)].find((m) => !before.has(m[1]));
      expect(row, 'the new export is listed').to.not.equal(undefined);
      if (row![2] === 'done') {
        expect(page).to.include(`/admin/exports/${row![1]}/download`);
        return row![1]!;
      }
      expect(row![2]).to.be.oneOf(['queued', 'running']);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the export never finished');
  }

  it('lets an administrator queue a compliance export that runs in the background and downloads as JSON lines', async () => {
    const id = await requestExport({ from: day(-1), to: day(2), users: '', format: 'jsonl' });
    const download = await admin.get(`/admin/exports/${id}/download`).buffer(true).parse(asText).expect(200);
    expect(download.headers['content-disposition']).to.match(/^attachment; filename="warble-export-.*\.jsonl"$/);
    const records = jsonLines(download.body as string);
    const recordIds = records.map((record) => record.id);
    expect(recordIds).to.include.members([posted.bobPublic, posted.carolToBob, posted.carolToDave, posted.secret, posted.adaPublic]);
    expect(recordIds).not.to.include(posted.old);
    expect(records.find((record) => record.id === posted.carolToDave)).to.include({ type: 'message', text: '@dave between us' });

    const requested = await testApp.container.auditEvents.search({ action: 'export.created', limit: 100 });
    const kinds = requested.map((entry) => (JSON.parse(entry.detail) as { kind?: string }).kind);
    expect(kinds).to.include.members(['compliance', 'compliance-download']);
    const downloaded = requested.find((entry) => (JSON.parse(entry.detail) as { kind?: string }).kind === 'compliance-download');
    expect(downloaded).to.include({ actorLabel: ADMIN.username, targetType: 'export', targetId: id });
  });

  it('keeps to the named people and writes CSV on request', async () => {
    const id = await requestExport({ from: '2020-01-01', to: day(2), users: 'bob', format: 'csv' });
    const download = await admin.get(`/admin/exports/${id}/download`).buffer(true).parse(asText).expect(200);
    expect(download.headers['content-type']).to.match(/^text\/csv/);
    const rows = parseCsv(download.body as string, { columns: true }) as Array<Record<string, string>>;
    expect([...new Set(rows.map((row) => row.author))]).to.deep.equal(['bob']);
    expect(rows.map((row) => row.id)).to.include.members([posted.bobPublic, posted.bobToCarol, posted.old]);
  });

  it('refuses a range that ends before it starts, an unknown person, and a request without the CSRF token', async () => {
    const backwards = await admin.submit('/admin/exports', '/admin/exports', { from: day(1), to: day(-1), users: '', format: 'jsonl' });
    expect(backwards.status).to.equal(422);
    const unknown = await admin.submit('/admin/exports', '/admin/exports', { from: day(-1), to: day(1), users: 'nobody', format: 'jsonl' });
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.include('nobody');
    await admin.agent.post('/admin/exports').type('form').set('Accept', 'text/html').send({ from: day(-1), to: day(1), format: 'jsonl' }).expect(403);
  });

  it('keeps exports to administrators', async () => {
    const [job] = await testApp.container.exports.list(1);
    expect(job?.status).to.equal('done');
    await member.get('/admin/exports').expect(403);
    await member.get(`/admin/exports/${job!.id}/download`).expect(403);
    await member.submit('/settings', '/admin/exports', { from: day(-1), to: day(1), format: 'jsonl' }).then((res) => expect(res.status).to.equal(403));
    await new WebClient(testApp).get(`/admin/exports/${job!.id}/download`).expect(302);
    await admin.get('/admin/exports/01ARZ3NDEKTSV4RRFFQ69G5FAV/download').expect(404);
  });

  it('lets a person download their own data, and nothing of other people’s private posts', async () => {
    const settings = await member.get('/settings').expect(200);
    expect(settings.text).to.include('href="/settings/export"');
    const download = await member.get('/settings/export').buffer(true).parse(asText).expect(200);
    expect(download.headers['content-disposition']).to.match(/^attachment; filename="warble-bob-.*\.jsonl"$/);
    const records = jsonLines(download.body as string);
    expect(records[0]).to.include({ type: 'profile', username: MEMBER.username });
    expect(records[0]).not.to.have.property('password_hash');
    const recordIds = records.map((record) => record.id);
    expect(recordIds).to.include.members([posted.bobPublic, posted.bobToCarol, posted.carolToBob, posted.old]);
    expect(recordIds).not.to.include.members([posted.carolToDave]);
    expect(recordIds).not.to.include(posted.secret);
    expect(recordIds).not.to.include(posted.adaPublic);
    expect(download.body as string).not.to.include('secret group plans');
    expect(download.body as string).not.to.include('between us');

    const audited = await testApp.container.auditEvents.search({ action: 'export.created', limit: 100 });
    const personal = audited.find((entry) => (JSON.parse(entry.detail) as { kind?: string }).kind === 'personal');
    expect(personal).to.include({ actorLabel: MEMBER.username, targetType: 'user', targetId: ids.bob });
  });

  it('marks exports cut off by a restart as failed', async () => {
    const { sequelize, exports } = testApp.container;
    await sequelize.query(`UPDATE exports SET status = 'running' WHERE id = (SELECT MIN(id) FROM exports)`);
    await exports.failInterrupted();
    const jobs = await exports.list();
    const failed = jobs.filter((job) => job.status === 'failed');
    expect(failed).to.have.length(1);
    expect(failed[0]!.error).to.equal('interrupted by a restart');
    const page = (await admin.get('/admin/exports').expect(200)).text;
    expect(page).to.include('interrupted by a restart');
  });
});
