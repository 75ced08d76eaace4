/**
 * Defaults per directory flavour, so a typical OpenLDAP or Active Directory
 * install only needs url, baseDn and a service account. Values here are only
 * used for config keys the admin left empty.
 */
import type { LdapGroupMemberAttribute, LdapPresetName } from './ldap-config.js';

/** Profile field -> directory attribute. '' means "not mapped". */
export interface LdapAttributeMap {
  username: string;
  displayName: string;
  mail: string;
  title: string;
  department: string;
  phone: string;
  manager: string;
  photo: string;
}

/** The preset-fillable part of the settings. */
export interface LdapPresetDefaults {
  userFilter: string;
  loginAttributes: string[];
  groupFilter: string;
  groupMemberAttribute: LdapGroupMemberAttribute | '';
  attributes: LdapAttributeMap;
}

/** AD: the account is disabled when bit 2 (ACCOUNTDISABLE) of userAccountControl is set. */
export const AD_DISABLED_FILTER = '(!(userAccountControl:1.2.840.113556.1.4.803:=2))';

const EMPTY_ATTRIBUTES: LdapAttributeMap = {
  username: '', displayName: '', mail: '', title: '', department: '', phone: '', manager: '', photo: '',
};

/** Preset defaults, keyed by preset name. 'custom' supplies nothing: the admin sets every key. */
export const LDAP_PRESET_DEFAULTS: Readonly<Record<LdapPresetName, LdapPresetDefaults>> = {
  openldap: {
    userFilter: '(objectClass=inetOrgPerson)',
    loginAttributes: ['uid', 'mail'],
    groupFilter: '(objectClass=groupOfNames)',
    groupMemberAttribute: 'member',
    attributes: {
      username: 'uid',
      displayName: 'displayName',
      mail: 'mail',
      title: 'title',
      department: 'ou',
      phone: 'telephoneNumber',
      manager: 'manager',
      photo: 'jpegPhoto',
    },
  },
  activedirectory: {
    userFilter: `(&(objectCategory=person)(objectClass=user)${AD_DISABLED_FILTER})`,
    loginAttributes: ['sAMAccountName', 'userPrincipalName', 'mail'],
    groupFilter: '(objectClass=group)',
    groupMemberAttribute: 'member',
    attributes: {
      username: 'sAMAccountName',
      displayName: 'displayName',
      mail: 'mail',
      title: 'title',
      department: 'department',
      phone: 'telephoneNumber',
      manager: 'manager',
      photo: 'thumbnailPhoto',
    },
  },
  custom: {
    userFilter: '',
    loginAttributes: [],
    groupFilter: '',
    groupMemberAttribute: '',
    attributes: EMPTY_ATTRIBUTES,
  },
};
