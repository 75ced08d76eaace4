/**
 * Loads configuration from, later wins: the schema's defaults, a YAML file
 * (WARBLE_CONFIG, else config/warble.yaml when present), environment twins.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError } from './config-error.js';
import { envNameFor, listConfigKeys } from './env-names.js';
import { pluginEnvironment } from './plugin-env.js';
import { configSchema, type WarbleConfig } from './schema.js';

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Directory against which config/warble.yaml is looked up. */
  cwd?: string;
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readYamlFile(file: string): PlainObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`WARBLE_CONFIG: cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new ConfigError(`${file}: invalid YAML${where}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new ConfigError(`${file}: expected a mapping of keys at the top level`);
  return parsed;
}

function setAtPath(target: PlainObject, keyPath: readonly string[], value: unknown): void {
  let node = target;
  keyPath.slice(0, -1).forEach((segment) => {
    if (!isPlainObject(node[segment])) node[segment] = {};
    node = node[segment] as PlainObject;
  });
  const last = keyPath[keyPath.length - 1];
  if (last !== undefined) node[last] = value;
}

/** The YAML file to read, or undefined when none applies. */
export function configFilePath(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (env.WARBLE_CONFIG) return path.resolve(cwd, env.WARBLE_CONFIG);
  const fallback = path.resolve(cwd, 'config/warble.yaml');
  return existsSync(fallback) ? fallback : undefined;
}

function describeIssue(issuePath: PropertyKey[], message: string): string {
  const keyPath = issuePath.map(String);
  if (keyPath.length === 0) return message;
  return `${keyPath.join('.')} (${envNameFor(keyPath)}): ${message}`;
}

/** Reads, merges and validates the configuration; throws ConfigError naming the key. */
export function loadConfig(options: LoadConfigOptions = {}): WarbleConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = configFilePath(env, cwd);
  const merged: PlainObject = file ? readYamlFile(file) : {};
  const keys = listConfigKeys(configSchema);
  for (const key of keys) {
    const value = env[key.envName];
    if (value !== undefined && value !== '') setAtPath(merged, key.path, value);
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => describeIssue(issue.path, issue.message));
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`, problems);
  }
  const config = result.data;
  // Plugin settings' twins ride along under their full names; the plugin loader resolves them (see plugin-env.ts).
  const ownNames = new Set(keys.map((key) => key.envName));
  // `plugins.enabled` and its siblings are Warble's own; the plugin loader refuses them as plugin ids.
  const ownPluginKeys = new Set(keys.filter((key) => key.path[0] === 'plugins').map((key) => key.path[1]));
  const pluginIds = config.plugins.enabled.filter((id) => !ownPluginKeys.has(id));
  for (const [pluginId, twins] of pluginEnvironment(pluginIds, env, ownNames)) {
    const fromFile = config.plugins[pluginId];
    config.plugins[pluginId] = { ...(isPlainObject(fromFile) ? fromFile : {}), ...twins };
  }
  return config;
}
