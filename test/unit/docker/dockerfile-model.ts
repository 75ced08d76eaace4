/**
 * A small, dependency-free model of the Dockerfile and its build context, just
 * enough for the image checks in dockerfile.test.ts and for the production
 * start test: a line parser (escape continuations, flags, exec form), the
 * .dockerignore matcher (Docker's rules, not .gitignore's), and a lookup that
 * answers "does this stage contain this path?" by following COPY, COPY --from,
 * WORKDIR and the few RUN commands the image uses (npm ci, npm run build,
 * mkdir) back to the repository.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------- repository

export type Kind = 'file' | 'dir';

/** Read-only view of the repository; tests overlay edits without touching disk. */
export interface RepoView {
  kind(rel: string): Kind | null;
  read(rel: string): string | null;
}

export function normalizeRel(rel: string): string {
  const clean = path.posix.normalize(rel.replace(/\\/g, '/')).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return clean === '.' ? '' : clean.replace(/^\/+/, '');
}

function isUnder(rel: string, dir: string): boolean {
  return dir === '' || rel === dir || rel.startsWith(`${dir}/`);
}

/**
 * The repository at `root`. `overlay` maps a relative path to new file content,
 * or to null to delete it (and everything under it).
 */
export function repoView(root: string, overlay: Record<string, string | null> = {}): RepoView {
  const edits = Object.entries(overlay).map(([rel, content]) => [normalizeRel(rel), content] as const);
  const kind = (relPath: string): Kind | null => {
    const rel = normalizeRel(relPath);
    if (edits.some(([key, content]) => content === null && isUnder(rel, key))) return null;
    if (edits.some(([key, content]) => content !== null && key === rel)) return 'file';
    if (edits.some(([key, content]) => content !== null && key.startsWith(`${rel}/`))) return 'dir';
    try {
      const stat = statSync(path.join(root, rel));
      if (stat.isDirectory()) return 'dir';
      return stat.isFile() ? 'file' : null;
    } catch {
      return null;
    }
  };
  return {
    kind,
    read: (relPath) => {
      const rel = normalizeRel(relPath);
      const edit = edits.find(([key]) => key === rel);
      if (edit && edit[1] !== null) return edit[1];
      if (kind(rel) !== 'file') return null;
      return readFileSync(path.join(root, rel), 'utf8');
    },
  };
}

// ---------------------------------------------------------------- Dockerfile

export interface Instruction {
  /** Upper-case keyword: FROM, COPY, RUN, … */
  keyword: string;
  /** Leading `--name=value` flags (COPY --from=build -> { from: 'build' }). */
  flags: Record<string, string>;
  /** The rest of the instruction, continuations joined. */
  args: string;
  /** The exec (JSON array) form, when the instruction uses it. */
  json: string[] | null;
  /** 1-based line where the instruction starts. */
  line: number;
}

const FLAGGED = new Set(['FROM', 'COPY', 'ADD', 'RUN', 'HEALTHCHECK']);

function parseJsonArray(text: string): string[] | null {
  if (!text.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;
  } catch {
    return null;
  }
}

function splitFlags(keyword: string, rest: string): { flags: Record<string, string>; args: string } {
  const flags: Record<string, string> = {};
  let args = rest;
  if (FLAGGED.has(keyword)) {
    for (let match = /^--([A-Za-z-]+)(?:=(\S*))?(?:\s+|$)/.exec(args); match; match = /^--([A-Za-z-]+)(?:=(\S*))?(?:\s+|$)/.exec(args)) {
      flags[match[1]!.toLowerCase()] = match[2] ?? 'true';
      args = args.slice(match[0].length);
    }
  }
  return { flags, args: args.trim() };
}

