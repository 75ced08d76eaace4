/**
 * The image's promises, each a function returning the problems it finds (empty
 * when kept). dockerfile.test.ts runs them on the repository as it is and on
 * broken variants, so every check is known to be able to fail.
 */
import path from 'node:path';
import {
  imageModel,
  isNpmInstall,
  isRootUser,
  normalizeRel,
  omitsDev,
  rootImage,
  runCommands,
  sourceOfOutput,
  splitWords,
  type ImageModel,
  type ImageSubject,
  type Instruction,
  type Stage,
} from './dockerfile-model.js';

export interface Analysis {
  subject: ImageSubject;
  image: ImageModel;
  runtime: Stage;
}

export function analyse(subject: ImageSubject): Analysis {
  const image = imageModel(subject);
  const runtime = image.dockerfile.stages[image.dockerfile.stages.length - 1];
  if (!runtime) throw new Error('the Dockerfile has no FROM');
  return { subject, image, runtime };
}

const where = (instruction: Instruction) => `line ${instruction.line} (${instruction.keyword})`;

function copySources(instruction: Instruction): string[] {
  const words = instruction.json ?? splitWords(instruction.args);
  return words.slice(0, -1);
}

function allInstructions(analysis: Analysis): Array<{ stage: Stage; instruction: Instruction }> {
  return analysis.image.dockerfile.stages.flatMap((stage) => stage.instructions.map((instruction) => ({ stage, instruction })));
}

function last(stage: Stage, keyword: string): Instruction | undefined {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
}

/** Every COPY/ADD from the build context names something that exists and is sent. */
export function contextSources(analysis: Analysis): string[] {
  const { image, subject } = analysis;
  const problems: string[] = [];
  for (const { instruction } of allInstructions(analysis)) {
    if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.from !== undefined) continue;
    for (const source of copySources(instruction)) {
      if (/[*?[]/.test(source)) {
        problems.push(`${where(instruction)}: wildcard source ${source} (these checks want literal paths)`);
        continue;
      }
      const rel = normalizeRel(source);
      if (rel.startsWith('..')) problems.push(`${where(instruction)}: ${source} is outside the build context`);
      else if (subject.repo.kind(rel) === null) problems.push(`${where(instruction)}: ${source} does not exist in the repository`);
      else if (image.ignore.isExcluded(rel)) problems.push(`${where(instruction)}: ${source} is excluded by .dockerignore`);
    }
  }
  return problems;
}

/** Every COPY --from=<stage> names something that stage really contains. */
export function stageSources(analysis: Analysis): string[] {
  const { image } = analysis;
  const problems: string[] = [];
  for (const { stage, instruction } of allInstructions(analysis)) {
    const from = instruction.flags.from;
    if (instruction.keyword !== 'COPY' || from === undefined) continue;
    const other = image.dockerfile.stage(from);
    if (!other) {
      problems.push(`${where(instruction)}: --from=${from} is not a stage of this Dockerfile`);
      continue;
    }
    if (other.index >= stage.index) problems.push(`${where(instruction)}: stage ${from} comes after this one`);
    for (const source of copySources(instruction)) {
      if (image.lookup(other, path.posix.resolve('/', source)) === null) {
        problems.push(`${where(instruction)}: stage ${from} has no ${source} (not copied from the context, built, nor created there)`);
      }
    }
  }
  return problems;
}

/** What must stay out of the context (host builds, data, secrets) and what must not. */
export function dockerignoreRules({ image }: Analysis): string[] {
  const problems: string[] = [];
  const mustExclude = ['node_modules/sqlite3/package.json', 'server/x/node_modules/a.js', 'dist/server/main.js', 'data/warble.sqlite', '.git/HEAD', 'config/warble.yaml', '.test-artifacts/run.log'];
  for (const rel of mustExclude) if (!image.ignore.isExcluded(rel)) problems.push(`.dockerignore lets ${rel} into the build context`);
  const mustKeep = ['package.json', 'package-lock.json', 'bin/warble.js', 'views', 'server/main.ts', image.build.tsconfig];
  for (const rel of mustKeep) if (image.ignore.isExcluded(rel)) problems.push(`.dockerignore excludes ${rel}, which the image needs`);
  return problems;
}

