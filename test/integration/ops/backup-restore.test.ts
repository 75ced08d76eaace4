import { expect } from 'chai';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import sqlite3 from 'sqlite3';
import { create as createTar, extract as extractTar } from 'tar';
import { ApiClient } from '../../helpers/api-client.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';
import { usePostgres } from '../../helpers/test-database.js';
import { runWarble } from '../../helpers/warble-process.js';

const PASSWORD = 'backup writer password';

/** Ids of the posts a search for `q` finds, as `reader` sees them. */
async function found(reader: ApiClient, q: string, type: 'statuses' | 'accounts'): Promise<string[]> {
  const response = await reader.get(`/api/v2/search?q=${encodeURIComponent(q)}&type=${type}`).expect(200);
  return (response.body[type] as Array<{ id: string }>).map((item) => item.id);
}

/** Runs statements on a SQLite file outside Warble. */
function sqliteExec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      db.exec(sql, (error) => db.close(() => (error ? reject(error) : resolve())));
    });
  });
}

describe('backup and restore', function () {
  this.timeout(120_000);
  let testApp: TestApp;
  let scratch: string;
  let pictureId = '';
  before(async () => {
    testApp = await startTestApp();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'warble-backup-test-'));
  });
  after(async () => {
    await testApp.close();
    await rm(scratch, { recursive: true, force: true });
  });

  const envOf = (app: TestApp) => ({ WARBLE_DATA_DIR: app.database.dataDir, WARBLE_DATABASE_URL: app.database.url });

  if (usePostgres()) {
    it('on PostgreSQL, `warble backup` refuses and points to pg_dump', async () => {
      const result = await runWarble(['backup', path.join(scratch, 'x.tar.gz')], envOf(testApp), scratch);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.include('pg_dump');
    });
    return;
  }

  it('backs up under write load; the restored instance serves every acknowledged post and file', async () => {
    await testApp.container.localUsers.create({ username: 'writer', password: PASSWORD, isAdmin: true });
    const writer = await ApiClient.signIn(testApp, 'writer', PASSWORD);
    const image = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#aa3300' } }).png().toBuffer();
    const media = (await writer.upload('/api/v2/media').attach('file', image, 'logo.png').expect(200)).body;
    const acknowledged: string[] = [];
    acknowledged.push((await writer.post('/api/v1/statuses', { status: 'with a picture', media_ids: [media.id] }).expect(200)).body.id);
    for (let index = 0; index < 20; index += 1) {
      acknowledged.push((await writer.post('/api/v1/statuses', { status: `acknowledged ${index}` }).expect(200)).body.id);
    }

    let writing = true;
    let duringBackup = 0;
    const load = (async () => {
      while (writing) {
        const response = await writer.post('/api/v1/statuses', { status: `during backup ${duringBackup}` });
        if (response.status === 200) duringBackup += 1;
      }
    })();
    const archive = path.join(scratch, 'warble-backup.tar.gz');
    const backup = await runWarble(['backup', archive], envOf(testApp), scratch);
    writing = false;
    await load;
    expect(backup.code, backup.stderr).to.equal(0);
    // The original and its preview.
    expect(backup.stdout).to.match(/, 2 media files\)/);
    expect(duringBackup, 'posts accepted while the backup ran').to.be.greaterThan(0);
    pictureId = acknowledged[0]!;

    const restoredDir = path.join(scratch, 'restored');
    const restore = await runWarble(['restore', archive], { WARBLE_DATA_DIR: restoredDir }, scratch);
    expect(restore.code, restore.stderr).to.equal(0);

    const restored = await startTestApp({ WARBLE_DATA_DIR: restoredDir, WARBLE_DATABASE_URL: '' });
    try {
      const reader = await ApiClient.signIn(restored, 'writer', PASSWORD);
      for (const id of acknowledged) await reader.get(`/api/v1/statuses/${id}`).expect(200);
      const first = (await reader.get(`/api/v1/statuses/${acknowledged[0]}`).expect(200)).body;
      const file = await reader.get(new URL(first.media_attachments[0].url).pathname).buffer(true).expect(200);
      expect(Buffer.isBuffer(file.body) ? file.body.length : Number(file.headers['content-length'])).to.be.greaterThan(0);
      const ready = await reader.get('/readyz').expect(200);
      expect(ready.body.status).to.equal('ready');
      expect(await found(reader, 'picture', 'statuses')).to.deep.equal([first.id]);
    } finally {
      await restored.container.close();
      await restored.database.drop();
    }
  });

  it('restore rebuilds the search indexes, so search still works if VACUUM renumbered the rows', async () => {
    // Renumber the rowids of posts and users inside a backup, as VACUUM may: changing only the
    // rowid fires none of the index triggers, so the archive's indexes now point at nothing.
    const dir = await mkdtemp(path.join(scratch, 'unpacked-'));
    await extractTar({ file: path.join(scratch, 'warble-backup.tar.gz'), cwd: dir });
    await sqliteExec(path.join(dir, 'warble.sqlite'), 'UPDATE posts SET rowid = rowid + 100000; UPDATE users SET rowid = rowid + 100000;');
    const archive = path.join(scratch, 'renumbered.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: dir, portable: true }, await readdir(dir));

    const restoredDir = path.join(scratch, 'restored-renumbered');
    const restore = await runWarble(['restore', archive], { WARBLE_DATA_DIR: restoredDir }, scratch);
    expect(restore.code, restore.stderr).to.equal(0);
    const restored = await startTestApp({ WARBLE_DATA_DIR: restoredDir, WARBLE_DATABASE_URL: '' });
    try {
      const reader = await ApiClient.signIn(restored, 'writer', PASSWORD);
      expect(await found(reader, 'picture', 'statuses')).to.deep.equal([pictureId]);
      const writerId = (await restored.container.users.findByUsername('writer'))!.id;
      expect(await found(reader, 'writer', 'accounts')).to.include(writerId);
    } finally {
      await restored.container.close();
      await restored.database.drop();
    }
  });

  it('refuses to restore into a data dir that holds anything, and refuses a file that is no backup', async () => {
    const occupied = path.join(scratch, 'occupied');
    await runWarble(['migrate'], { WARBLE_DATA_DIR: occupied }, scratch);
    const archive = path.join(scratch, 'warble-backup.tar.gz');
    const refused = await runWarble(['restore', archive], { WARBLE_DATA_DIR: occupied }, scratch);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('not empty');

    const bogus = path.join(scratch, 'bogus.tar.gz');
    await writeFile(bogus, 'this is not a backup');
    const empty = path.join(scratch, 'empty-target');
    const rejected = await runWarble(['restore', bogus], { WARBLE_DATA_DIR: empty }, scratch);
    expect(rejected.code).to.equal(1);
    expect(rejected.stderr).to.match(/cannot restore|not a Warble backup/);
  });
});