/** Splits a Dockerfile into instructions (comments dropped, continuations joined). */
export function parseDockerfile(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  // Parser directives: only at the very top, before any other line.
  for (const line of lines) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1]!.toLowerCase() === 'escape') escape = directive[2]!;
  }
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : escape}\\s*$`);
  const instructions: Instruction[] = [];
  let current: { text: string; line: number } | null = null;
  lines.forEach((line, index) => {
    const blankOrComment = /^\s*(#.*)?$/.test(line);
    if (blankOrComment) return; // between instructions, and inside continuations too
    current ??= { text: '', line: index + 1 };
    const cont = continuation.exec(line);
    if (cont) {
      current.text += line.slice(0, cont.index);
      return;
    }
    current.text += line;
    const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(current.text);
    if (match) {
      const keyword = match[1]!.toUpperCase();
      const { flags, args } = splitFlags(keyword, match[2]!.trim());
      instructions.push({ keyword, flags, args, json: parseJsonArray(args), line: current.line });
    }
    current = null;
  });
  if (current !== null) throw new Error(`Dockerfile ends inside a line continuation (from line ${(current as { line: number }).line})`);
  return instructions;
}

/** Shell-like words: whitespace-separated, quotes and backslashes removed. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote) {
      if (char === quote) quote = null;
      else if (char === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}`. */
export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, op?: string, word?: string, bare?: string) => {
    if (whole === '\\$') return '$';
    const value = vars[(braced ?? bare)!];
    if (op === '-') return value === undefined || value === '' ? (word ?? '') : value;
    if (op === '+') return value === undefined || value === '' ? '' : (word ?? '');
    return value ?? '';
  });
}

/** `ENV A=1 B="two words"` or the legacy `ENV A value`. */
export function parseKeyValues(args: string, vars: Record<string, string>): Record<string, string> {
  const words = splitWords(args);
  const result: Record<string, string> = {};
  if (words.length > 0 && !words[0]!.includes('=')) {
    const [key, ...rest] = args.trim().split(/\s+/);
    result[key!] = substitute(splitWords(rest.join(' ')).join(' '), vars);
    return result;
  }
  // Substitute per raw word, so quoted values keep their spaces.
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) continue;
    result[word.slice(0, eq)] = substitute(word.slice(eq + 1), { ...vars, ...result });
  }
  return result;
}

export interface Stage {
  index: number;
  /** The `AS name`, lower-cased, or null. */
  name: string | null;
  /** The image or stage named by FROM, ARGs substituted. */
  from: string;
  /** The stage this one is FROM, when it builds on an earlier stage. */
  parent: Stage | null;
  instructions: Instruction[];
}

export interface DockerfileModel {
  instructions: Instruction[];
  stages: Stage[];
  stage(ref: string): Stage | null;
}

export function buildDockerfileModel(text: string): DockerfileModel {
  const instructions = parseDockerfile(text);
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  const stage = (ref: string): Stage | null =>
    stages.find((s) => s.name === ref.toLowerCase()) ?? (/^\d+$/.test(ref) ? (stages[Number(ref)] ?? null) : null);
  for (const instruction of instructions) {
    const last = stages[stages.length - 1];
    if (instruction.keyword === 'FROM') {
      const words = splitWords(instruction.args);
      const from = substitute(words[0] ?? '', globalArgs);
      const name = words[1]?.toUpperCase() === 'AS' && words[2] ? words[2].toLowerCase() : null;
      stages.push({ index: stages.length, name, from, parent: stage(from), instructions: [] });
    } else if (last) {
      last.instructions.push(instruction);
    } else if (instruction.keyword === 'ARG') {
      const [key, value] = splitWords(instruction.args)[0]?.split(/=(.*)/s) ?? [];
      if (key) globalArgs[key] = value ?? '';
    } else {
      throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    }
  }
  return { instructions, stages, stage };
}

/** The image a stage finally rests on, following FROM <earlier stage>. */
export function rootImage(stage: Stage): string {
  return stage.parent ? rootImage(stage.parent) : stage.from;
}

// ---------------------------------------------------------------- .dockerignore

interface IgnorePattern {
  regex: RegExp;
  exclusion: boolean;
  source: string;
}