/** The relative module a launcher script loads: `new URL('…', import.meta.url)` or `import '…'`. */
export function launcherTarget(script: string): string | null {
  const match =
    /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/.exec(script) ??
    /\bimport\s*(?:\(\s*)?(['"])(\.{1,2}\/[^'"]+)\1/.exec(script);
  return match ? match[2]! : null;
}

/**
 * CMD is exec form `node <script> serve`; the script is in the repository and in
 * the image; it loads the file `npm run build` produces, whose source exists,
 * and that file is in the image too.
 */
export function entrypoint({ image, subject, runtime }: Analysis): string[] {
  const cmd = last(runtime, 'CMD');
  if (!cmd) return ['the runtime stage has no CMD'];
  if (!cmd.json) return [`${where(cmd)}: CMD must be exec form (a JSON array) so SIGTERM reaches node, got: ${cmd.args}`];
  const [program, script, ...args] = cmd.json;
  const problems: string[] = [];
  if (program !== 'node') problems.push(`${where(cmd)}: CMD should start node directly, got ${program}`);
  if (!script) return [...problems, `${where(cmd)}: CMD names no script`];
  if (!args.includes('serve')) problems.push(`${where(cmd)}: CMD does not run the serve command`);
  const { workdir } = image.stateAt(runtime);
  const scriptAbs = path.posix.resolve(workdir, script);
  const scriptRel = normalizeRel(path.posix.relative(workdir, scriptAbs));
  const text = subject.repo.read(scriptRel);
  if (text === null) return [...problems, `${script} (from CMD) does not exist in the repository`];
  if (image.lookup(runtime, scriptAbs) !== 'file') problems.push(`${script} is not in the runtime image at ${scriptAbs}`);
  const target = launcherTarget(text);
  if (target === null) return [...problems, `${script} imports no relative module`];
  const targetRel = normalizeRel(path.posix.join(path.posix.dirname(scriptRel), target));
  const source = sourceOfOutput(image.build, targetRel);
  if (source === null) {
    problems.push(`${script} loads ${targetRel}, which is not under ${image.build.tsconfig} outDir ${image.build.outDir}/ (npm run ${image.build.script} does not produce it)`);
  } else {
    if (subject.repo.kind(source) !== 'file') problems.push(`${script} loads ${targetRel}, but its source ${source} does not exist`);
    else if (!image.build.include.some((pattern) => pattern.test(source))) problems.push(`${source} is not included by ${image.build.tsconfig}`);
    if (image.lookup(runtime, path.posix.join(workdir, targetRel)) !== 'file') problems.push(`the runtime image has no ${path.posix.join(workdir, targetRel)} (built by npm run ${image.build.script})`);
  }
  return problems;
}

/**
 * The runtime has what the app reads at run time, its node_modules come from a
 * production-only install on the very same base image, and it compiles nothing.
 */
export function productionDependencies({ image, runtime }: Analysis): string[] {
  const problems: string[] = [];
  const { workdir } = image.stateAt(runtime);
  for (const rel of ['package.json', 'package-lock.json', 'views', 'node_modules']) {
    if (image.lookup(runtime, path.posix.join(workdir, rel)) === null) problems.push(`the runtime image has no ${path.posix.join(workdir, rel)}`);
  }
  const nodeModules = path.posix.join(workdir, 'node_modules');
  const copy = runtime.instructions.filter((i) => i.keyword === 'COPY' && copySources(i).some((s) => path.posix.basename(s) === 'node_modules')).at(-1);
  if (!copy || copy.flags.from === undefined) {
    problems.push(`the runtime stage must copy ${nodeModules} from a dependency stage`);
  } else {
    const deps = image.dockerfile.stage(copy.flags.from);
    const installs = deps ? [deps, ...ancestors(deps)].flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').flatMap(runCommands)).filter(isNpmInstall) : [];
    if (!deps) problems.push(`${where(copy)}: no stage ${copy.flags.from}`);
    else if (installs.length === 0) problems.push(`stage ${copy.flags.from} does not run npm ci`);
    else if (!installs.every(omitsDev)) problems.push(`stage ${copy.flags.from} installs devDependencies (npm ci without --omit=dev)`);
    if (deps && rootImage(deps) !== rootImage(runtime)) {
      problems.push(`node_modules (with the compiled sqlite3 addon) come from ${rootImage(deps)} but run on ${rootImage(runtime)}`);
    }
  }
  for (const instruction of runtime.instructions.filter((i) => i.keyword === 'RUN')) {
    for (const words of runCommands(instruction)) {
      if (isNpmInstall(words) || words.includes('node-gyp') || (words[0] === 'npm' && words[1] === 'rebuild') || (words.includes('apt-get') && words.includes('install'))) {
        problems.push(`${where(instruction)}: the runtime stage installs or compiles (${words.join(' ')}); copy from the deps stage instead`);
      }
    }
  }
  return problems;
}

function ancestors(stage: Stage): Stage[] {
  return stage.parent ? [stage.parent, ...ancestors(stage.parent)] : [];
}

/** The container runs as a user other than root. */
export function nonRootUser({ image, runtime }: Analysis): string[] {
  const user = image.stateAt(runtime).user;
  if (user === null) return ['the runtime stage sets no USER, so the container runs as root'];
  return isRootUser(user) ? [`the runtime stage runs as ${user}`] : [];
}

export function exposedPort({ image, runtime }: Analysis): string[] {
  const exposed = runtime.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => splitWords(i.args)).map((port) => port.replace(/\/tcp$/, ''));
  const port = image.stateAt(runtime).env.WARBLE_PORT ?? '3000';
  const problems: string[] = [];
  if (!exposed.includes('3000')) problems.push(`EXPOSE 3000 missing (exposed: ${exposed.join(', ') || 'none'})`);
  if (!exposed.includes(port)) problems.push(`WARBLE_PORT is ${port} but that port is not exposed`);
  return problems;
}

/** /data is the volume, the data dir, and writable by the runtime user. */
export function dataVolume({ image, runtime }: Analysis): string[] {
  const problems: string[] = [];
  const volumeIndex = runtime.instructions.findIndex((i) => i.keyword === 'VOLUME');
  const volume = runtime.instructions[volumeIndex];
  const volumes = volume ? (volume.json ?? splitWords(volume.args)) : [];
  if (!volumes.includes('/data')) problems.push(`VOLUME /data missing (declared: ${volumes.join(', ') || 'none'})`);
  const { env, user } = image.stateAt(runtime);
  if (env.WARBLE_DATA_DIR !== '/data') problems.push(`WARBLE_DATA_DIR is ${env.WARBLE_DATA_DIR ?? 'unset'} in the runtime stage, not /data`);
  if (user === null || isRootUser(user) || volumeIndex < 0) return problems;
  const runtimeUser = user.split(':')[0];
  // Changes to a volume path after VOLUME are discarded, and only root can chown.
  const owned = runtime.instructions.slice(0, volumeIndex).some((instruction, index) => {
    if (instruction.keyword !== 'RUN' || !isRootUser(image.stateAt(runtime, index).user)) return false;
    return runCommands(instruction).some((words) => {
      if (words[0] !== 'chown') return false;
      const operands = words.slice(1).filter((word) => !word.startsWith('-'));
      return operands[0]?.split(':')[0] === runtimeUser && operands.slice(1).some((p) => path.posix.normalize(p) === '/data');
    });
  });
  if (!owned) problems.push(`/data is not chowned to ${runtimeUser} (as root, before VOLUME), so the service cannot write its data`);
  return problems;
}

export function productionEnv({ image, runtime }: Analysis): string[] {
  const { env } = image.stateAt(runtime);
  const problems: string[] = [];
  if (env.NODE_ENV !== 'production') problems.push(`NODE_ENV is ${env.NODE_ENV ?? 'unset'} in the runtime stage, not production`);
  if (env.WARBLE_HOST !== '0.0.0.0') problems.push(`WARBLE_HOST is ${env.WARBLE_HOST ?? 'unset (127.0.0.1)'} in the runtime stage, not 0.0.0.0, so nothing outside the container reaches it`);
  return problems;
}

/** The HEALTHCHECK command, exec form, or null. */
export function healthcheckCommand({ runtime }: Analysis): string[] | null {
  const healthcheck = last(runtime, 'HEALTHCHECK');
  if (!healthcheck) return null;
  const match = /^CMD\s+([\s\S]*)$/i.exec(healthcheck.args);
  if (!match) return null;
  const command = match[1]!.trim();
  return command.startsWith('[') ? (JSON.parse(command) as string[]) : ['/bin/sh', '-c', command];
}

export function healthcheck(analysis: Analysis): string[] {
  const command = healthcheckCommand(analysis);
  if (!command) return ['the runtime stage has no HEALTHCHECK CMD'];
  const text = command.join(' ');
  const problems: string[] = [];
  if (command[0] !== 'node') problems.push(`HEALTHCHECK should run node (the slim image has no curl or wget), got ${command[0]}`);
  if (!/127\.0\.0\.1|localhost/.test(text)) problems.push('HEALTHCHECK does not target the container itself (127.0.0.1)');
  if (!/\/healthz\b/.test(text)) problems.push('HEALTHCHECK does not request /healthz');
  if (!/3000/.test(text)) problems.push('HEALTHCHECK does not default to port 3000');
  return problems;
}

export function stopSignal({ runtime }: Analysis): string[] {
  const signal = last(runtime, 'STOPSIGNAL');
  return signal && signal.args.trim() !== 'SIGTERM' ? [`STOPSIGNAL is ${signal.args}, the server drains on SIGTERM`] : [];
}

/** Every stage rests on node:<major>-…, the major of package.json engines.node. */
export function baseImages({ image, subject }: Analysis): string[] {
  const pkg = JSON.parse(subject.repo.read('package.json') ?? '{}') as { engines?: { node?: string } };
  const engine = pkg.engines?.node;
  const major = engine ? /(\d+)/.exec(engine)?.[1] : undefined;
  if (!major) return ['package.json has no engines.node to compare base images with'];
  const problems: string[] = [];
  for (const stage of image.dockerfile.stages) {
    const base = rootImage(stage);
    const tag = /^(?:[\w.-]+(?::\d+)?\/)?(?:library\/)?node:(\d+)(?:[.-][\w.-]*)?(?:@sha256:[0-9a-f]+)?$/.exec(base);
    if (!tag) problems.push(`stage ${stage.name ?? stage.index} is FROM ${base}, not a node:<major>-… image with a pinned major`);
    else if (tag[1] !== major) problems.push(`stage ${stage.name ?? stage.index} runs Node ${tag[1]}, package.json engines want ${engine}`);
  }
  return problems;
}

export const checks = {
  contextSources,
  stageSources,
  dockerignoreRules,
  entrypoint,
  productionDependencies,
  nonRootUser,
  exposedPort,
  dataVolume,
  productionEnv,
  healthcheck,
  stopSignal,
  baseImages,
} satisfies Record<string, (analysis: Analysis) => string[]>;

export type CheckName = keyof typeof checks;
