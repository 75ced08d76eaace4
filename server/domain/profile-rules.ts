/**
 * What a person may write in the profile fields they edit themselves:
 * lengths (the column sizes; the bio is kept short enough to read at a
 * glance), single lines except the bio, and a phone number that dials.
 */
import { validationError } from './errors.js';
import type { ProfileField } from './profile-ownership.js';

/** Longest value of each editable field, in characters. */
export const PROFILE_LIMITS = {
  displayName: 200,
  pronouns: 40,
  title: 200,
  department: 200,
  phone: 100,
  location: 200,
  bio: 500,
} as const satisfies Partial<Record<ProfileField, number>>;

/** The text fields a person edits on their profile, in the order the form shows them. */
export type EditableProfileField = keyof typeof PROFILE_LIMITS;
export const EDITABLE_PROFILE_FIELDS = Object.keys(PROFILE_LIMITS) as EditableProfileField[];

export const isEditableProfileField = (name: string): name is EditableProfileField => Object.hasOwn(PROFILE_LIMITS, name);

/** Digits with the usual separators, optionally an extension: "+33 1 23 45 67 89", "(555) 010-2030 ext. 12". */
const PHONE_PATTERN = /^\+?[0-9 ().\/-]+(?:\s*(?:x|ext\.?)\s*[0-9]+)?$/i;
const LINE_BREAK = /[\r\n]/;

/** The value to store for a submitted one: trimmed, '' as null; throws a 422 naming the field when it breaks a rule. */
export function checkedProfileValue(field: EditableProfileField, raw: string): string | null {
  const value = field === 'bio' ? raw.replace(/\r\n?/g, '\n').trim() : raw.trim();
  const limit = PROFILE_LIMITS[field];
  if ([...value].length > limit) throw validationError(field, `Must be at most ${limit} characters`);
  if (field !== 'bio' && LINE_BREAK.test(value)) throw validationError(field, 'Must be a single line');
  if (value === '') {
    if (field === 'displayName') throw validationError(field, 'The display name cannot be empty');
    return null;
  }
  if (field === 'phone' && (!PHONE_PATTERN.test(value) || (value.match(/[0-9]/g) ?? []).length < 3)) {
    throw validationError(field, 'Enter a phone number: digits, spaces, + ( ) . - /, and an optional extension');
  }
  return value;
}
