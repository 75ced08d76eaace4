/**
 * The generated "company directory" loaded into every throwaway slapd.
 *
 * Tests refer to people through `FIXTURE_USERS` (never by re-typing DNs), so a
 * fixture change shows up as a type error instead of a silently passing test.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Base DN of the fixture directory. */
export const BASE_DN = 'dc=example,dc=com';
/** Root DN of the throwaway server (full write access; harness use only). */
export const ADMIN_DN = `cn=admin,${BASE_DN}`;
export const ADMIN_PASSWORD = 'admin-secret';
/** Read-only service account the directory client binds as. */
export const SERVICE_DN = `cn=warble-service,ou=services,${BASE_DN}`;
export const SERVICE_PASSWORD = 'service-secret';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const GROUPS_DN = `ou=groups,${BASE_DN}`;

/** Attribute values as the harness writes them (Buffers for binary attributes). */
export type FixtureAttributes = Record<string, string | string[] | Buffer>;

/** One LDAP entry to add. */
export interface FixtureEntry {
  dn: string;
  attributes: FixtureAttributes;
}

/** A known person of the fixture, with the clear-text password the tests sign in with. */
export interface FixtureUser {
  dn: string;
  uid: string;
  mail: string;
  password: string;
  displayName: string;
  givenName: string;
  sn: string;
  title: string;
  department: string;
  phone: string;
  /** Key of the manager in FIXTURE_USERS, if any. */
  manager?: FixtureUserKey;
  photo?: Buffer;
  /** True when the person is a member of cn=warble-users. */
  warbleUser: boolean;
}

/**
 * Smallest honest baseline JPEG: one 8x8 block of mid-grey (DC 0, no AC).
 * SOI, JFIF APP0, DQT (all ones), SOF0 8x8 1 component, DC and AC Huffman
 * tables with a single 1-bit code, SOS, one entropy byte, EOI.
 */
export const TINY_JPEG: Buffer = Buffer.from(
  [
    'ffd8',
    'ffe000104a46494600010100000100010000',
    'ffdb004300' + '01'.repeat(64),
    'ffc0000b080008000801011100',
    'ffc4001400' + '01' + '00'.repeat(15) + '00',
    'ffc4001410' + '01' + '00'.repeat(15) + '00',
    'ffda000801010000003f00',
    '3f',
    'ffd9',
  ].join(''),
  'hex',
);

const people = {
  alice: {
    dn: `uid=alice,${PEOPLE_DN}`, uid: 'alice', mail: 'alice.martin@example.com', password: 'alice-Pa55!',
    displayName: 'Alice Martin', givenName: 'Alice', sn: 'Martin', title: 'Chief Technology Officer',
    department: 'Engineering', phone: '+1 555 0100', photo: TINY_JPEG, warbleUser: true,
  },
  bob: {
    dn: `uid=bob,${PEOPLE_DN}`, uid: 'bob', mail: 'bob.chen@example.com', password: 'bob-Pa55!',
    displayName: 'Bob Chen', givenName: 'Bob', sn: 'Chen', title: 'Software Engineer',
    department: 'Engineering', phone: '+1 555 0101', manager: 'alice', warbleUser: true,
  },
  zoe: {
    dn: `uid=zangstrom,${PEOPLE_DN}`, uid: 'zangstrom', mail: 'zoe.angstrom@example.com',
    password: 'Ünïcødé-pässwörd-ß', displayName: 'Zoë Ångström', givenName: 'Zoë', sn: 'Ångström',
    title: 'Directrice Générale', department: 'Direction', phone: '+46 8 555 0102', warbleUser: true,
  },
  elodie: {
    dn: `cn=Élodie Müller,${PEOPLE_DN}`, uid: 'emuller', mail: 'elodie.muller@example.com', password: 'elodie-Pa55!',
    displayName: 'Élodie Müller', givenName: 'Élodie', sn: 'Müller', title: 'Responsable RH',
    department: 'Ressources Humaines', phone: '+33 1 55 01 03', manager: 'zoe', warbleUser: true,
  },
  jsmith: {
    dn: `cn=Smith\\, John,${PEOPLE_DN}`, uid: 'jsmith', mail: 'john.smith@example.com', password: 'jsmith-Pa55!',
    displayName: 'John Smith', givenName: 'John', sn: 'Smith', title: 'Site Reliability Engineer',
    department: 'Engineering', phone: '+1 555 0104', manager: 'alice', warbleUser: true,
  },
  carl: {
    dn: `uid=ccontractor,${PEOPLE_DN}`, uid: 'ccontractor', mail: 'carl.contractor@example.com',
    password: 'carl-Pa55!', displayName: 'Carl Contractor', givenName: 'Carl', sn: 'Contractor',
    title: 'External Consultant', department: 'Vendors', phone: '+1 555 0105', warbleUser: false,
  },
  dana: {
    dn: `uid=dleaver,${PEOPLE_DN}`, uid: 'dleaver', mail: 'dana.leaver@example.com', password: 'dana-Pa55!',
    displayName: 'Dana Leaver', givenName: 'Dana', sn: 'Leaver', title: 'Sales Associate',
    department: 'Sales', phone: '+1 555 0106', manager: 'zoe', warbleUser: true,
  },
} satisfies Record<string, Omit<FixtureUser, 'manager'> & { manager?: string }>;

