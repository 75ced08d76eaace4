/**
 * slapd.conf text for the throwaway server. Kept apart from process handling so
 * the configuration can be read (and reviewed) in one place.
 */
import { ADMIN_DN, BASE_DN, SERVICE_DN } from './fixture-directory.js';
import type { TestCertificates } from './certificates.js';

/** Inputs of the generated configuration. */
export interface SlapdConfInput {
  dir: string;
  dataDir: string;
  adminPasswordHash: string;
  certificates: TestCertificates;
}

const SCHEMAS = ['core', 'cosine', 'inetorgperson', 'nis'];

/** Renders slapd.conf: mdb database, memberof overlay, StartTLS, read-only service account. */
export function renderSlapdConf(input: SlapdConfInput): string {
  const quote = (value: string): string => `"${value.replace(/(["\\])/g, '\\$1')}"`;
  return [
    ...SCHEMAS.map((name) => `include /etc/ldap/schema/${name}.schema`),
    '',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload memberof',
    '',
    `pidfile ${quote(`${input.dir}/slapd.pid`)}`,
    `argsfile ${quote(`${input.dir}/slapd.args`)}`,
    '',
    `TLSCACertificateFile ${quote(input.certificates.caFile)}`,
    `TLSCertificateFile ${quote(input.certificates.certFile)}`,
    `TLSCertificateKeyFile ${quote(input.certificates.keyFile)}`,
    '',
    'database mdb',
    'maxsize 67108864',
    'dbnosync',
    `suffix ${quote(BASE_DN)}`,
    `rootdn ${quote(ADMIN_DN)}`,
    `rootpw ${input.adminPasswordHash}`,
    `directory ${quote(input.dataDir)}`,
    'index objectClass eq',
    'index uid,mail,cn,memberUid,member eq',
    '',
    // Keeps memberOf up to date for entries added over LDAP (not for slapadd!).
    'overlay memberof',
    'memberof-group-oc groupOfNames',
    'memberof-member-ad member',
    'memberof-memberof-ad memberOf',
    'memberof-refint TRUE',
    '',
    'access to attrs=userPassword',
    '  by self write',
    '  by anonymous auth',
    '  by * none',
    'access to *',
    `  by dn.exact=${quote(SERVICE_DN)} read`,
    '  by self read',
    '  by * none',
    '',
  ].join('\n');
}
