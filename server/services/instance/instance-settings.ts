/**
 * Instance settings changed on /admin/settings, stored in `instance_settings`
 * (migration 0010) and layered over the configuration file: a key with no
 * row keeps the configured value (instance.name, instance.defaultLanguage,
 * posts.maxLength). Reads are synchronous from a cache; `refreshIfStale()`
 * (called per request) picks up changes made on another node within
 * REFRESH_MS.
 *
 * Sign-up policy: 'admin-only' (default, today's behaviour: only
 * administrators add local accounts) or 'directory' (accounts come from the
 * directory only: the admin "add local account" form is refused). Nobody
 * signs themselves up under either policy.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { supportedLanguages, type Language, type WarbleConfig } from '../../config/schema.js';
import { DomainError } from '../../domain/errors.js';

export const signUpPolicies = ['admin-only', 'directory'] as const;
export type SignUpPolicy = (typeof signUpPolicies)[number];

export interface InstanceSettingsValues {
  name: string;
  maxLength: number;
  defaultLanguage: Language;
  signUpPolicy: SignUpPolicy;
  /** Whether a logo was uploaded (served at LOGO_PATH). */
  hasLogo: boolean;
  /** Changes with every logo upload, for cache-busting URLs. */
  logoVersion: string;
}

export interface InstanceLogo {
  contentType: 'image/png' | 'image/jpeg';
  data: Buffer;
}

export const LOGO_PATH = '/instance/logo';
export const LOGO_MAX_BYTES = 256 * 1024;
const REFRESH_MS = 15_000;
type Key = 'name' | 'maxLength' | 'defaultLanguage' | 'signUpPolicy' | 'logo';

export interface SettingsChange {
  name?: string;
  maxLength?: string | number;
  defaultLanguage?: string;
  signUpPolicy?: string;
}

export class InstanceSettings {
  private values: InstanceSettingsValues;
  private logo: InstanceLogo | null = null;
  private loadedAt = 0;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly config: WarbleConfig,
  ) {
    this.values = this.defaults();
  }

  private defaults(): InstanceSettingsValues {
    return {
      name: this.config.instance.name,
      maxLength: this.config.posts.maxLength,
      defaultLanguage: this.config.instance.defaultLanguage,
      signUpPolicy: 'admin-only',
      hasLogo: false,
      logoVersion: '0',
    };
  }

  current(): InstanceSettingsValues {
    return this.values;
  }

  currentLogo(): InstanceLogo | null {
    return this.logo;
  }

  async load(): Promise<void> {
    const rows = await this.sequelize.query<{ key: string; value: string; updated_at: string | Date }>(
      'SELECT key, value, updated_at FROM instance_settings',
      { type: QueryTypes.SELECT },
    );
    const values = this.defaults();
    let logo: InstanceLogo | null = null;
    for (const row of rows) {
      if (row.key === 'name' && row.value.trim() !== '') values.name = row.value;
      if (row.key === 'maxLength') {
        const n = Number(row.value);
        if (Number.isInteger(n) && n > 0) values.maxLength = n;
      }
      if (row.key === 'defaultLanguage' && (supportedLanguages as readonly string[]).includes(row.value)) values.defaultLanguage = row.value as Language;
      if (row.key === 'signUpPolicy' && (signUpPolicies as readonly string[]).includes(row.value)) values.signUpPolicy = row.value as SignUpPolicy;
      if (row.key === 'logo') {
        try {
          const parsed = JSON.parse(row.value) as { contentType: InstanceLogo['contentType']; data: string };
          logo = { contentType: parsed.contentType, data: Buffer.from(parsed.data, 'base64') };
          values.hasLogo = true;
          values.logoVersion = String(new Date(row.updated_at).getTime());
        } catch {
          logo = null;
        }
      }
    }
    this.values = values;
    this.logo = logo;
    this.loadedAt = Date.now();
  }

  async refreshIfStale(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return;
    this.loadedAt = Date.now(); // one refresh at a time
    await this.load();
  }

  /** Checks every field first (errors carry the field name), then stores; returns what changed. */
  async update(change: SettingsChange, by: string | null): Promise<Record<string, { from: unknown; to: unknown }>> {
    const next: Partial<Record<Key, string>> = {};
    if (change.name !== undefined) {
      const name = change.name.trim();
      if (name.length < 1 || name.length > 100) throw new DomainError('E_VALIDATION', 'Give a name of 1 to 100 characters', 422, 'name');
      next.name = name;
    }
    if (change.maxLength !== undefined) {
      const text = String(change.maxLength).trim();
      const n = Number(text);
      if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < 1 || n > 100000) {
        throw new DomainError('E_VALIDATION', 'Give a whole number from 1 to 100000', 422, 'maxLength');
      }
      next.maxLength = String(n);
    }
    if (change.defaultLanguage !== undefined) {
      if (!(supportedLanguages as readonly string[]).includes(change.defaultLanguage)) {
        throw new DomainError('E_VALIDATION', 'Choose a supported language', 422, 'defaultLanguage');
      }
      next.defaultLanguage = change.defaultLanguage;
    }
    if (change.signUpPolicy !== undefined) {
      if (!(signUpPolicies as readonly string[]).includes(change.signUpPolicy)) {
        throw new DomainError('E_VALIDATION', 'Choose a sign-up policy', 422, 'signUpPolicy');
      }
      next.signUpPolicy = change.signUpPolicy;
    }
    const before = this.values;
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(next) as Array<[Exclude<Key, 'logo'>, string]>) {
      const previous = String(before[key]);
      if (previous !== value) changed[key] = { from: before[key], to: key === 'maxLength' ? Number(value) : value };
    }
    if (Object.keys(changed).length > 0) {
      await this.sequelize.transaction(async (transaction) => {
        for (const key of Object.keys(changed)) await this.put(key as Key, next[key as Key] ?? '', by, transaction);
      });
      await this.load();
    }
    return changed;
  }

  /** Stores a PNG or JPEG of at most LOGO_MAX_BYTES (checked by its magic bytes, not its name). */
  async setLogo(data: Buffer, by: string | null): Promise<InstanceLogo['contentType']> {
    if (data.length === 0 || data.length > LOGO_MAX_BYTES) throw new DomainError('E_VALIDATION', 'The logo must be at most 256 KB', 422, 'logo');
    const contentType = sniffImage(data);
    if (!contentType) throw new DomainError('E_VALIDATION', 'The logo must be a PNG or JPEG image', 422, 'logo');
    await this.sequelize.transaction((transaction) =>
      this.put('logo', JSON.stringify({ contentType, data: data.toString('base64') }), by, transaction),
    );
    await this.load();
    return contentType;
  }

  async removeLogo(): Promise<void> {
    await this.sequelize.query('DELETE FROM instance_settings WHERE key = :key', { replacements: { key: 'logo' } });
    await this.load();
  }

  private async put(key: Key, value: string, by: string | null, transaction: import('sequelize').Transaction): Promise<void> {
    await this.sequelize.query('DELETE FROM instance_settings WHERE key = :key', { replacements: { key }, transaction });
    await this.sequelize.query('INSERT INTO instance_settings (key, value, updated_by, updated_at) VALUES (:key, :value, :by, :at)', {
      replacements: { key, value, by, at: new Date() },
      transaction,
    });
  }
}

function sniffImage(data: Buffer): InstanceLogo['contentType'] | null {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}