/** Docker's pattern syntax: `*`, `?`, `[…]`, `**` for any number of directories. */
export function globToRegExp(pattern: string): RegExp {
  let out = '^';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        i += 1;
        if (pattern[i + 1] === '/') {
          i += 1;
          out += '(.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        out += '\\[';
      } else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (char === '\\' && i + 1 < pattern.length) {
      i += 1;
      out += pattern[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      out += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`${out}$`);
}

export class DockerIgnore {
  private readonly patterns: IgnorePattern[];

  constructor(text: string) {
    this.patterns = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .flatMap((line) => {
        const exclusion = line.startsWith('!');
        const pattern = normalizeRel((exclusion ? line.slice(1) : line).trim());
        return pattern === '' ? [] : [{ regex: globToRegExp(pattern), exclusion, source: line }];
      });
  }

  /**
   * Whether a context path is left out of the build context. Like Docker, a
   * pattern that matches a parent directory matches everything under it, and
   * the last matching pattern wins (so `!pattern` re-includes).
   */
  isExcluded(relPath: string): boolean {
    const rel = normalizeRel(relPath);
    if (rel === '') return false;
    const parts = rel.split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const pattern of this.patterns) {
      if (candidates.some((candidate) => pattern.regex.test(candidate))) excluded = !pattern.exclusion;
    }
    return excluded;
  }
}

// ---------------------------------------------------------------- build output

export interface BuildConfig {
  /** The npm script that builds (`npm run build`). */
  script: string;
  tsconfig: string;
  /** Relative to the repository root. */
  outDir: string;
  rootDir: string;
  include: RegExp[];
}

function readJsonc(text: string): Record<string, unknown> {
  const withoutComments = text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str?: string) => str ?? '');
  return JSON.parse(withoutComments.replace(/,(\s*[}\]])/g, '$1')) as Record<string, unknown>;
}

/**
 * Where `npm run build` writes: package.json's build script names the tsconfig
 * (`tsc -p FILE`), whose outDir/rootDir/include (following `extends`) decide.
 */
export function readBuildConfig(repo: RepoView, script = 'build'): BuildConfig {
  const pkgText = repo.read('package.json');
  if (pkgText === null) throw new Error('package.json is missing');
  const pkg = JSON.parse(pkgText) as { scripts?: Record<string, string> };
  const command = pkg.scripts?.[script];
  if (!command) throw new Error(`package.json has no "${script}" script`);
  const words = splitWords(command);
  if (!words.includes('tsc')) throw new Error(`the "${script}" script does not run tsc: ${command}`);
  const projectFlag = words.findIndex((word) => word === '-p' || word === '--project');
  const tsconfig = normalizeRel(projectFlag >= 0 ? (words[projectFlag + 1] ?? '') : 'tsconfig.json');
  const options: { outDir?: string; rootDir?: string; include?: string[] } = {};
  const seen = new Set<string>();
  for (let file: string | null = tsconfig; file !== null; ) {
    if (seen.has(file)) throw new Error(`${file}: circular extends`);
    seen.add(file);
    const text = repo.read(file);
    if (text === null) throw new Error(`${file} is missing`);
    const config = readJsonc(text) as { extends?: string; include?: string[]; compilerOptions?: Record<string, unknown> };
    const dir = path.posix.dirname(file);
    const compilerOptions = config.compilerOptions ?? {};
    for (const key of ['outDir', 'rootDir'] as const) {
      const value = compilerOptions[key];
      if (options[key] === undefined && typeof value === 'string') options[key] = normalizeRel(path.posix.join(dir, value));
    }
    if (options.include === undefined && Array.isArray(config.include)) options.include = config.include.map((p) => normalizeRel(path.posix.join(dir, p)));
    file = typeof config.extends === 'string' && config.extends.startsWith('.') ? normalizeRel(path.posix.join(dir, config.extends)) : null;
  }
  if (options.outDir === undefined) throw new Error(`${tsconfig}: no compilerOptions.outDir, so the build writes next to the sources`);
  const include = (options.include ?? ['**/*']).map((pattern) => globToRegExp(pattern));
  return { script, tsconfig, outDir: options.outDir, rootDir: options.rootDir ?? '', include };
}

/** The TypeScript source a compiled file comes from: dist/server/x.js -> server/x.ts. */
export function sourceOfOutput(build: BuildConfig, output: string): string | null {
  const rel = normalizeRel(output);
  if (!isUnder(rel, build.outDir) || rel === build.outDir) return null;
  const inside = build.outDir === '' ? rel : rel.slice(build.outDir.length + 1);
  const match = /^(.*)\.(js|mjs|cjs|d\.ts)(\.map)?$/.exec(inside);
  if (!match) return null;
  const ext = { js: 'ts', mjs: 'mts', cjs: 'cts', 'd.ts': 'ts' }[match[2] as 'js' | 'mjs' | 'cjs' | 'd.ts'];
  return normalizeRel(path.posix.join(build.rootDir, `${match[1]}.${ext}`));
}

