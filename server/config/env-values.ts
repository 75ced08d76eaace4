/**
 * Zod building blocks for configuration leaves.
 *
 * Every configuration key can be set from YAML (typed values) or from its
 * environment twin (always a string). These schemas accept both, so the loader
 * can drop an environment string at its path and let the schema coerce it.
 * The conversions are exported for plugin settings, whose twins follow the
 * same rules (server/plugins/settings-env.ts).
 */
import { z } from 'zod';

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** `true/false/1/0/yes/no/on/off` as a boolean; anything else unchanged, for the schema to refuse. */
export function booleanFromEnv(value: string): boolean | string {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}

/** A decimal string as a number; anything else unchanged, for the schema to refuse. */
export function numberFromEnv(value: string): number | string {
  const trimmed = value.trim();
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : value;
}

/** A comma-separated string as its non-empty items. */
export function listFromEnv(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

/** A boolean; from the environment `true/false/1/0/yes/no/on/off`. */
export function envBoolean() {
  return z.preprocess((value) => (typeof value === 'string' ? booleanFromEnv(value) : value), z.boolean({ error: 'expected true or false' }));
}

/** A whole number within [min, max]; from the environment a decimal string. */
export function envInteger(min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' ? numberFromEnv(value) : value),
    z.number({ error: 'expected a whole number' }).int('expected a whole number').min(min).max(max),
  );
}

/** A list of strings; from the environment a comma-separated string. */
export function envList() {
  return z.preprocess((value) => (typeof value === 'string' ? listFromEnv(value) : value), z.array(z.string().min(1)));
}
