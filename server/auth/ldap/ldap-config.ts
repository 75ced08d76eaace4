/**
 * Configuration schema of directory (LDAP / Active Directory) sign-in, mounted
 * under the `ldap` key of the app config.
 *
 * Every leaf is built from the env-aware helpers (or z.string()/z.enum()) so
 * each key can also come from its environment twin, e.g. `ldap.bindDn` <->
 * `WARBLE_LDAP_BIND_DN`. Empty strings / empty lists mean "use the preset's
 * default" (see ldap-presets.ts); `resolveLdapSettings()` turns this raw,
 * user-facing shape into the strict `LdapSettings` the client runs on.
 */
import { z } from 'zod';
import { envBoolean, envInteger, envList } from '../../config/env-values.js';

/** Preset names: which directory flavour supplies the defaults. */
export const LDAP_PRESETS = ['openldap', 'activedirectory', 'custom'] as const;
/** One of LDAP_PRESETS. */
export type LdapPresetName = (typeof LDAP_PRESETS)[number];

/** Attributes people may type as their login. */
export const LDAP_LOGIN_ATTRIBUTES = ['uid', 'mail', 'sAMAccountName', 'userPrincipalName'] as const;

/** How a group lists its members (DNs in member/uniqueMember, usernames in memberUid). */
export const LDAP_GROUP_MEMBER_ATTRIBUTES = ['member', 'uniqueMember', 'memberUid'] as const;
/** One of LDAP_GROUP_MEMBER_ATTRIBUTES. */
export type LdapGroupMemberAttribute = (typeof LDAP_GROUP_MEMBER_ATTRIBUTES)[number];

/** LDAP attribute description syntax (RFC 4512 descr, options allowed). */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$/;
const LDAP_URL = /^ldaps?:\/\/[^\s/]+(:\d+)?\/?$/i;

const attributeName = () => z.string().trim().default('');

/** Which directory attribute feeds each profile field; '' = preset default. */
const attributesSchema = z.object({
  username: attributeName(),
  displayName: attributeName(),
  mail: attributeName(),
  title: attributeName(),
  department: attributeName(),
  phone: attributeName(),
  manager: attributeName(),
  photo: attributeName(),
});

/**
 * The `ldap` section of the app config. `{}` parses to a disabled section; when
 * `enabled` is true, `url` and `baseDn` are required.
 */
export const ldapConfigSchema = z
  .object({
    enabled: envBoolean().default(false),
    /** One or more ldap:// or ldaps:// URLs, tried in order (fail-over). */
    url: envList().default([]),
    preset: z.enum(LDAP_PRESETS, { error: `expected one of ${LDAP_PRESETS.join(', ')}` }).default('openldap'),
    startTls: envBoolean().default(false),
    caFile: z.string().trim().default(''),
    tlsVerify: envBoolean().default(true),
    connectTimeoutMs: envInteger(100, 120_000).default(5_000),
    searchTimeoutMs: envInteger(100, 600_000).default(10_000),
    bindDn: z.string().trim().default(''),
    bindPassword: z.string().default(''),
    bindPasswordFile: z.string().trim().default(''),
    baseDn: z.string().trim().default(''),
    userFilter: z.string().trim().default(''),
    loginAttributes: envList().default([]),
    groupBaseDn: z.string().trim().default(''),
    groupFilter: z.string().trim().default(''),
    groupMemberAttribute: z
      .enum(['', ...LDAP_GROUP_MEMBER_ATTRIBUTES], {
        error: `expected one of ${LDAP_GROUP_MEMBER_ATTRIBUTES.join(', ')} (or empty for the preset default)`,
      })
      .default(''),
    /** Group (full DN, or the group's cn) whose members are Warble admins. */
    adminGroup: z.string().trim().default(''),
    /** Minutes between background directory syncs; 0 turns sync off. */
    syncIntervalMinutes: envInteger(0, 7 * 24 * 60).default(60),
    attributes: attributesSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    if (config.enabled && config.url.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'ldap.url is required when ldap.enabled is true' });
    }
    if (config.enabled && config.baseDn === '') {
      ctx.addIssue({ code: 'custom', path: ['baseDn'], message: 'ldap.baseDn is required when ldap.enabled is true' });
    }
    config.url.forEach((url, index) => {
      if (!LDAP_URL.test(url)) {
        ctx.addIssue({
          code: 'custom',
          path: ['url', index],
          message: `ldap.url: "${url}" is not an ldap:// or ldaps:// URL (host and port only)`,
        });
      }
    });
    const known = new Set(LDAP_LOGIN_ATTRIBUTES.map((name) => name.toLowerCase()));
    config.loginAttributes.forEach((name, index) => {
      if (!known.has(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['loginAttributes', index],
          message: `ldap.loginAttributes: "${name}" is not one of ${LDAP_LOGIN_ATTRIBUTES.join(', ')}`,
        });
      }
    });
    for (const [field, name] of Object.entries(config.attributes)) {
      if (name !== '' && !ATTRIBUTE_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['attributes', field],
          message: `ldap.attributes.${field}: "${name}" is not an LDAP attribute name`,
        });
      }
    }
  });

/** Parsed `ldap` config section (all fields present, presets not yet applied). */
export type LdapConfig = z.infer<typeof ldapConfigSchema>;
