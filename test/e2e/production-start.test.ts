/**
 * The production start path of the container image, without Docker: what the
 * Dockerfile's runtime stage copies (read from the Dockerfile itself) goes into
 * a temporary /app; dist/ comes from `npm run build` on a copy of the build
 * context (.dockerignore applied); node_modules from `npm ci --omit=dev`, which
 * compiles sqlite3 from source (a minute or two); then the image's CMD
 * (`node bin/warble.js serve`) runs with the image's environment, must become
 * ready, answer health checks, and exit 0 on SIGTERM.
 *
 * WARBLE_TEST_KEEP_TMP=1 keeps the temporary directory for a post-mortem.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { analyse, type Analysis } from '../unit/docker/dockerfile-checks.js';
import { loadSubject, normalizeRel, runCommands, splitWords, type Instruction, type Stage } from '../unit/docker/dockerfile-model.js';

const root = path.resolve(import.meta.dirname, '../..');
const OUTPUT_TAIL = 6000;

interface RunResult {
  output: string;
  ms: number;
}

/** Runs a command to completion; rejects with the tail of its output. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve({ output, ms: Date.now() - started });
      else reject(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) failed with ${signal ?? `code ${code}`}:\n${output.slice(-OUTPUT_TAIL)}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function copySources(instruction: Instruction): { sources: string[]; dest: string } {
  const words = instruction.json ?? splitWords(instruction.args);
  return { sources: words.slice(0, -1), dest: words[words.length - 1]! };
}

/** `docker cp`-like: a directory's contents land in dest, a file at dest (or dest/name). */
async function copyLikeDocker(from: string, dest: string, destIsDir: boolean): Promise<void> {
  if (!existsSync(from)) throw new Error(`missing ${from}`);
  const target = destIsDir && !(await isDir(from)) ? path.join(dest, path.basename(from)) : dest;
  await mkdir(path.dirname(target), { recursive: true });
  await cp(from, target, { recursive: true, dereference: false });
}

async function isDir(file: string): Promise<boolean> {
  return (await stat(file)).isDirectory();
}

