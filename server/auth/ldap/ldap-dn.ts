/**
 * Distinguished-name comparison. Directories return the same DN in different
 * spellings (`cn=Smith\, John` vs `CN=Smith\2C John`, hex-escaped UTF-8, extra
 * spaces), and group member values are DNs written by whoever edited the
 * group, so DNs must be compared in a normalised form, never as raw strings.
 */

const SPECIAL = new Set([',', '+', '"', '\\', '<', '>', ';', '=', '#']);
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

interface Ava {
  type: string;
  value: string;
}

/** Splits a DN into RDNs of attribute/value pairs, decoding RFC 4514 escapes. */
function parseDn(dn: string): Ava[][] {
  const rdns: Ava[][] = [];
  let avas: Ava[] = [];
  let type = '';
  let bytes: number[] = [];
  let inValue = false;
  let quoted = false;

  const pushText = (text: string): void => {
    for (const byte of Buffer.from(text, 'utf8')) bytes.push(byte);
  };
  const endAva = (): void => {
    const value = Buffer.from(bytes).toString('utf8').trim();
    avas.push({ type: type.trim().toLowerCase(), value });
    type = '';
    bytes = [];
    inValue = false;
  };

  for (let index = 0; index < dn.length; index += 1) {
    const char = dn[index]!;
    if (!inValue) {
      if (char === '=') inValue = true;
      else type += char;
      continue;
    }
    if (char === '\\') {
      const pair = dn.slice(index + 1, index + 3);
      if (HEX_PAIR.test(pair)) {
        bytes.push(Number.parseInt(pair, 16));
        index += 2;
      } else if (index + 1 < dn.length) {
        pushText(dn[index + 1]!);
        index += 1;
      }
      continue;
    }
    if (char === '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted && (char === ',' || char === ';')) {
      endAva();
      rdns.push(avas);
      avas = [];
      continue;
    }
    if (!quoted && char === '+') {
      endAva();
      continue;
    }
    pushText(char);
  }
  if (inValue || type.trim() !== '') endAva();
  if (avas.length > 0) rdns.push(avas);
  return rdns;
}

function escapeValue(value: string): string {
  let out = '';
  for (const char of value) out += SPECIAL.has(char) ? `\\${char}` : char;
  return out;
}

/**
 * Canonical, case-insensitive form of a DN: lower-case types and values,
 * escapes decoded then re-applied minimally, spaces around separators removed,
 * multi-valued RDNs sorted. Two DNs name the same entry iff their normalised
 * forms are equal (for the attribute types directories use in practice).
 */
export function normalizeDn(dn: string): string {
  return parseDn(dn)
    .map((avas) =>
      avas
        .map((ava) => `${ava.type}=${escapeValue(ava.value.normalize('NFC').toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

/** True when both DNs name the same entry (see normalizeDn). */
export function sameDn(a: string, b: string): boolean {
  return normalizeDn(a) === normalizeDn(b);
}

/**
 * Strips the optional `#'0101'B` unique-identifier suffix of a
 * `uniqueMember` value (RFC 4517 nameAndOptionalUID), leaving the DN.
 */
export function dnFromNameAndOptionalUid(value: string): string {
  return value.replace(/#'[01]*'B$/, '');
}
