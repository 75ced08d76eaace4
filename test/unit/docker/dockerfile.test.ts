/**
 * The Dockerfile keeps its promises (see dockerfile-checks.ts): each check passes
 * on the repository as it is, and fails on a variant broken in the way it guards
 * against, so none of them can pass vacuously. No Docker engine is needed.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { analyse, checks, healthcheckCommand, launcherTarget, type CheckName } from './dockerfile-checks.js';
import { buildDockerfileModel, DockerIgnore, loadSubject, parseDockerfile, parseKeyValues, type ImageSubject } from './dockerfile-model.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** The repository with edits: replaced Dockerfile lines, overlaid or deleted files. */
function variant(edit: { dockerfile?: Array<[string | RegExp, string]>; dockerignore?: string; files?: Record<string, string | null> }): ImageSubject {
  const subject = loadSubject(root, edit.files ?? {});
  let dockerfile = subject.dockerfile;
  for (const [from, to] of edit.dockerfile ?? []) {
    const next = dockerfile.replace(from, to);
    if (next === dockerfile) throw new Error(`variant: ${String(from)} not found in the Dockerfile`);
    dockerfile = next;
  }
  return { ...subject, dockerfile, dockerignore: subject.dockerignore + (edit.dockerignore ? `\n${edit.dockerignore}\n` : '') };
}

function problems(check: CheckName, subject: ImageSubject): string[] {
  return checks[check](analyse(subject));
}

