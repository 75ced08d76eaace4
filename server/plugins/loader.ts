/**
 * Finds and loads the enabled plugins: bundled ones under plugins/ and
 * external ones in plugins.dir (WARBLE_PLUGINS_DIR, several folders
 * separated by ':'). A plugin folder is named after its id and holds
 * plugin.json and an entry module. Every problem stops start-up with a
 * ConfigError that names the plugin.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config/config-error.js';
import { envNameFor } from '../config/env-names.js';
import { projectRoot } from '../paths.js';
import { applyEnvironmentTwins } from './settings-env.js';
import type { PluginDefinition } from './api.js';
import { apiIncompatibility, manifestSchema, settingsValidator, type PluginManifest } from './manifest.js';

export interface LoadedPlugin {
  manifest: PluginManifest;
  settings: Record<string, unknown>;
  definition: PluginDefinition;
  folder: string;
  bundled: boolean;
}

/** Keys of plugins.* that are Warble's own, so no plugin may use them as its id. */
export const RESERVED_PLUGIN_KEYS = new Set(['enabled', 'dir', 'filterTimeoutMs', 'actionTimeoutMs']);

const runningFromBuild = import.meta.url.endsWith('.js');

interface Candidate {
  folder: string;
  bundled: boolean;
}

function pluginFolders(dirs: string[]): Map<string, Candidate[]> {
  const found = new Map<string, Candidate[]>();
  const scan = (root: string, bundled: boolean) => {
    if (!existsSync(root)) return;
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      const folder = path.join(root, entry.name);
      if (!entry.isDirectory() || !existsSync(path.join(folder, 'plugin.json'))) continue;
      found.set(entry.name, [...(found.get(entry.name) ?? []), { folder, bundled }]);
    }
  };
  scan(path.join(projectRoot, 'plugins'), true);
  for (const dir of dirs) scan(path.resolve(dir), false);
  return found;
}

/** Bundled plugins run as .ts from sources and from dist/plugins/ as .js after the build. */
function entryCandidates(candidate: Candidate, entry: string): string[] {
  if (candidate.bundled) {
    const id = path.basename(candidate.folder);
    const built = path.join(projectRoot, 'dist', 'plugins', id, `${entry}.js`);
    const source = path.join(candidate.folder, `${entry}.ts`);
    return runningFromBuild ? [built, path.join(candidate.folder, `${entry}.js`)] : [source, path.join(candidate.folder, `${entry}.js`)];
  }
  return ['.js', '.mjs', '.ts'].map((extension) => path.join(candidate.folder, `${entry}${extension}`));
}

function fail(id: string, message: string): never {
  throw new ConfigError(`plugin ${id}: ${message}`);
}

function readManifest(id: string, folder: string): PluginManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(folder, 'plugin.json'), 'utf8'));
  } catch (error) {
    fail(id, `cannot read ${path.join(folder, 'plugin.json')}: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    fail(id, `invalid manifest (${path.join(folder, 'plugin.json')}): ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ')}`);
  }
  if (parsed.data.id !== id) fail(id, `the manifest's id "${parsed.data.id}" must equal its folder name`);
  return parsed.data;
}

function validSettings(manifest: PluginManifest, raw: unknown): Record<string, unknown> {
  let validator;
  try {
    validator = settingsValidator(manifest.config);
  } catch (error) {
    fail(manifest.id, `invalid manifest config schema: ${(error as Error).message}`);
  }
  const result = validator.safeParse(applyEnvironmentTwins(manifest.id, manifest.config, raw ?? {}));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = ['plugins', manifest.id, ...issue.path.map(String)];
      // Top-level settings have twins (an item of a list is set through its list's variable).
      const twin = key.length >= 3 ? ` (${envNameFor(key.slice(0, 3))})` : '';
      return `${key.join('.')}${twin}: ${issue.message}`;
    });
    fail(manifest.id, `invalid settings: ${problems.join('; ')}`);
  }
  return result.data;
}

async function importEntry(manifest: PluginManifest, candidate: Candidate): Promise<PluginDefinition> {
  const entry = manifest.entry ?? 'index';
  const file = entryCandidates(candidate, entry).find((candidateFile) => existsSync(candidateFile));
  if (!file) fail(manifest.id, `entry module "${entry}" not found in ${candidate.folder}${candidate.bundled && runningFromBuild ? ' or dist/plugins (run npm run build)' : ''}`);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    fail(manifest.id, `cannot load ${file}: ${(error as Error).message}`);
  }
  const definition = module.default as Partial<PluginDefinition> | undefined;
  if (!definition || typeof definition.setup !== 'function') fail(manifest.id, `${file} must export default definePlugin({ setup(context) { … } })`);
  return definition as PluginDefinition;
}

/** Loads every enabled plugin, in the order given by plugins.enabled. */
export async function loadPlugins(options: { enabled: string[]; dirs: string[]; settings: Record<string, unknown> }): Promise<LoadedPlugin[]> {
  const folders = pluginFolders(options.dirs);
  const loaded: LoadedPlugin[] = [];
  for (const id of new Set(options.enabled)) {
    if (RESERVED_PLUGIN_KEYS.has(id)) fail(id, `"${id}" is reserved under plugins.*`);
    const candidates = folders.get(id) ?? [];
    if (candidates.length === 0) fail(id, `enabled in plugins.enabled but no folder plugins/${id} or ${id} in plugins.dir (WARBLE_PLUGINS_DIR) has a plugin.json`);
    if (candidates.length > 1) fail(id, `found in several folders: ${candidates.map((candidate) => candidate.folder).join(', ')}`);
    const candidate = candidates[0]!;
    const manifest = readManifest(id, candidate.folder);
    const incompatible = apiIncompatibility(manifest.apiVersion);
    if (incompatible) fail(id, `incompatible plugin API: ${incompatible}`);
    const settings = validSettings(manifest, options.settings[id]);
    const definition = await importEntry(manifest, candidate);
    loaded.push({ manifest, settings, definition, folder: candidate.folder, bundled: candidate.bundled });
  }
  for (const key of Object.keys(options.settings)) {
    if (!RESERVED_PLUGIN_KEYS.has(key) && !options.enabled.includes(key) && !folders.has(key)) {
      throw new ConfigError(`plugins.${key}: no plugin with id "${key}" is installed`);
    }
  }
  return loaded;
}
