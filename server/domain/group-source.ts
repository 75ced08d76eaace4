/** Who keeps a group's members. Pure rule. */

/**
 * A group whose members come from outside Warble (directory sync, a single
 * sign-on provider's group claim): hand edits would be undone upstream's next
 * word, so Warble refuses them. `source` is groups.source ('local', 'ldap', 'oidc', 'saml').
 */
export const isMirroredGroup = (source: string): boolean => source !== 'local';
