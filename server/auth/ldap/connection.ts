/**
 * Opening LDAP connections: tries each configured URL in order, upgrades with
 * StartTLS when configured, binds, and tells "the directory answered no"
 * (an LDAP result code, rethrown as is) apart from "no directory reachable"
 * (DirectoryUnavailableError), which sign-in and sync must treat differently.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, ResultCodeError } from 'ldapts';
import type { ConnectionAttempt, DirectoryLogger } from './directory-types.js';
import type { LdapSettings } from './ldap-settings.js';

/** No configured URL could be connected to, upgraded and bound. */
export class DirectoryUnavailableError extends Error {
  readonly attempts: ConnectionAttempt[];
  constructor(attempts: ConnectionAttempt[], detail?: string) {
    super(
      detail ??
        `directory unavailable: ${attempts.map((attempt) => `${attempt.url} (${attempt.error})`).join('; ') || 'no URL configured'}`,
    );
    this.name = 'DirectoryUnavailableError';
    this.attempts = attempts;
  }
}

/** A connected (and, if credentials were given, bound) client. */
export interface DirectorySession {
  readonly client: Client;
  /** The URL that answered. */
  readonly url: string;
  close(): Promise<void>;
}

/** DN and password of a simple bind. */
export interface BindCredentials {
  dn: string;
  password: string;
}

/** Node TLS options for a URL: CA, verification, and the name to verify the certificate against. */
export function tlsOptionsFor(settings: LdapSettings, url: string): ConnectionOptions {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const options: ConnectionOptions = {
    host,
    rejectUnauthorized: settings.tlsVerify,
    minVersion: 'TLSv1.2',
  };
  if (isIP(host) === 0) options.servername = host;
  if (settings.ca !== null) options.ca = settings.ca;
  return options;
}

function describe(error: unknown): string {
  if (error instanceof ResultCodeError) return `${error.name} (${error.code}): ${error.message}`;
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Closes a client without ever throwing or hanging. */
export async function closeQuietly(client: Client): Promise<void> {
  await withTimeout(client.unbind(), 1000, 'unbind').catch(() => undefined);
}

/** Makes sure a TCP (and TLS) connection exists, without binding. */
async function ensureConnected(client: Client): Promise<void> {
  try {
    // Root DSE read: harmless on every server; an LDAP error still proves it answered.
    await client.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['1.1'], sizeLimit: 1 });
  } catch (error) {
    if (!(error instanceof ResultCodeError)) throw error;
  }
}

/**
 * Connects to the first URL that works (starting with `preferredUrl` when
 * given), upgrades with StartTLS if configured and binds with `credentials`
 * (none = anonymous). Connection, TLS and timeout failures move on to the next
 * URL; when all fail, throws DirectoryUnavailableError. An LDAP error answered
 * by the server to the bind (e.g. InvalidCredentialsError) is rethrown as is.
 */
export async function openSession(
  settings: LdapSettings,
  credentials: BindCredentials | null,
  logger: DirectoryLogger,
  preferredUrl?: string,
): Promise<DirectorySession> {
  const urls = preferredUrl ? [preferredUrl, ...settings.urls.filter((url) => url !== preferredUrl)] : settings.urls;
  const attempts: ConnectionAttempt[] = [];
  for (const url of urls) {
    const secure = /^ldaps:/i.test(url);
    const client = new Client({
      url,
      connectTimeout: settings.connectTimeoutMs,
      timeout: settings.searchTimeoutMs,
      ...(secure ? { tlsOptions: tlsOptionsFor(settings, url) } : {}),
    });
    const budget = settings.connectTimeoutMs + settings.searchTimeoutMs;
    try {
      if (settings.startTls) await withTimeout(client.startTLS(tlsOptionsFor(settings, url)), budget, 'StartTLS');
      // With credentials, the bind below opens the connection itself.
      else if (!credentials) await withTimeout(ensureConnected(client), budget, 'connect');
    } catch (error) {
      attempts.push({ url, error: describe(error) });
      logger.warn({ url, err: describe(error) }, 'ldap: cannot connect');
      await closeQuietly(client);
      continue;
    }
    if (credentials) {
      try {
        await withTimeout(client.bind(credentials.dn, credentials.password), budget, 'bind');
      } catch (error) {
        await closeQuietly(client);
        if (error instanceof ResultCodeError) throw error;
        attempts.push({ url, error: describe(error) });
        logger.warn({ url, err: describe(error) }, 'ldap: connection lost during bind');
        continue;
      }
    }
    return { client, url, close: () => closeQuietly(client) };
  }
  throw new DirectoryUnavailableError(attempts);
}

/**
 * Opens a session bound as the service account. A rejected service bind is a
 * configuration problem, reported as DirectoryUnavailableError (logged as error).
 */
export async function openServiceSession(
  settings: LdapSettings,
  logger: DirectoryLogger,
  preferredUrl?: string,
): Promise<DirectorySession> {
  const credentials = settings.bindDn === '' ? null : { dn: settings.bindDn, password: settings.bindPassword };
  try {
    return await openSession(settings, credentials, logger, preferredUrl);
  } catch (error) {
    if (error instanceof ResultCodeError) {
      logger.error({ bindDn: settings.bindDn, err: describe(error) }, 'ldap: service account bind rejected (check ldap.bindDn / ldap.bindPassword)');
      throw new DirectoryUnavailableError(
        [{ url: preferredUrl ?? settings.urls[0] ?? '', error: describe(error) }],
        `directory unavailable: service account bind rejected: ${describe(error)}`,
      );
    }
    throw error;
  }
}

/** Short, log-friendly description of an ldapts / socket / TLS error. */
export { describe as describeLdapError };
