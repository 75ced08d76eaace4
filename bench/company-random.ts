/**
 * The seeder's randomness and ids, built for tens of millions of rows:
 * a seeded 32-bit generator (two runs seed the same company), Zipf sampling,
 * ULIDs made for a given time (not the server's monotonic factory, which
 * lifts every id made after a later one up to that later time), and SQL
 * timestamps in the text form Sequelize writes.
 */

let state = 42;

/** mulberry32: deterministic, and integer-only, so no precision is lost however long it runs. */
export function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

export function resetRandom(seed = 42): void {
  state = seed;
}

/** Samples ranks 0..n-1 with P(rank) ∝ 1/(rank+1)^exponent. */
export function zipf(n: number, exponent: number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank += 1) {
    total += 1 / (rank + 1) ** exponent;
    cumulative[rank] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID for `time` (ms): 10 characters of time, 16 of seeded randomness. Ids of distinct milliseconds sort by time. */
export function seedId(time: number): string {
  let head = '';
  let rest = time;
  for (let index = 0; index < 10; index += 1) {
    head = CROCKFORD[rest % 32]! + head;
    rest = Math.floor(rest / 32);
  }
  let tail = '';
  for (let index = 0; index < 16; index += 1) tail += CROCKFORD[(random() * 32) | 0];
  return head + tail;
}

let lastSecond = NaN;
let secondText = '';

/**
 * `2026-06-08 07:43:25.334 +00:00`: how Sequelize stores a DATE on SQLite;
 * PostgreSQL reads it as a timestamptz. The text up to the second is reused
 * while rows come in time order (millions of follows a few ms apart).
 */
export function sqlDate(time: number): string {
  const second = Math.floor(time / 1000);
  if (second !== lastSecond) {
    const iso = new Date(second * 1000).toISOString();
    secondText = `${iso.slice(0, 10)} ${iso.slice(11, 19)}.`;
    lastSecond = second;
  }
  const millis = time - second * 1000;
  return `${secondText}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis} +00:00`;
}
