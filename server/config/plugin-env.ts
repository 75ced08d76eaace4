/**
 * Environment twins of plugin settings: `plugins.ticket-links.url` <->
 * `WARBLE_PLUGINS_TICKET_LINKS_URL`. Configuration loading cannot know a
 * plugin's setting names (they are in its manifest, read later), so it
 * hands over every variable under an enabled plugin's prefix, keyed by its
 * full name; the plugin loader matches them against the manifest, converts
 * them to the declared types and refuses the ones it does not know.
 */
import { envNameFor } from './env-names.js';

/** `WARBLE_PLUGINS_TICKET_LINKS_`: the start of every setting variable of that plugin. */
export function pluginEnvPrefix(pluginId: string): string {
  return `${envNameFor(['plugins', pluginId])}_`;
}

/**
 * The variables addressed to each enabled plugin, by plugin id. A variable
 * matching several prefixes (plugins `a` and `a-b`) belongs to the longest,
 * and Warble's own keys (`WARBLE_PLUGINS_DIR`, …) are never a plugin's.
 */
export function pluginEnvironment(enabled: readonly string[], env: NodeJS.ProcessEnv, ownNames: ReadonlySet<string>): Map<string, Record<string, string>> {
  const prefixes = [...new Set(enabled)].map((id) => ({ id, prefix: pluginEnvPrefix(id) })).sort((a, b) => b.prefix.length - a.prefix.length);
  const byPlugin = new Map<string, Record<string, string>>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '' || ownNames.has(name)) continue;
    const owner = prefixes.find(({ prefix }) => name.startsWith(prefix));
    if (!owner) continue;
    byPlugin.set(owner.id, { ...byPlugin.get(owner.id), [name]: value });
  }
  return byPlugin;
}
