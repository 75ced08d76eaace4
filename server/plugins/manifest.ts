/**
 * A plugin's manifest (plugin.json): who it is, which plugin API it was
 * written for, and the schema of its settings. The settings schema is a
 * small, documented subset of JSON Schema (type, properties, required,
 * items, default, enum, minimum, maximum, minLength, maxLength, pattern,
 * format uri|regex), turned into a zod schema so settings are validated
 * exactly like Warble's own configuration; unknown keys are refused.
 */
import { z } from 'zod';
import { PLUGIN_API_VERSION } from './api.js';

const PLUGIN_ID = /^[a-z][a-z0-9-]{1,40}$/;

export interface SettingsSchema {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  description?: string;
  default?: unknown;
  enum?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'uri' | 'regex';
  items?: SettingsSchema;
  properties?: Record<string, SettingsSchema>;
  required?: string[];
}

const settingsSchemaShape: z.ZodType<SettingsSchema> = z.lazy(() =>
  z.strictObject({
    type: z.enum(['string', 'integer', 'number', 'boolean', 'array', 'object']),
    description: z.string().optional(),
    default: z.unknown().optional(),
    enum: z.array(z.union([z.string(), z.number()])).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minLength: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    pattern: z.string().optional(),
    format: z.enum(['uri', 'regex']).optional(),
    items: settingsSchemaShape.optional(),
    properties: z.record(z.string(), settingsSchemaShape).optional(),
    required: z.array(z.string()).optional(),
  }),
);

export const manifestSchema = z.strictObject({
  id: z.string().regex(PLUGIN_ID, 'id: lowercase letters, digits and dashes, starting with a letter'),
  name: z.string().min(1).max(100),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+].*)?$/, 'version: semantic version such as 1.0.0'),
  apiVersion: z.string().regex(/^\d+\.\d+$/, 'apiVersion: "major.minor", e.g. "1.0"'),
  description: z.string().max(500).optional(),
  /** Entry module without extension, relative to the plugin folder; default "index". */
  entry: z.string().regex(/^[\w./-]+$/).optional(),
  /** The bot account the plugin posts as; default `<id>-bot`. */
  bot: z.strictObject({ username: z.string().min(1).max(64), displayName: z.string().min(1).max(200) }).optional(),
  config: settingsSchemaShape.optional(),
});

export type PluginManifest = z.infer<typeof manifestSchema>;

/** Null when compatible, else why not. */
export function apiIncompatibility(requested: string, provided: string = PLUGIN_API_VERSION): string | null {
  const [wantMajor, wantMinor] = requested.split('.').map(Number);
  const [haveMajor, haveMinor] = provided.split('.').map(Number);
  if (wantMajor !== haveMajor || (wantMinor ?? 0) > (haveMinor ?? 0)) {
    return `needs plugin API ${requested}, this Warble provides ${provided} (same major, minor up to ${haveMinor ?? 0})`;
  }
  return null;
}

/** The zod schema that validates a plugin's settings. */
export function settingsValidator(schema: SettingsSchema | undefined): z.ZodType<Record<string, unknown>> {
  if (!schema) return z.strictObject({}) as unknown as z.ZodType<Record<string, unknown>>;
  if (schema.type !== 'object') throw new Error('config: the top level must be {"type": "object"}');
  return toZod(schema, 'config') as z.ZodType<Record<string, unknown>>;
}

function toZod(schema: SettingsSchema, where: string): z.ZodType {
  let base: z.ZodType;
  switch (schema.type) {
    case 'string': {
      let text = z.string();
      if (schema.minLength !== undefined) text = text.min(schema.minLength);
      if (schema.maxLength !== undefined) text = text.max(schema.maxLength);
      if (schema.pattern !== undefined) text = text.regex(new RegExp(schema.pattern, 'u'));
      base = text;
      if (schema.enum) base = z.enum(schema.enum.map(String) as [string, ...string[]]);
      if (schema.format === 'uri') base = base.refine((value) => typeof value === 'string' && isHttpUrl(value), 'expected an http(s) URL');
      if (schema.format === 'regex') base = base.refine((value) => typeof value === 'string' && isRegex(value), 'expected a valid regular expression');
      break;
    }
    case 'integer':
    case 'number': {
      let number = schema.type === 'integer' ? z.number().int() : z.number();
      if (schema.minimum !== undefined) number = number.min(schema.minimum);
      if (schema.maximum !== undefined) number = number.max(schema.maximum);
      base = number;
      break;
    }
    case 'boolean':
      base = z.boolean();
      break;
    case 'array':
      if (!schema.items) throw new Error(`${where}: an array needs "items"`);
      base = z.array(toZod(schema.items, `${where}[]`));
      break;
    case 'object': {
      const required = new Set(schema.required ?? []);
      const shape: Record<string, z.ZodType> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        const inner = toZod(child, `${where}.${key}`);
        shape[key] = required.has(key) || child.default !== undefined ? inner : inner.optional();
      }
      base = z.strictObject(shape);
      break;
    }
  }
  return schema.default !== undefined ? base.default(schema.default as never) : base;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isRegex(value: string): boolean {
  try {
    new RegExp(value, 'u');
    return true;
  } catch {
    return false;
  }
}