// ---------------------------------------------------------------- image contents

/** Splits a shell script at unquoted `&&`, `||`, `;` and newlines. */
export function splitShell(script: string): string[] {
  const parts: string[] = [];
  let part = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < script.length; i += 1) {
    const char = script[i]!;
    const pair = script.slice(i, i + 2);
    if (quote) {
      if (char === '\\' && quote === '"') {
        part += script.slice(i, i + 2);
        i += 1;
        continue;
      }
      if (char === quote) quote = null;
      part += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      part += char;
    } else if (char === '\\') {
      part += script.slice(i, i + 2);
      i += 1;
    } else if (pair === '&&' || pair === '||' || char === ';' || char === '\n') {
      parts.push(part);
      part = '';
      if (pair === '&&' || pair === '||') i += 1;
    } else {
      part += char;
    }
  }
  parts.push(part);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The simple commands of a RUN line, as words: `a && b; c` -> [[a…], [b…], [c…]]. */
export function runCommands(instruction: Instruction): string[][] {
  if (instruction.json) return [instruction.json];
  return splitShell(instruction.args).map((part) => splitWords(part));
}

export function isNpmInstall(words: string[]): boolean {
  return words[0] === 'npm' && ['ci', 'install', 'i', 'clean-install'].includes(words[1] ?? '');
}

export function omitsDev(words: string[]): boolean {
  return words.includes('--omit=dev') || words.includes('--production') || words.some((w, i) => w === '--omit' && words[i + 1] === 'dev');
}

function isNpmBuild(words: string[], script: string): boolean {
  return words[0] === 'npm' && (words[1] === 'run' || words[1] === 'run-script') && words[2] === script;
}

const ROOT_USERS = new Set(['', 'root', '0']);

export function isRootUser(user: string | null): boolean {
  return user === null || ROOT_USERS.has(user.split(':')[0]!.trim());
}

/**
 * Answers what a stage contains, from the Dockerfile, the repository and
 * .dockerignore. Paths that an external base image brings are unknown (null).
 */
export class ImageModel {
  constructor(
    readonly dockerfile: DockerfileModel,
    readonly repo: RepoView,
    readonly ignore: DockerIgnore,
    readonly build: BuildConfig,
  ) {}

  /** Working directory, environment and user in force before instruction `before`. */
  stateAt(stage: Stage, before = stage.instructions.length): { workdir: string; env: Record<string, string>; user: string | null } {
    const base = stage.parent ? this.stateAt(stage.parent) : { workdir: '/', env: {}, user: null };
    let { workdir, user } = base;
    const env = { ...base.env };
    for (const instruction of stage.instructions.slice(0, before)) {
      if (instruction.keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, substitute(instruction.args, env));
      if (instruction.keyword === 'ENV') Object.assign(env, parseKeyValues(instruction.args, env));
      if (instruction.keyword === 'USER') user = substitute(instruction.args, env).trim();
    }
    return { workdir, env, user };
  }

  /** A context path as the builder sees it: present and not excluded by .dockerignore. */
  contextKind(relPath: string): Kind | null {
    const rel = normalizeRel(relPath);
    if (rel.startsWith('..')) return null;
    if (this.ignore.isExcluded(rel)) return null;
    return this.repo.kind(rel);
  }

  /** Resolves a COPY/ADD source of `instruction`: the context, or another stage. */
  sourceKind(stage: Stage, instruction: Instruction, source: string): Kind | null {
    const from = instruction.flags.from;
    if (from === undefined) return this.contextKind(source);
    const other = this.dockerfile.stage(from);
    if (!other || other.index >= stage.index) return null;
    return this.lookup(other, path.posix.resolve('/', source));
  }

