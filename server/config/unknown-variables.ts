/**
 * Finds `WARBLE_*` variables that configure nothing, such as the typo
 * `WARBLE_SMTP_SECURE` for `WARBLE_SMTP_SECURITY`, which would otherwise be
 * ignored without a word. Start-up and `warble config check` warn about
 * them, naming the closest known variable. Not an error: a variable left
 * behind from an older release must not stop a node from starting.
 */
import { closest } from 'fastest-levenshtein';
import { listConfigKeys } from './env-names.js';
import { pluginEnvironment } from './plugin-env.js';
import { configSchema, type WarbleConfig } from './schema.js';

/** Variables that start with WARBLE_ but are not configuration keys. */
const NOT_CONFIGURATION = ['WARBLE_CONFIG'];
/** The test harness's own variables (test/helpers), never read by a running Warble. */
const TEST_HARNESS_PREFIX = 'WARBLE_TEST_';

export interface UnknownVariable {
  name: string;
  /** The known variable nearest in spelling. */
  closest: string;
}

export function unknownWarbleVariables(env: NodeJS.ProcessEnv, config: WarbleConfig): UnknownVariable[] {
  const known = [...listConfigKeys(configSchema).map((key) => key.envName), ...NOT_CONFIGURATION];
  const knownSet = new Set(known);
  // An enabled plugin's settings are checked against its manifest when it loads (server/plugins/settings-env.ts).
  const pluginOwned = new Set([...pluginEnvironment(config.plugins.enabled, env, knownSet).values()].flatMap((twins) => Object.keys(twins)));
  return Object.keys(env)
    .filter((name) => name.startsWith('WARBLE_') && !knownSet.has(name) && !name.startsWith(TEST_HARNESS_PREFIX) && !pluginOwned.has(name))
    .sort()
    .map((name) => ({ name, closest: closest(name, known) }));
}

/** One line per unknown variable, as printed by `warble config check` and logged at start-up. */
export function describeUnknownVariable(variable: UnknownVariable): string {
  return `${variable.name} is not a Warble setting and is ignored; did you mean ${variable.closest}?`;
}
