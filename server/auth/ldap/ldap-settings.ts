/**
 * Turns the user-facing `ldap` config section into the strict settings the
 * directory client runs on: applies the preset, reads the password and CA
 * files, and validates filters — failing early with errors that name the
 * config key to fix, instead of at the first sign-in attempt.
 */
import { readFileSync } from 'node:fs';
import type { LdapConfig, LdapGroupMemberAttribute, LdapPresetName } from './ldap-config.js';
import { LDAP_LOGIN_ATTRIBUTES } from './ldap-config.js';
import { parseConfiguredFilter } from './ldap-filter.js';
import { LDAP_PRESET_DEFAULTS, type LdapAttributeMap } from './ldap-presets.js';

/** Everything the directory client needs, with presets applied and files read. */
export interface LdapSettings {
  /** Tried in order until one answers. */
  urls: string[];
  preset: LdapPresetName;
  startTls: boolean;
  /** CA bundle (PEM text) from `ldap.caFile`, or null for the system store. */
  ca: string | null;
  tlsVerify: boolean;
  connectTimeoutMs: number;
  searchTimeoutMs: number;
  /** '' = anonymous service access. */
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter: string;
  loginAttributes: string[];
  groupBaseDn: string;
  /** '' = groups are not read. */
  groupFilter: string;
  groupMemberAttribute: LdapGroupMemberAttribute;
  adminGroup: string;
  syncIntervalMinutes: number;
  attributes: LdapAttributeMap;
}

/** A configuration problem; `key` is the dotted config key to fix (e.g. `ldap.caFile`). */
export class LdapConfigError extends Error {
  readonly key: string;
  constructor(key: string, detail: string) {
    super(`${key}: ${detail}`);
    this.name = 'LdapConfigError';
    this.key = key;
  }
}

function readConfigFile(key: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new LdapConfigError(key, `cannot read ${path}: ${code}`);
  }
}

function checkFilter(key: string, text: string): string {
  try {
    parseConfiguredFilter(text);
  } catch (error) {
    throw new LdapConfigError(key, `invalid LDAP filter ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
  return text.trim().startsWith('(') ? text.trim() : `(${text.trim()})`;
}

function resolveBindPassword(config: LdapConfig): string {
  if (config.bindPasswordFile === '') return config.bindPassword;
  if (config.bindPassword !== '') {
    throw new LdapConfigError('ldap.bindPasswordFile', 'set either ldap.bindPassword or ldap.bindPasswordFile, not both');
  }
  const password = readConfigFile('ldap.bindPasswordFile', config.bindPasswordFile).replace(/\r?\n$/, '');
  if (password === '') throw new LdapConfigError('ldap.bindPasswordFile', `${config.bindPasswordFile} is empty`);
  return password;
}

function canonicalLoginAttribute(name: string): string {
  return LDAP_LOGIN_ATTRIBUTES.find((known) => known.toLowerCase() === name.toLowerCase()) ?? name;
}

/**
 * Applies the preset to every key left empty, reads `bindPasswordFile` and
 * `caFile`, and validates the result. Throws LdapConfigError naming the key.
 */
export function resolveLdapSettings(config: LdapConfig): LdapSettings {
  const preset = LDAP_PRESET_DEFAULTS[config.preset];
  if (config.url.length === 0) throw new LdapConfigError('ldap.url', 'at least one ldap:// or ldaps:// URL is required');
  if (config.baseDn === '') throw new LdapConfigError('ldap.baseDn', 'required (the subtree holding the people)');
  if (config.startTls && config.url.some((url) => /^ldaps:/i.test(url))) {
    throw new LdapConfigError('ldap.startTls', 'cannot be combined with ldaps:// URLs (they are already encrypted)');
  }

  const bindPassword = resolveBindPassword(config);
  if (config.bindDn !== '' && bindPassword === '') {
    // A simple bind with a DN and no password is an anonymous bind on most servers.
    throw new LdapConfigError('ldap.bindPassword', 'required when ldap.bindDn is set (or use ldap.bindPasswordFile)');
  }
  const ca = config.caFile === '' ? null : readConfigFile('ldap.caFile', config.caFile);

  const userFilterText = config.userFilter || preset.userFilter;
  if (userFilterText === '') throw new LdapConfigError('ldap.userFilter', `required with preset "${config.preset}"`);
  const loginAttributes = (config.loginAttributes.length > 0 ? config.loginAttributes : preset.loginAttributes).map(
    canonicalLoginAttribute,
  );
  if (loginAttributes.length === 0) {
    throw new LdapConfigError('ldap.loginAttributes', `required with preset "${config.preset}"`);
  }
  const attributes = {} as LdapAttributeMap;
  for (const field of Object.keys(preset.attributes) as Array<keyof LdapAttributeMap>) {
    attributes[field] = config.attributes[field] || preset.attributes[field];
  }
  if (attributes.username === '') {
    throw new LdapConfigError('ldap.attributes.username', `required with preset "${config.preset}"`);
  }
  const groupFilterText = config.groupFilter || preset.groupFilter;

  return {
    urls: [...config.url],
    preset: config.preset,
    startTls: config.startTls,
    ca,
    tlsVerify: config.tlsVerify,
    connectTimeoutMs: config.connectTimeoutMs,
    searchTimeoutMs: config.searchTimeoutMs,
    bindDn: config.bindDn,
    bindPassword,
    baseDn: config.baseDn,
    userFilter: checkFilter('ldap.userFilter', userFilterText),
    loginAttributes,
    groupBaseDn: config.groupBaseDn || config.baseDn,
    groupFilter: groupFilterText === '' ? '' : checkFilter('ldap.groupFilter', groupFilterText),
    groupMemberAttribute: config.groupMemberAttribute || preset.groupMemberAttribute || 'member',
    adminGroup: config.adminGroup,
    syncIntervalMinutes: config.syncIntervalMinutes,
    attributes,
  };
}
