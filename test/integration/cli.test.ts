import { expect } from 'chai';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { startTestApp } from '../helpers/test-app.js';
import { WebClient } from '../helpers/web-client.js';
import { freePort, runWarble, spawnWarble, waitForOk } from '../helpers/warble-process.js';

describe('the warble command', function () {
  this.timeout(60_000);
  let database: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    database = await createTestDatabase();
    env = { WARBLE_DATA_DIR: database.dataDir, WARBLE_DATABASE_URL: database.url };
  });
  after(() => database.drop());

  it('`config check` with WARBLE_PORT=abc exits non-zero naming the key', async () => {
    const result = await runWarble(['config', 'check'], { ...env, WARBLE_PORT: 'abc' }, database.dataDir);
    expect(result.code).to.equal(78);
    expect(result.stderr).to.include('port (WARBLE_PORT)');
  });

  it('`serve` with a broken YAML file refuses to start and names the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'warble-yaml-'));
    try {
      await writeFile(path.join(dir, 'warble.yaml'), 'port: [3000\n');
      const result = await runWarble(['serve'], { ...env, WARBLE_CONFIG: 'warble.yaml' }, dir);
      expect(result.code).to.equal(78);
      expect(result.stderr).to.include('warble.yaml').and.include('invalid YAML');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('`config check` warns about a mistyped WARBLE_ variable, naming the closest known one', async () => {
    const result = await runWarble(['config', 'check'], { ...env, WARBLE_SMTP_SECURE: 'tls' }, database.dataDir);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.include('WARBLE_SMTP_SECURE');
    expect(result.stderr).to.include('did you mean WARBLE_SMTP_SECURITY');
  });

  it('`serve` warns at start-up about a mistyped WARBLE_ variable, naming the closest known one', async () => {
    const port = await freePort();
    const child = spawnWarble(['serve'], { ...env, WARBLE_PORT: String(port), WARBLE_SMTP_SECURE: 'tls' }, database.dataDir);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitForOk(`http://127.0.0.1:${port}/healthz`);
      expect(output).to.include('WARBLE_SMTP_SECURE');
      expect(output).to.include('WARBLE_SMTP_SECURITY');
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('`config check` describes a valid configuration', async () => {
    const result = await runWarble(['config', 'check'], env, database.dataDir);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('configuration is valid');
  });

  it('`config check` tells the OpenID Connect redirect URI to register at the provider', async () => {
    const oidc = {
      WARBLE_PUBLIC_URL: 'https://warble.example.com',
      WARBLE_AUTH_OIDC_ENABLED: 'true',
      WARBLE_AUTH_OIDC_ISSUER: 'https://sso.example.com/realms/corp',
      WARBLE_AUTH_OIDC_CLIENT_ID: 'warble',
      WARBLE_AUTH_OIDC_CLIENT_SECRET: 's3cret',
    };
    const result = await runWarble(['config', 'check'], { ...env, ...oidc }, database.dataDir);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('OpenID Connect (https://sso.example.com/realms/corp, redirect URI https://warble.example.com/auth/oidc/callback)');
    const missing = await runWarble(['config', 'check'], { ...env, ...oidc, WARBLE_AUTH_OIDC_CLIENT_SECRET: '' }, database.dataDir);
    expect(missing.code).to.equal(78);
    expect(missing.stderr).to.include('auth.oidc.clientSecret (or auth.oidc.clientSecretFile) is required');
  });

  it('`migrate` brings the database up to date', async () => {
    const result = await runWarble(['migrate'], env, database.dataDir);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('up to date');
  });

  it('`user add bob --password-stdin` creates a member who can sign in and is not an admin', async () => {
    const added = await runWarble(['user', 'add', 'bob', '--password-stdin'], env, database.dataDir, 'bobs long password\n');
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.include('added bob');
    const testApp = await startTestApp({ WARBLE_DATA_DIR: database.dataDir, WARBLE_DATABASE_URL: database.url });
    try {
      await testApp.container.localUsers.create({ username: 'root', password: 'root long password', isAdmin: true });
      const response = await new WebClient(testApp).signIn('bob', 'bobs long password');
      expect(response.status).to.equal(302);
      expect((await testApp.container.users.findByUsername('bob'))?.isAdmin).to.equal(false);
    } finally {
      await testApp.container.close();
      await testApp.database.drop();
    }
  });

  it('`user add` refuses a password on the command line and a short password', async () => {
    const noStdin = await runWarble(['user', 'add', 'eve'], env, database.dataDir);
    expect(noStdin.code).to.equal(1);
    expect(noStdin.stderr).to.include('--password-stdin');
    const short = await runWarble(['user', 'add', 'eve', '--password-stdin'], env, database.dataDir, 'short\n');
    expect(short.code).to.equal(1);
    expect(short.stderr).to.include('at least 10 characters');
  });
});