/** Short names of the fixture people. */
export type FixtureUserKey = keyof typeof people;

/** The fixture people, by short name. */
export const FIXTURE_USERS: Readonly<Record<FixtureUserKey, FixtureUser>> = people as Record<FixtureUserKey, FixtureUser>;

/** A group of the fixture and who is in it (by short name). */
export interface FixtureGroup {
  dn: string;
  cn: string;
  kind: 'groupOfNames' | 'posixGroup';
  description: string;
  members: FixtureUserKey[];
}

const warbleUserKeys = (Object.keys(people) as FixtureUserKey[]).filter((key) => people[key].warbleUser);

/** The fixture groups, by short name. */
export const FIXTURE_GROUPS = {
  warbleUsers: {
    dn: `cn=warble-users,${GROUPS_DN}`, cn: 'warble-users', kind: 'groupOfNames',
    description: 'People allowed to sign in to Warble', members: warbleUserKeys,
  },
  warbleAdmins: {
    dn: `cn=warble-admins,${GROUPS_DN}`, cn: 'warble-admins', kind: 'groupOfNames',
    description: 'Warble administrators', members: ['alice'],
  },
  engineering: {
    dn: `cn=engineering,${GROUPS_DN}`, cn: 'engineering', kind: 'groupOfNames',
    description: 'Engineering department', members: ['alice', 'bob', 'jsmith'],
  },
  direction: {
    dn: `cn=Direction Générale,${GROUPS_DN}`, cn: 'Direction Générale', kind: 'groupOfNames',
    description: 'Comité de direction', members: ['zoe', 'elodie'],
  },
  developers: {
    dn: `cn=developers,${GROUPS_DN}`, cn: 'developers', kind: 'posixGroup',
    description: 'Shell access to build hosts', members: ['bob', 'jsmith', 'carl'],
  },
  staff: {
    dn: `cn=staff,${GROUPS_DN}`, cn: 'staff', kind: 'posixGroup',
    description: 'All staff', members: ['alice', 'bob', 'zoe', 'elodie', 'jsmith', 'dana'],
  },
} as const satisfies Record<string, FixtureGroup>;

/** `{SSHA}` hash as slappasswd would produce it (salted SHA-1, base64). */
export function sshaHash(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(Buffer.from(password, 'utf8')).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/** LDAP attributes of one fixture person (also used by tests that re-add a person). */
export function personEntry(user: FixtureUser): FixtureEntry {
  const attributes: FixtureAttributes = {
    objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    uid: user.uid,
    cn: user.dn.startsWith('cn=Smith') ? ['Smith, John', user.displayName] : user.displayName,
    givenName: user.givenName,
    sn: user.sn,
    displayName: user.displayName,
    mail: user.mail,
    title: user.title,
    ou: user.department,
    departmentNumber: user.department.slice(0, 3).toUpperCase(),
    telephoneNumber: user.phone,
    employeeType: user.warbleUser ? 'staff' : 'contractor',
    userPassword: sshaHash(user.password),
  };
  if (user.manager) attributes.manager = FIXTURE_USERS[user.manager].dn;
  if (user.photo) attributes.jpegPhoto = user.photo;
  return { dn: user.dn, attributes };
}

function groupEntry(group: FixtureGroup): FixtureEntry {
  if (group.kind === 'posixGroup') {
    return {
      dn: group.dn,
      attributes: {
        objectClass: ['top', 'posixGroup'],
        cn: group.cn,
        gidNumber: String(5000 + group.cn.length),
        description: group.description,
        memberUid: group.members.map((key) => FIXTURE_USERS[key].uid),
      },
    };
  }
  return {
    dn: group.dn,
    attributes: {
      objectClass: ['top', 'groupOfNames'],
      cn: group.cn,
      description: group.description,
      member: group.members.map((key) => FIXTURE_USERS[key].dn),
    },
  };
}

/** Every entry of the fixture directory, parents first. */
export function fixtureEntries(): FixtureEntry[] {
  return [
    { dn: BASE_DN, attributes: { objectClass: ['top', 'dcObject', 'organization'], dc: 'example', o: 'Example Corp' } },
    { dn: PEOPLE_DN, attributes: { objectClass: ['top', 'organizationalUnit'], ou: 'people' } },
    { dn: GROUPS_DN, attributes: { objectClass: ['top', 'organizationalUnit'], ou: 'groups' } },
    { dn: `ou=services,${BASE_DN}`, attributes: { objectClass: ['top', 'organizationalUnit'], ou: 'services' } },
    {
      dn: SERVICE_DN,
      attributes: {
        objectClass: ['top', 'organizationalRole', 'simpleSecurityObject'],
        cn: 'warble-service',
        userPassword: sshaHash(SERVICE_PASSWORD),
      },
    },
    // Managers before their reports is not required by LDAP, but keeps the order readable.
    ...(['alice', 'zoe', 'bob', 'elodie', 'jsmith', 'carl', 'dana'] as const).map((key) => personEntry(FIXTURE_USERS[key])),
    ...Object.values(FIXTURE_GROUPS).map((group) => groupEntry(group)),
  ];
}
