/**
 * The one schema for Warble's configuration.
 *
 * Every leaf has a default, so an empty file is a working single-node instance
 * on SQLite. Every leaf also has an environment twin derived from its path
 * (see env-names.ts), which is why leaves are built from env-values.ts.
 */
import { z } from 'zod';
import { envBoolean, envInteger, envList } from './env-values.js';
import { ldapConfigSchema } from '../auth/ldap/ldap-config.js';
import { oidcConfigSchema } from '../auth/oidc/oidc-config.js';
import { samlConfigSchema } from '../auth/saml/saml-config.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const urlString = (protocols: readonly string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/** What may be attached unless the operator says otherwise: common images and office documents. */
const DEFAULT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

export const configSchema = z.strictObject({
  /** TCP port the HTTP server listens on (0: the system picks a free port, for tests). */
  port: envInteger(0, 65535).default(3000),
  /** Address to bind; 0.0.0.0 in containers. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Where the SQLite file, attachments and the generated session secret live. */
  dataDir: z.string().min(1).default('./data'),
  /** The address people type in their browser; used for links and secure cookies. Kept without a trailing slash, so links join with `${publicUrl}/path`. */
  publicUrl: z
    .union([z.literal(''), urlString(['http:', 'https:'])])
    .default('')
    .transform((url) => url.replace(/\/+$/, '')),
  /** Trust X-Forwarded-* headers from a reverse proxy. */
  trustProxy: envBoolean().default(false),
  logLevel: z.enum(logLevels).default('info'),
  database: z
    .object({
      /** Empty: a SQLite file in dataDir. `postgres://…` selects PostgreSQL; `sqlite:PATH` another file. */
      url: z.string().default(''),
      poolMax: envInteger(1, 200).default(10),
      /** SQLite only: how long a writer waits for the lock before failing. */
      busyTimeoutMs: envInteger(0, 600000).default(5000),
      /** PostgreSQL: how long a starting node keeps retrying an unreachable database before it gives up. */
      connectTimeoutSeconds: envInteger(0, 3600).default(60),
    })
    .prefault({}),
  redis: z
    .object({
      /** Optional. Enables cross-node live events and shared rate limits. */
      url: z.union([z.literal(''), urlString(['redis:', 'rediss:'])]).default(''),
      /** Prefix of every key and channel Warble uses, so several installations can share one Redis. */
      keyPrefix: z.string().regex(/^[A-Za-z0-9:_.-]{0,64}$/, 'letters, digits and :_.- only').default('warble:'),
      /** How long a starting node keeps retrying an unreachable Redis before it gives up. */
      connectTimeoutSeconds: envInteger(0, 3600).default(60),
    })
    .prefault({}),
  session: z
    .object({
      /** Signs session cookies. Empty: generated once and kept in dataDir/session-secret. */
      secret: z.string().default(''),
      maxAgeHours: envInteger(1, 24 * 365).default(24 * 14),
    })
    .prefault({}),
  auth: z
    .object({
      local: z
        .object({
          /** Local (non-directory) accounts, including break-glass administrators. */
          enabled: envBoolean().default(true),
        })
        .prefault({}),
      signInRateLimit: z
        .object({
          /** Failed attempts at one account from one address before that address must wait. */
          perAccountAndAddress: envInteger(1, 1000).default(5),
          /** Failed attempts from one address, whatever the accounts. */
          perAddress: envInteger(1, 10000).default(30),
          /** Failed attempts at one account from all addresses; past it, only addresses that have not failed may still try. */
          perAccount: envInteger(1, 100000).default(50),
          windowSeconds: envInteger(1, 86400).default(900),
        })
        .prefault({}),
      /** OpenID Connect sign-in (docs/sso.md). */
      oidc: oidcConfigSchema.prefault({}),
      scim: z
        .object({
          /** SCIM 2.0 provisioning at /scim/v2 (Entra ID, Okta); see docs/scim.md. */
          enabled: envBoolean().default(false),
          /** The bearer token the identity provider sends; at least 32 characters (e.g. `openssl rand -hex 32`). */
          token: z.string().default(''),
        })
        .prefault({}),
      /** SAML 2.0 single sign-on (server/auth/saml/saml-config.ts, docs/sso.md). */
      saml: samlConfigSchema.prefault({}),
    })
    .prefault({}),
  http: z
    .object({
      /** Largest JSON or form body accepted, in kilobytes. */
      bodyLimitKb: envInteger(1, 102400).default(256),
      /** How long in-flight requests may take to finish on SIGTERM. */
      shutdownTimeoutMs: envInteger(0, 600000).default(10000),
    })
    .prefault({}),
  instance: z
    .object({
      name: z.string().min(1).max(100).default('Warble'),
      defaultLanguage: z.enum(['en', 'fr']).default('en'),
    })
    .prefault({}),
  ldap: ldapConfigSchema.prefault({}),
  posts: z
    .object({
      /** Longest post, in user-perceived characters (every link counts 23). */
      maxLength: envInteger(1, 100000).default(500),
    })
    .prefault({}),
  timelines: z
    .object({
      /**
       * Home feeds kept on write (server/services/timelines/feeds/). auto: in Redis when redis.url is
       * set, in this process's memory on SQLite (one node), off on PostgreSQL without Redis (several
       * nodes share no memory: every home page is merged from the database). memory, redis or off force it.
       */
      homeFeeds: z.enum(['auto', 'memory', 'redis', 'off']).default('auto'),
      /** Post ids kept per person (Mastodon keeps 400); older pages are merged from the database. */
      feedSize: envInteger(20, 10000).default(400),
      /** Accounts followed by more people than this are not copied into feeds but merged on read. */
      fanOutMaxFollowers: envInteger(1, 10_000_000).default(1000),
      /** memory: the feeds of at most this many people are kept (least recently read go first). */
      memoryFeeds: envInteger(1, 10_000_000).default(20000),
      /** redis: a feed nobody read for this long expires (it is rebuilt on the next read). */
      feedTtlHours: envInteger(1, 24 * 365).default(72),
      /**
       * A per-node cache of posts and accounts behind every timeline (server/db/cache/). auto: on with
       * SQLite (one node) or with Redis (nodes tell each other what changed); off on PostgreSQL without Redis.
       */
      readCache: z.enum(['auto', 'on', 'off']).default('auto'),
      /** Longest a cached record lives, whatever happens: bounds staleness when an invalidation is lost (Redis away). */
      readCacheTtlSeconds: envInteger(1, 3600).default(30),
      /** Posts kept per node (each cache: rows, tags, attachments, groups); least recently used go first. */
      readCacheEntries: envInteger(100, 10_000_000).default(50_000),
      /** Accounts kept per node: each is a full users record (~3.6 KB measured), so fewer than posts. */
      readCacheAccounts: envInteger(100, 10_000_000).default(10_000),
    })
    .prefault({}),
  media: z
    .object({
      /** Largest attachment accepted, in bytes. */
      maxBytes: envInteger(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
      /** MIME types people may attach; images among them get a preview. SVG is left out on purpose (it can carry script). */
      allowedTypes: envList().default([...DEFAULT_MEDIA_TYPES]),
    })
    .prefault({}),
  retention: z
    .object({
      /** Days posts (public and group) are kept; 0 keeps them forever. */
      postDays: envInteger(0, 36500).default(0),
      /** Days direct messages are kept; 0 keeps them forever. */
      messageDays: envInteger(0, 36500).default(0),
      /** Per-group overrides as `slug:days` (0 = forever), e.g. `incidents:3650`. */
      groupDays: envList()
        .default([])
        .refine((entries) => entries.every((entry) => /^[a-z0-9][a-z0-9-]*:\d{1,5}$/.test(entry)), 'expected entries like incidents:3650'),
    })
    .prefault({}),
  audit: z
    .object({
      /** Days the audit log keeps entries; older ones are purged. */
      retentionDays: envInteger(1, 36500).default(365),
    })
    .prefault({}),
  analytics: z
    .object({
      /** Count impressions (a post shown in a timeline, once per viewer); off stops the counting, not the dashboard. */
      impressions: envBoolean().default(true),
      /** IANA time zone of the heat map for people who have not chosen one on /settings. */
      defaultTimeZone: z
        .string()
        .default('UTC')
        .refine((zone) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: zone });
            return true;
          } catch {
            return false;
          }
        }, 'expected an IANA time zone such as Europe/Paris'),
    })
    .prefault({}),
  metrics: z
    .object({
      /** Bearer token Prometheus sends to scrape /metrics. */
      token: z.string().default(''),
      /** Addresses or CIDR ranges allowed to scrape without a token. With neither set, loopback only. */
      allowFrom: envList().default([]),
    })
    .prefault({}),
  smtp: z
    .object({
      /** The mail relay; empty turns outgoing mail (digests) off. */
      host: z.string().trim().default(''),
      port: envInteger(1, 65535).default(587),
      /** starttls: plain connection upgraded, refused without STARTTLS; tls: implicit TLS (port 465); none: no encryption (a local relay only). */
      security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
      user: z.string().default(''),
      password: z.string().default(''),
      /** The From address; empty: "<instance name> <noreply@host of publicUrl>". */
      from: z.string().trim().default(''),
      /** PEM file of the CA that signed the relay's certificate, for a private CA. */
      caFile: z.string().trim().default(''),
      tlsVerify: envBoolean().default(true),
      /** Connecting, greeting and each SMTP reply: how long before the attempt fails (and is retried next run). */
      timeoutMs: envInteger(100, 600000).default(30000),
    })
    .prefault({}),
  /**
   * Bootstraps the first administrator at start when none exists (WARBLE_ADMIN_USERNAME, WARBLE_ADMIN_PASSWORD,
   * WARBLE_ADMIN_EMAIL): for automated installs. Ignored once an administrator exists; the password is never logged.
   */
  admin: z
    .object({
      username: z.string().trim().default(''),
      password: z.string().default(''),
      email: z.string().trim().default(''),
    })
    .prefault({}),
  /** Links mailed to people by administrators (invitations) and to themselves (password reset). */
  accounts: z
    .object({
      /** Days an invitation link stays valid; a re-sent invitation starts again. */
      invitationExpiryDays: envInteger(1, 365).default(7),
      /** Minutes a password-reset link stays valid. */
      passwordResetExpiryMinutes: envInteger(5, 1440).default(60),
    })
    .prefault({}),
  digest: z
    .object({
      /** Hour of the day (UTC) from which the daily digest goes out. */
      hourUtc: envInteger(0, 23).default(7),
      /** ISO weekday (1 = Monday … 7 = Sunday) from which the weekly digest goes out, at hourUtc. */
      weekday: envInteger(1, 7).default(1),
      /** How often each server checks for digests due (0: only `warble digest run`, e.g. from cron). */
      intervalMinutes: envInteger(0, 1440).default(15),
    })
    .prefault({}),
  /** The email bridge (docs/email.md): mail the company relay forwards into Warble. */
  mail: z
    .object({
      incoming: z
        .object({
          /** Starts the built-in SMTP listener that the company's mail server relays to. */
          enabled: envBoolean().default(false),
          /** Port of the listener (WARBLE_MAIL_INCOMING_PORT). */
          port: envInteger(1, 65535).default(2525),
          /** The domain of reply and group addresses, e.g. warble.example.com (WARBLE_MAIL_INCOMING_DOMAIN). */
          domain: z.string().trim().toLowerCase().default(''),
        })
        .prefault({}),
    })
    .prefault({}),
  plugins: z
    .object({
      /** Plugin ids to load, in this order (see docs/plugins.md). */
      enabled: envList().default([]),
      /** Folder(s) of external plugins, separated by ':' (bundled plugins are always found in plugins/). */
      dir: z.string().default(''),
      /** How long one filter handler may take before it is skipped (or fails closed). */
      filterTimeoutMs: envInteger(10, 60000).default(2000),
      /** How long one action handler may take before it is abandoned and logged. */
      actionTimeoutMs: envInteger(10, 600000).default(10000),
    })
    // plugins.<id>: each plugin's own settings, validated by its manifest when it loads.
    .catchall(z.record(z.string(), z.unknown()))
    .prefault({}),
}).superRefine((config, ctx) => {
  // A mail is read outside Warble: its links and unsubscribe address must be absolute.
  if (config.smtp.host !== '' && config.publicUrl === '') {
    ctx.addIssue({ code: 'custom', path: ['publicUrl'], message: 'required when smtp.host is set (mail links must be absolute)' });
  }
  // A short SCIM token could be guessed; an empty one would let anyone provision accounts.
  if (config.auth.scim.enabled && config.auth.scim.token.length < 32) {
    ctx.addIssue({ code: 'custom', path: ['auth', 'scim', 'token'], message: 'required when auth.scim.enabled is set, at least 32 characters' });
  }
  // Reply and group addresses are <something>@<domain>: without it no mail could find its way back.
  if (config.mail.incoming.enabled && !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(config.mail.incoming.domain)) {
    ctx.addIssue({ code: 'custom', path: ['mail', 'incoming', 'domain'], message: 'required when mail.incoming.enabled is true: a domain name such as warble.example.com' });
  }
  if (config.admin.username !== '' && config.admin.password === '') {
    ctx.addIssue({ code: 'custom', path: ['admin', 'password'], message: 'required when admin.username is set' });
  }
  // The provider sends people back to <publicUrl>/auth/oidc/callback, registered with it in advance.
  if (config.auth.oidc.enabled && config.publicUrl === '') {
    ctx.addIssue({ code: 'custom', path: ['publicUrl'], message: 'required when auth.oidc.enabled is true (the redirect URI is <publicUrl>/auth/oidc/callback)' });
  }
  // The IdP posts to an absolute ACS URL, and Warble checks assertions were addressed to it.
  if (config.auth.saml.enabled && config.publicUrl === '') {
    ctx.addIssue({ code: 'custom', path: ['publicUrl'], message: 'required when auth.saml.enabled is true (the IdP needs absolute URLs)' });
  }
});

/** The validated configuration every part of Warble receives. */
export type WarbleConfig = z.infer<typeof configSchema>;

export const supportedLanguages = ['en', 'fr'] as const;
export type Language = (typeof supportedLanguages)[number];
