/** What makes a valid user name, display name and local password. Pure rules. */
import { validationError } from './errors.js';

export const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9_.-]{0,62}[a-z0-9_])?$/;
export const MIN_PASSWORD_LENGTH = 10;

export function normaliseUsername(raw: string): string {
  const username = raw.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) {
    throw validationError(
      'username',
      'User name must be 1-64 characters: letters, digits, dot, dash or underscore, starting with a letter or digit',
    );
  }
  return username;
}

export function normaliseDisplayName(raw: string | undefined, fallback: string): string {
  const name = (raw ?? '').trim();
  if (name.length > 200) throw validationError('displayName', 'Display name must be at most 200 characters');
  return name === '' ? fallback : name;
}

export function checkNewPassword(password: string, confirmation?: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw validationError('password', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 1024) throw validationError('password', 'Password must be at most 1024 characters');
  if (confirmation !== undefined && confirmation !== password) {
    throw validationError('passwordConfirmation', 'The two passwords differ');
  }
}
