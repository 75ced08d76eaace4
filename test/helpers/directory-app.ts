/**
 * Test apps wired to the throwaway slapd through WARBLE_LDAP_* variables,
 * exactly as an operator would configure a container.
 */
import type { SlapdHandle } from './slapd/index.js';

/** Environment for directory sign-in against `slapd`: only warble-users may sign in, warble-admins administer. */
export function ldapEnv(slapd: SlapdHandle, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    WARBLE_LDAP_ENABLED: 'true',
    WARBLE_LDAP_URL: slapd.url,
    WARBLE_LDAP_PRESET: 'openldap',
    WARBLE_LDAP_BIND_DN: slapd.bindDn,
    WARBLE_LDAP_BIND_PASSWORD: slapd.bindPassword,
    WARBLE_LDAP_BASE_DN: slapd.baseDn,
    WARBLE_LDAP_GROUP_BASE_DN: slapd.groupsDn,
    WARBLE_LDAP_USER_FILTER: slapd.warbleUsersFilter,
    WARBLE_LDAP_ADMIN_GROUP: 'warble-admins',
    WARBLE_LDAP_CONNECT_TIMEOUT_MS: '1000',
    WARBLE_LDAP_SEARCH_TIMEOUT_MS: '3000',
    // Tests sign in wrongly on purpose many times from one address.
    WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ADDRESS: '1000',
    WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ACCOUNT_AND_ADDRESS: '50',
    WARBLE_AUTH_SIGN_IN_RATE_LIMIT_PER_ACCOUNT: '50',
    ...overrides,
  };
}
