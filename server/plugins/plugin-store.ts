/** Each plugin's key-value store (table plugin_kv): JSON values, one row per key, shared by every node. */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { PluginStore } from './api.js';

const MAX_KEY = 255;

export function createPluginStore(sequelize: Sequelize, pluginId: string): PluginStore {
  const checked = (key: string) => {
    if (key.length === 0 || key.length > MAX_KEY) throw new Error(`store keys are 1 to ${MAX_KEY} characters`);
    return key;
  };
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const rows = await sequelize.query<{ value: string }>('SELECT value FROM plugin_kv WHERE plugin_id = :pluginId AND key = :key', {
        replacements: { pluginId, key: checked(key) },
        type: QueryTypes.SELECT,
      });
      const row = rows[0];
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set(key, value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new Error('store values must be JSON');
      await sequelize.query(
        `INSERT INTO plugin_kv (plugin_id, key, value, updated_at) VALUES (:pluginId, :key, :value, :now)
         ON CONFLICT (plugin_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        { replacements: { pluginId, key: checked(key), value: json, now: new Date() } },
      );
    },
    async delete(key) {
      await sequelize.query('DELETE FROM plugin_kv WHERE plugin_id = :pluginId AND key = :key', { replacements: { pluginId, key: checked(key) } });
    },
    async keys(prefix = '') {
      const rows = await sequelize.query<{ key: string }>('SELECT key FROM plugin_kv WHERE plugin_id = :pluginId ORDER BY key', {
        replacements: { pluginId },
        type: QueryTypes.SELECT,
      });
      return rows.map((row) => row.key).filter((key) => key.startsWith(prefix));
    },
  };
}