  /** What `absPath` is in `stage` just before instruction `before` (default: at its end). */
  lookup(stage: Stage, absPath: string, before = stage.instructions.length): Kind | null {
    const target = path.posix.resolve('/', absPath);
    for (let i = before - 1; i >= 0; i -= 1) {
      const found = this.lookupIn(stage, i, target);
      if (found) return found;
    }
    return stage.parent ? this.lookup(stage.parent, target) : null;
  }

  private lookupIn(stage: Stage, index: number, target: string): Kind | null {
    const instruction = stage.instructions[index]!;
    const { workdir, env } = this.stateAt(stage, index);
    const under = (dir: string) => target === dir || target.startsWith(dir === '/' ? '/' : `${dir}/`);
    switch (instruction.keyword) {
      case 'WORKDIR': {
        const dir = path.posix.resolve(workdir, substitute(instruction.args, env));
        return target === dir || dir.startsWith(`${target}/`) ? 'dir' : null;
      }
      case 'COPY':
      case 'ADD': {
        const words = (instruction.json ?? splitWords(instruction.args)).map((word) => substitute(word, env));
        const dest = words[words.length - 1];
        const sources = words.slice(0, -1);
        if (dest === undefined || sources.length === 0) return null;
        const destAbs = path.posix.resolve(workdir, dest);
        for (const source of sources) {
          const kind = this.sourceKind(stage, instruction, source);
          if (kind === 'dir') {
            // A directory's contents land in dest.
            if (target === destAbs || destAbs.startsWith(`${target}/`)) return 'dir';
            if (under(destAbs)) {
              const inner = target.slice(destAbs.length + 1);
              const found = this.sourceKind(stage, instruction, path.posix.join(source, inner));
              if (found) return found;
            }
          } else if (kind === 'file') {
            const fileAbs = dest.endsWith('/') || sources.length > 1 ? path.posix.join(destAbs, path.posix.basename(source)) : destAbs;
            if (target === fileAbs) return 'file';
            if (fileAbs.startsWith(`${target}/`)) return 'dir';
          }
        }
        return null;
      }
      case 'RUN': {
        for (const words of runCommands(instruction).reverse()) {
          if (isNpmInstall(words) && under(path.posix.join(workdir, 'node_modules'))) return 'dir';
          if (isNpmBuild(words, this.build.script)) {
            const outAbs = path.posix.join(workdir, this.build.outDir);
            if (under(outAbs) || outAbs.startsWith(`${target}/`)) {
              if (!under(outAbs)) return 'dir';
              const rel = path.posix.relative(workdir, target);
              const source = sourceOfOutput(this.build, rel);
              if (source !== null) {
                const included = this.build.include.some((pattern) => pattern.test(source));
                if (included && this.lookup(stage, path.posix.join(workdir, source), index) === 'file') return 'file';
              } else {
                // A directory of the output mirrors a source directory.
                const sourceDir = path.posix.join(workdir, this.build.rootDir, path.posix.relative(path.posix.join(workdir, this.build.outDir), target));
                if (this.lookup(stage, sourceDir, index) === 'dir') return 'dir';
              }
            }
          }
          if (words[0] === 'mkdir') {
            for (const dir of words.slice(1).filter((word) => !word.startsWith('-'))) {
              const dirAbs = path.posix.resolve(workdir, dir);
              if (target === dirAbs || dirAbs.startsWith(`${target}/`)) return 'dir';
            }
          }
        }
        return null;
      }
      default:
        return null;
    }
  }
}

// ---------------------------------------------------------------- loading

export interface ImageSubject {
  dockerfile: string;
  dockerignore: string;
  repo: RepoView;
}

export function loadSubject(root: string, overlay: Record<string, string | null> = {}): ImageSubject {
  const repo = repoView(root, overlay);
  const dockerfile = repo.read('Dockerfile');
  if (dockerfile === null) throw new Error(`no Dockerfile in ${root}`);
  return { dockerfile, dockerignore: repo.read('.dockerignore') ?? '', repo };
}

export function imageModel(subject: ImageSubject): ImageModel {
  return new ImageModel(buildDockerfileModel(subject.dockerfile), subject.repo, new DockerIgnore(subject.dockerignore), readBuildConfig(subject.repo));
}