describe('Dockerfile', () => {
  describe('on the repository as it is', () => {
    const subject = loadSubject(root);
    for (const name of Object.keys(checks) as CheckName[]) {
      it(`passes ${name}`, () => {
        expect(problems(name, subject), name).to.deep.equal([]);
      });
    }

    it('has the deps, build and runtime stages, the runtime last', () => {
      const stages = buildDockerfileModel(subject.dockerfile).stages.map((stage) => stage.name);
      expect(stages).to.include.members(['deps', 'build']);
      expect(stages.at(-1)).to.equal('runtime');
    });

    it('has a HEALTHCHECK that exits 0 on a healthy /healthz and non-zero otherwise', async function () {
      this.timeout(20_000);
      const command = healthcheckCommand(analyse(subject));
      expect(command, 'HEALTHCHECK CMD').to.be.an('array');
      const [program, ...args] = command!;
      const run = (port: number) =>
        new Promise<number | null>((resolve, reject) => {
          // The image runs `node`; here that is the node running the tests.
          const child = spawn(program === 'node' ? process.execPath : program!, args, {
            env: { ...process.env, WARBLE_PORT: String(port) },
            stdio: 'ignore',
          });
          child.once('error', reject);
          child.once('exit', (code) => resolve(code));
        });
      const requests: string[] = [];
      let status = 200;
      const server: Server = createServer((req, res) => {
        requests.push(req.url ?? '');
        res.writeHead(req.url === '/healthz' ? status : 404, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      try {
        expect(await run(port), 'exit code when /healthz answers 200').to.equal(0);
        expect(requests).to.deep.equal(['/healthz']);
        status = 503;
        expect(await run(port), 'exit code when /healthz answers 503').to.not.equal(0);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      expect(await run(port), 'exit code when nothing listens').to.not.equal(0);
    });
  });

  describe('checks fail on a broken variant', () => {
    const cases: Array<{ check: CheckName; title: string; subject: () => ImageSubject; expect: RegExp }> = [
      { check: 'contextSources', title: 'views/ deleted', subject: () => variant({ files: { views: null } }), expect: /views does not exist/ },
      { check: 'contextSources', title: 'views/ in .dockerignore', subject: () => variant({ dockerignore: 'views' }), expect: /views is excluded by \.dockerignore/ },
      { check: 'contextSources', title: 'COPY of a missing directory', subject: () => variant({ dockerfile: [['COPY bin ./bin', 'COPY bin ./bin\nCOPY no-such-dir ./x']] }), expect: /no-such-dir does not exist/ },
      { check: 'stageSources', title: 'optional config/ not created in the build stage', subject: () => variant({ dockerfile: [['mkdir -p config plugins', 'mkdir -p plugins']], files: { config: null } }), expect: /stage build has no \/app\/config/ },
      { check: 'stageSources', title: 'build output moved (tsconfig outDir)', subject: () => variant({ files: { 'tsconfig.build.json': '{ "extends": "./tsconfig.json", "compilerOptions": { "outDir": "out", "rootDir": "." }, "include": ["server/**/*.ts"] }' } }), expect: /stage build has no \/app\/dist/ },
      { check: 'stageSources', title: 'COPY --from an unknown stage', subject: () => variant({ dockerfile: [['--from=build /app/dist', '--from=compile /app/dist']] }), expect: /not a stage/ },
      { check: 'dockerignoreRules', title: 'node_modules not ignored', subject: () => variant({ dockerignore: '!node_modules' }), expect: /lets node_modules\/sqlite3/ },
      { check: 'dockerignoreRules', title: 'local config/warble.yaml not ignored', subject: () => variant({ dockerignore: '!config/warble.yaml' }), expect: /lets config\/warble\.yaml/ },
      { check: 'dockerignoreRules', title: 'bin ignored', subject: () => variant({ dockerignore: 'bin' }), expect: /excludes bin\/warble\.js/ },
      { check: 'entrypoint', title: 'bin/warble.js deleted', subject: () => variant({ files: { 'bin/warble.js': null } }), expect: /bin\/warble\.js \(from CMD\) does not exist/ },
      { check: 'entrypoint', title: 'bin/warble.js loads what the build does not produce', subject: () => variant({ files: { 'bin/warble.js': "await import(new URL('../build/cli.js', import.meta.url).href);\n" } }), expect: /not under .* outDir dist/ },
      { check: 'entrypoint', title: 'build outDir differs from what bin/warble.js loads', subject: () => variant({ files: { 'tsconfig.build.json': '{ "extends": "./tsconfig.json", "compilerOptions": { "outDir": "out", "rootDir": "." }, "include": ["server/**/*.ts"] }' } }), expect: /not under .* outDir out/ },
      { check: 'entrypoint', title: 'the CLI source is gone', subject: () => variant({ files: { 'server/cli/main.ts': null } }), expect: /source server\/cli\/main\.ts does not exist/ },
      { check: 'entrypoint', title: 'shell-form CMD', subject: () => variant({ dockerfile: [['CMD ["node", "bin/warble.js", "serve"]', 'CMD node bin/warble.js serve']] }), expect: /exec form/ },
      { check: 'entrypoint', title: 'CMD through npm', subject: () => variant({ dockerfile: [['CMD ["node", "bin/warble.js", "serve"]', 'CMD ["npm", "start"]']] }), expect: /should start node/ },
      { check: 'entrypoint', title: 'bin/ not copied into the runtime', subject: () => variant({ dockerfile: [['COPY bin ./bin\n', '']] }), expect: /not in the runtime image/ },
      { check: 'entrypoint', title: 'dist/ not copied into the runtime', subject: () => variant({ dockerfile: [['COPY --from=build /app/dist ./dist\n', '']] }), expect: /runtime image has no \/app\/dist\/server\/cli\/main\.js/ },
      { check: 'productionDependencies', title: 'node_modules from the build stage', subject: () => variant({ dockerfile: [['COPY --from=deps /app/node_modules', 'COPY --from=build /app/node_modules']] }), expect: /installs devDependencies/ },
      { check: 'productionDependencies', title: 'deps stage without --omit=dev', subject: () => variant({ dockerfile: [['npm ci --omit=dev', 'npm ci']] }), expect: /installs devDependencies/ },
      { check: 'productionDependencies', title: 'runtime on another base image', subject: () => variant({ dockerfile: [['FROM node:24-bookworm-slim AS runtime', 'FROM node:24-alpine AS runtime']] }), expect: /come from node:24-bookworm-slim but run on node:24-alpine/ },
      { check: 'productionDependencies', title: 'runtime compiles', subject: () => variant({ dockerfile: [['RUN mkdir -p /data', 'RUN npm ci --omit=dev && mkdir -p /data']] }), expect: /installs or compiles/ },
      { check: 'productionDependencies', title: 'views/ not copied', subject: () => variant({ dockerfile: [['COPY views ./views\n', '']] }), expect: /no \/app\/views/ },
      { check: 'nonRootUser', title: 'no USER', subject: () => variant({ dockerfile: [['USER node\n', '']] }), expect: /runs as root/ },
      { check: 'nonRootUser', title: 'USER root', subject: () => variant({ dockerfile: [['USER node\n', 'USER root\n']] }), expect: /runs as root/ },
      { check: 'exposedPort', title: 'EXPOSE 8080', subject: () => variant({ dockerfile: [['EXPOSE 3000', 'EXPOSE 8080']] }), expect: /EXPOSE 3000 missing/ },
      { check: 'dataVolume', title: 'another volume', subject: () => variant({ dockerfile: [['VOLUME /data', 'VOLUME /var/lib/warble']] }), expect: /VOLUME \/data missing/ },
      { check: 'dataVolume', title: 'data dir elsewhere', subject: () => variant({ dockerfile: [['WARBLE_DATA_DIR=/data', 'WARBLE_DATA_DIR=/app/data']] }), expect: /WARBLE_DATA_DIR is \/app\/data/ },
      { check: 'dataVolume', title: '/data left to root', subject: () => variant({ dockerfile: [[/\s*\\\n\s*&& chown node:node \/data/, '']] }), expect: /not chowned to node/ },
      { check: 'dataVolume', title: 'chown after VOLUME', subject: () => variant({ dockerfile: [[/RUN mkdir -p \/data\s*\\\s*&& chown node:node \/data\n/, ''], ['VOLUME /data\n', 'VOLUME /data\nRUN chown node:node /data\n']] }), expect: /not chowned to node/ },
      { check: 'productionEnv', title: 'NODE_ENV not production', subject: () => variant({ dockerfile: [['NODE_ENV=production', 'NODE_ENV=development']] }), expect: /NODE_ENV is development/ },
      { check: 'productionEnv', title: 'NODE_ENV only in the build stage', subject: () => variant({ dockerfile: [['NODE_ENV=production \\\n', ''], ['FROM toolchain AS build\n', 'FROM toolchain AS build\nENV NODE_ENV=production\n']] }), expect: /NODE_ENV is unset/ },
      { check: 'productionEnv', title: 'bound to loopback', subject: () => variant({ dockerfile: [['WARBLE_HOST=0.0.0.0', 'WARBLE_HOST=127.0.0.1']] }), expect: /WARBLE_HOST is 127\.0\.0\.1/ },
      { check: 'healthcheck', title: 'no HEALTHCHECK', subject: () => variant({ dockerfile: [[/HEALTHCHECK[^\n]*\\\n[^\n]*\n/, '']] }), expect: /no HEALTHCHECK/ },
      { check: 'healthcheck', title: 'HEALTHCHECK on /readyz', subject: () => variant({ dockerfile: [["'/healthz'", "'/readyz'"]] }), expect: /does not request \/healthz/ },
      { check: 'healthcheck', title: 'HEALTHCHECK with curl', subject: () => variant({ dockerfile: [[/CMD \["node", "-e", [^\n]*/, 'CMD curl -fsS http://127.0.0.1:3000/healthz']] }), expect: /should run node/ },
      { check: 'stopSignal', title: 'STOPSIGNAL SIGKILL', subject: () => variant({ dockerfile: [['STOPSIGNAL SIGTERM', 'STOPSIGNAL SIGKILL']] }), expect: /STOPSIGNAL is SIGKILL/ },
      { check: 'baseImages', title: 'runtime on Node 22', subject: () => variant({ dockerfile: [['FROM node:24-bookworm-slim AS runtime', 'FROM node:22-bookworm-slim AS runtime']] }), expect: /runtime runs Node 22/ },
      { check: 'baseImages', title: 'toolchain on an unpinned tag', subject: () => variant({ dockerfile: [['FROM node:24-bookworm-slim AS toolchain', 'FROM node:bookworm-slim AS toolchain']] }), expect: /toolchain is FROM node:bookworm-slim/ },
      { check: 'baseImages', title: 'engines moved to Node 26', subject: () => variant({ files: { 'package.json': JSON.stringify({ ...JSON.parse(loadSubject(root).repo.read('package.json')!), engines: { node: '>=26' } }) } }), expect: /deps runs Node 24, package\.json engines want >=26/ },
    ];
    for (const { check, title, subject, expect: expected } of cases) {
      it(`${check}: ${title}`, () => {
        const found = problems(check, subject());
        expect(found.join('\n'), `${check} found nothing`).to.match(expected);
      });
    }
  });

  describe('parsing', () => {
    it('joins continuations, skips comments inside them, reads flags and exec form', () => {
      const instructions = parseDockerfile(
        ['# escape=\\', 'FROM node:20 AS base', 'RUN a \\', '  # a comment', '', '    && b', 'COPY --from=base --chown=node:node /x /y', 'CMD ["node", "x.js"]'].join('\n'),
      );
      expect(instructions.map((i) => i.keyword)).to.deep.equal(['FROM', 'RUN', 'COPY', 'CMD']);
      expect(instructions[1]!.args).to.equal('a     && b');
      expect(instructions[2]!.flags).to.deep.equal({ from: 'base', chown: 'node:node' });
      expect(instructions[2]!.args).to.equal('/x /y');
      expect(instructions[3]!.json).to.deep.equal(['node', 'x.js']);
      expect(instructions[3]!.line).to.equal(8);
    });

    it('reads ENV in both forms, with quotes and substitution', () => {
      expect(parseKeyValues('A=1 B="two words" C=${A}x', {})).to.deep.equal({ A: '1', B: 'two words', C: '1x' });
      expect(parseKeyValues('NODE_ENV production', {})).to.deep.equal({ NODE_ENV: 'production' });
    });

    it('substitutes global ARGs in FROM and follows stage parents', () => {
      const model = buildDockerfileModel('ARG NODE=20\nFROM node:${NODE}-slim AS a\nFROM a AS b\n');
      expect(model.stage('b')?.parent?.from).to.equal('node:20-slim');
    });

    it('matches .dockerignore like Docker: rooted patterns, parents, **, exceptions', () => {
      const ignore = new DockerIgnore('# comment\ndata\n**/node_modules\n*.md\n!README.md\n/dist/\n');
      expect(ignore.isExcluded('data/warble.sqlite')).to.equal(true);
      expect(ignore.isExcluded('server/data/x.ts')).to.equal(false);
      expect(ignore.isExcluded('a/b/node_modules/c')).to.equal(true);
      expect(ignore.isExcluded('node_modules')).to.equal(true);
      expect(ignore.isExcluded('NOTES.md')).to.equal(true);
      expect(ignore.isExcluded('README.md')).to.equal(false);
      expect(ignore.isExcluded('docs/x.md')).to.equal(false);
      expect(ignore.isExcluded('dist/server/main.js')).to.equal(true);
    });

    it('finds the module a launcher loads', () => {
      expect(launcherTarget("const entry = new URL('../dist/server/cli/main.js', import.meta.url);")).to.equal('../dist/server/cli/main.js');
      expect(launcherTarget("import '../dist/cli.js';")).to.equal('../dist/cli.js');
      expect(launcherTarget('console.log(1)')).to.equal(null);
    });
  });
});
