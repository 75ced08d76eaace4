/**
 * Turns a plugin's environment twins (handed over by configuration loading
 * under their full names, see config/plugin-env.ts) into settings, typed by
 * the manifest: `WARBLE_PLUGINS_TICKET_LINKS_PROJECTS=OPS,DEV` becomes
 * `projects: ['OPS', 'DEV']`. A twin wins over the file, as everywhere in
 * Warble's configuration. Only top-level settings have twins; an object
 * setting is set in the file.
 */
import { closest } from 'fastest-levenshtein';
import { ConfigError } from '../config/config-error.js';
import { envNameFor } from '../config/env-names.js';
import { booleanFromEnv, listFromEnv, numberFromEnv } from '../config/env-values.js';
import { pluginEnvPrefix } from '../config/plugin-env.js';
import type { SettingsSchema } from './manifest.js';

function fromEnv(value: string, schema: SettingsSchema): unknown {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return numberFromEnv(value);
    case 'boolean':
      return booleanFromEnv(value);
    case 'array':
      return listFromEnv(value).map((item) => (schema.items ? fromEnv(item, schema.items) : item));
    default:
      return value;
  }
}

/** The settings with every twin applied; throws ConfigError naming a twin the manifest does not declare. */
export function applyEnvironmentTwins(pluginId: string, schema: SettingsSchema | undefined, raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const prefix = pluginEnvPrefix(pluginId);
  const settings: Record<string, unknown> = {};
  const twins = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(prefix) && typeof value === 'string') twins.set(key, value);
    else settings[key] = value;
  }
  const declared = new Map(Object.entries(schema?.properties ?? {}).map(([key, property]) => [envNameFor(['plugins', pluginId, key]), { key, property }]));
  for (const [name, value] of twins) {
    const setting = declared.get(name);
    if (!setting) {
      const known = [...declared.keys()];
      const hint = known.length > 0 ? ` (did you mean ${closest(name, known)}?)` : '';
      throw new ConfigError(`plugin ${pluginId}: ${name} is not a setting of this plugin${hint}`);
    }
    if (setting.property.type === 'object') {
      throw new ConfigError(`plugin ${pluginId}: ${name}: plugins.${pluginId}.${setting.key} is an object; set it in the configuration file`);
    }
    settings[setting.key] = fromEnv(value, setting.property);
  }
  return settings;
}
