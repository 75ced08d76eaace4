/**
 * fast-check generators for what an attacker or a broken client sends:
 * wrong types, control characters, lone surrogates, over-long strings, huge
 * and negative numbers, bad ids, broken percent-encoding, malformed and
 * mislabelled bodies. Real-looking values from the world are mixed in so
 * requests also get past the first check and reach the code behind it.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';

/** Ids, names and slugs that exist in the test's world, by path parameter name. */
export type WorldValues = Record<string, readonly string[]>;

export const ONE_MEGABYTE = 1024 * 1024;

const nastyStrings = [
  '',
  ' ',
  'a\u0000b',
  '\u0000\u0000',
  'bell\u0007',
  'escape \u001b[31m',
  '\u007f\u0085\u2028',
  '\ud83d',
  'tail \udfff',
  '\t\r\n',
  '\u202etxt.exe',
  '😀👩‍👩‍👧',
  '%00',
  '%E0%A4%A',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '1180591620717411303424',
  '-1',
  '0',
  '1e308',
  '9007199254740993',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '01ARZ3NDEKTSV4RRFFQ69G5FAV',
  'ZZZZZZZZZZZZZZZZZZZZZZZZZZ',
];

const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 24 });

export const hostileString = (world: readonly string[] = []): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...nastyStrings) },
    { weight: 2, arbitrary: anyUtf16 },
    { weight: 1, arbitrary: fc.constantFrom(ONE_MEGABYTE, 5001, 501, 201).map((length) => 'x'.repeat(length)) },
    { weight: 1, arbitrary: fc.constant('é'.repeat(300_000)) },
    ...(world.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...world) }] : []),
  );

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(2 ** 70, -(2 ** 70), -1, 0, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 40, 1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A JSON value of any shape, strings weighted towards the nasty ones. */
export const hostileJsonValue = (world: readonly string[]): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: hostileString(world) },
      { weight: 2, arbitrary: hostileNumber },
      { weight: 1, arbitrary: fc.boolean() },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
      { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('id', 'a', '__proto__', 'constructor'), hostileString()), tie('value'), { maxKeys: 3 }) },
    ),
  })).value;

export type Fields = Record<string, unknown>;

export const hostileFields = (fieldNames: readonly string[], world: readonly string[]): fc.Arbitrary<Fields> =>
  fc.dictionary(
    fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: hostileString() }),
    hostileJsonValue(world),
    { maxKeys: 5 },
  );

/** A string for a form or multipart field: what a browser can send (no types but text). */
export const asFormText = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(asFormText);
  if (typeof value === 'string') return [value];
  if (value === null || value === undefined) return [''];
  return [typeof value === 'object' ? JSON.stringify(value) : String(value)];
};

/** encodeURIComponent, except for what it cannot encode (lone surrogates): those become invalid UTF-8 bytes. */
export function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/\p{Cs}/gu, ''))}%ED%A0%80`;
  }
}

/** Broken percent-encoding a client may send as is: a truncated escape, invalid UTF-8, a lone `%`. */
export const brokenEncoding = fc.constantFrom('%E0%A4%A', '%', '%zz', '%C0%80', '%ED%A0%80', '%FF%FE');

export const queryString = (fields: Fields, raw: string | null): string => {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const key = Array.isArray(value) ? `${name}[]` : name;
    for (const text of asFormText(value)) parts.push(`${percentEncode(key)}=${percentEncode(text)}`);
  }
  if (raw !== null) parts.push(`q=${raw}`, `${raw}=1`);
  return parts.join('&');
};

export type BodyKind = 'none' | 'json' | 'json-scalar' | 'malformed-json' | 'form' | 'multipart' | 'wrong-type' | 'bad-gzip' | 'encoded-multipart';

export interface RawBody {
  contentType?: string;
  contentEncoding?: string;
  bytes: Buffer;
}

const MULTIPART_BOUNDARY = 'hostile-boundary-7MA4YWxkTrZu0gW';

function multipart(fields: Fields, withFile: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const text of asFormText(value)) {
      parts.push(Buffer.from(`--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, '_')}"\r\n\r\n${text}\r\n`));
    }
  }
  if (withFile) {
    for (const name of ['file', 'media', 'logo']) {
      parts.push(Buffer.from(`--${MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`));
      parts.push(randomBytes(64), Buffer.from('\r\n'));
    }
  }
  parts.push(Buffer.from(`--${MULTIPART_BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

const formEncoded = (fields: Fields): string => queryString(fields, null);

/** The body bytes and headers for `kind`; `extra` fields (e.g. the CSRF token) ride along where a form can carry them. */
export function rawBody(kind: BodyKind, fields: Fields, extra: Fields): RawBody | null {
  const all = { ...extra, ...fields };
  switch (kind) {
    case 'none':
      return null;
    case 'json':
      return { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(all)) };
    case 'json-scalar':
      return { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(Object.values(fields)[0] ?? [1, 2])) };
    case 'malformed-json':
      return { contentType: 'application/json', bytes: Buffer.from(`${JSON.stringify(all).slice(0, -1)},"x":`) };
    case 'form':
      return { contentType: 'application/x-www-form-urlencoded', bytes: Buffer.from(formEncoded(all)) };
    case 'multipart':
      return { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, bytes: multipart(all, true) };
    case 'wrong-type':
      return { contentType: 'text/plain', bytes: Buffer.from(JSON.stringify(all)) };
    case 'bad-gzip':
      return { contentType: 'application/json', contentEncoding: 'gzip', bytes: Buffer.from(JSON.stringify(all)) };
    case 'encoded-multipart':
      return { contentType: `multipart/form-data; boundary=${MULTIPART_BOUNDARY}`, contentEncoding: 'br', bytes: multipart(all, false) };
  }
}

export const bodyKind: fc.Arbitrary<BodyKind> = fc.constantFrom(
  'none',
  'json',
  'json',
  'json',
  'json-scalar',
  'malformed-json',
  'form',
  'form',
  'multipart',
  'wrong-type',
  'bad-gzip',
  'encoded-multipart',
);

/** Every string a request carries (at any depth), for checking that what was acknowledged is what was stored. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, inner]) => [key, ...stringsIn(inner)]);
  return [];
}