describe('production start: the image’s runtime stage, without Docker', function () {
  this.timeout(6 * 60_000);

  let workDir = '';
  let buildDir = '';
  let appDir = '';
  let dataDir = '';
  let analysis: Analysis;
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  let baseUrl = '';
  const timings: Record<string, number> = {};

  const logs = () => `\n--- server output ---\n${serverOutput.slice(-OUTPUT_TAIL)}`;

  before(async function () {
    const started = Date.now();
    analysis = analyse(loadSubject(root));
    const { image, runtime } = analysis;
    const buildStage = image.dockerfile.stage('build');
    if (!buildStage) throw new Error('the Dockerfile has no build stage');
    const buildWorkdir = image.stateAt(buildStage).workdir;
    const runtimeState = image.stateAt(runtime);

    workDir = await mkdtemp(path.join(tmpdir(), 'warble-production-'));
    buildDir = path.join(workDir, 'build');
    appDir = path.join(workDir, 'app');
    dataDir = path.join(workDir, 'data');

    // The build stage: the build context (.dockerignore applied), all
    // dependencies (the repository's own, linked), `npm run build`.
    await cp(root, buildDir, {
      recursive: true,
      filter: (source) => {
        const rel = normalizeRel(path.relative(root, source));
        return rel === '' || image.contextKind(rel) !== null;
      },
    });
    await symlink(path.join(root, 'node_modules'), path.join(buildDir, 'node_modules'), 'dir');
    timings.build = (await run('npm', ['run', image.build.script, '--silent'], { cwd: buildDir })).ms;

    // The runtime stage: its COPY instructions, in order.
    let dependencyStage: Stage | null = null;
    for (const instruction of runtime.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
      const { sources, dest } = copySources(instruction);
      const destAbs = path.posix.resolve(image.stateAt(runtime, runtime.instructions.indexOf(instruction)).workdir, dest);
      const destLocal = path.join(appDir, path.posix.relative(runtimeState.workdir, destAbs));
      const destIsDir = dest.endsWith('/') || sources.length > 1;
      for (const source of sources) {
        const from = instruction.flags.from;
        if (from === undefined) {
          await copyLikeDocker(path.join(root, source), destLocal, destIsDir);
        } else if (path.posix.basename(source) === 'node_modules') {
          dependencyStage = image.dockerfile.stage(from); // reproduced below
        } else if (image.dockerfile.stage(from) === buildStage) {
          const local = path.join(buildDir, path.posix.relative(buildWorkdir, path.posix.resolve('/', source)));
          if (existsSync(local)) await copyLikeDocker(local, destLocal, destIsDir);
          else if (image.lookup(buildStage, source) === 'dir') await mkdir(destLocal, { recursive: true }); // made by RUN mkdir -p
          else throw new Error(`line ${instruction.line}: the build stage has no ${source}`);
        } else {
          throw new Error(`line ${instruction.line}: this test does not know how to reproduce stage ${from}`);
        }
      }
    }
    if (!dependencyStage) throw new Error('the runtime stage copies no node_modules from a dependency stage');
    for (const rel of ['package.json', 'package-lock.json', 'bin/warble.js', 'views', 'dist/server/cli/main.js']) {
      expect(existsSync(path.join(appDir, rel)), `${rel} in the production copy`).to.equal(true);
    }
    // The deps stage's own RUN lines (npm ci --omit=dev and its pruning), run in
    // the app dir; its parent stage only installs compilers, which are here.
    for (const instruction of dependencyStage.instructions) {
      if (instruction.keyword === 'COPY') {
        const { sources } = copySources(instruction);
        const missing = sources.filter((source) => !existsSync(path.join(appDir, source)));
        if (missing.length > 0) throw new Error(`line ${instruction.line}: the deps stage copies ${missing.join(', ')}, which the runtime copy lacks`);
      } else if (instruction.keyword === 'RUN') {
        const commands = runCommands(instruction);
        const unknown = commands.filter((words) => words[0] !== 'npm' && words[0] !== 'node');
        if (unknown.length > 0) throw new Error(`line ${instruction.line}: this test only reproduces npm and node commands, not: ${unknown.map((w) => w.join(' ')).join('; ')}`);
        const ms = (await run('sh', ['-c', instruction.json ? instruction.json.join(' ') : instruction.args], { cwd: appDir })).ms;
        timings.dependencies = (timings.dependencies ?? 0) + ms;
      } else if (!['ENV', 'ARG', 'LABEL'].includes(instruction.keyword)) {
        throw new Error(`line ${instruction.line}: this test does not reproduce ${instruction.keyword} in the deps stage`);
      }
    }

    // The image's CMD with the image's environment; loopback and a temp data dir here.
    const cmd = runtime.instructions.filter((i) => i.keyword === 'CMD').at(-1)?.json;
    if (!cmd || cmd[0] !== 'node') throw new Error(`unexpected CMD ${JSON.stringify(cmd)}`);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('WARBLE_') && key !== 'NODE_ENV' && key !== 'NODE_OPTIONS'));
    const env: NodeJS.ProcessEnv = { ...inherited, ...runtimeState.env, WARBLE_HOST: '127.0.0.1', WARBLE_PORT: String(port), WARBLE_DATA_DIR: dataDir, WARBLE_LOG_LEVEL: 'info' };
    expect(env.NODE_ENV).to.equal('production');
    const booted = Date.now();
    server = spawn(process.execPath, cmd.slice(1), { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    exited = new Promise((resolve) => server!.once('exit', (code, signal) => resolve({ code, signal })));
    let exitedEarly: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    void exited.then((result) => (exitedEarly = result));

    const deadline = Date.now() + 60_000;
    let last = 'no answer yet';
    for (;;) {
      if (exitedEarly) throw new Error(`the server exited (${exitedEarly.signal ?? `code ${exitedEarly.code}`}) before it was ready${logs()}`);
      if (Date.now() > deadline) throw new Error(`the server was not ready within 60 s; last /readyz: ${last}${logs()}`);
      try {
        const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) break;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(200);
    }
    timings.ready = Date.now() - booted;
    timings.total = Date.now() - started;
    console.log(`      (npm run build ${(timings.build / 1000).toFixed(1)} s, deps stage (npm ci --omit=dev) ${(timings.dependencies! / 1000).toFixed(1)} s, ready after ${(timings.ready / 1000).toFixed(1)} s, setup ${(timings.total / 1000).toFixed(1)} s)`);
  });

  after(async function () {
    this.timeout(30_000);
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited;
    }
    if (workDir && process.env.WARBLE_TEST_KEEP_TMP !== '1') await rm(workDir, { recursive: true, force: true });
    else if (workDir) console.log(`      kept ${workDir}`);
  });

  it('installs no devDependency', async () => {
    const lock = JSON.parse(await readFile(path.join(appDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const pkg = JSON.parse(await readFile(path.join(appDir, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    // What only development needs (dev), and what only development needs but a
    // production package names as optional (devOptional). A devDependency that
    // production code also requires (@types/node, via sequelize -> wkx) is
    // neither, and stays.
    const devOnly = Object.entries(lock.packages)
      .filter(([key, entry]) => key.startsWith('node_modules/') && (entry.dev === true || entry.devOptional === true))
      .map(([key]) => key);
    const tools = ['mocha', 'typescript', 'tsx'];
    expect(Object.keys(pkg.devDependencies ?? {}), 'devDependencies').to.include.members(tools);
    const present = [...new Set([...tools.map((name) => `node_modules/${name}`), ...devOnly])].filter((key) => existsSync(path.join(appDir, key)));
    expect(present, 'dev-only packages in the production node_modules').to.deep.equal([]);
    expect(existsSync(path.join(appDir, 'node_modules/sqlite3/package.json')), 'sqlite3 installed').to.equal(true);
  });

  it('answers /readyz 200 with status ready', async () => {
    const res = await fetch(`${baseUrl}/readyz`);
    const body = await res.text();
    expect(res.status, body + logs()).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/application\/json/);
    expect((JSON.parse(body) as { status: string }).status).to.equal('ready');
  });

  it('answers /healthz 200 {"status":"ok"}', async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    const body = await res.text();
    expect(res.status, body + logs()).to.equal(200);
    expect(JSON.parse(body)).to.deep.equal({ status: 'ok' });
  });

  it('keeps its SQLite database in WARBLE_DATA_DIR', () => {
    expect(existsSync(path.join(dataDir, 'warble.sqlite')), `files in the data dir${logs()}`).to.equal(true);
  });

  it('exits 0 on SIGTERM', async () => {
    expect(server, 'server').to.not.equal(undefined);
    server!.kill('SIGTERM');
    const result = await Promise.race([exited!, sleep(20_000).then(() => 'timeout' as const)]);
    expect(result, `no exit within 20 s of SIGTERM${logs()}`).to.not.equal('timeout');
    expect(result, logs()).to.deep.equal({ code: 0, signal: null });
  });
});
