/**
 * Derives every configuration key's environment twin from the schema, so the
 * two can never drift: `ldap.bindDn` <-> `WARBLE_LDAP_BIND_DN`.
 */
import type { z } from 'zod';

/** A leaf key of the configuration: its path and its environment variable. */
export interface ConfigKey {
  path: string[];
  envName: string;
}

const WRAPPER_TYPES = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly']);

interface ZodDefLike {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  let def = defOf(current);
  while (WRAPPER_TYPES.has(def.type) && def.innerType) {
    current = def.innerType;
    def = defOf(current);
  }
  return current;
}

/**
 * `bindDn` -> `BIND_DN`, `poolMax` -> `POOL_MAX`, and a plugin id
 * `ticket-links` -> `TICKET_LINKS`: a shell variable name holds only
 * letters, digits and underscores.
 */
export function toEnvSegment(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]/g, '_')
    .toUpperCase();
}

export function envNameFor(path: readonly string[]): string {
  return ['WARBLE', ...path.map(toEnvSegment)].join('_');
}

/** Lists every leaf key of an object schema with its environment name. */
export function listConfigKeys(schema: z.ZodType, prefix: string[] = []): ConfigKey[] {
  const def = defOf(unwrap(schema));
  if (def.type !== 'object' || !def.shape) return [{ path: prefix, envName: envNameFor(prefix) }];
  return Object.entries(def.shape).flatMap(([key, child]) => listConfigKeys(child, [...prefix, key]));
}
