/**
 * Every setting Rapport reads from the environment, in one schema. Each entry has a default and a description;
 * `docs/operations.md` is generated from the same list (see `npm run cli -- config`).
 */
import { isIP } from 'node:net';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  secret: string;
  baseUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginRateLimit: number;
  trustProxy: TrustProxy;
  webDist: string;
  dataDir: string;
  jobRetentionHours: number;
  webhookAllowPrivate: boolean;
  mailUrl: string | undefined;
  mailFrom: string | undefined;
  inboundDomain: string | undefined;
  inboundSmtpPort: number | undefined;
  inboundSmtpHost: string;
  inboundMaxBytes: number;
  attachmentMaxBytes: number;
  imapUrl: string | undefined;
}

/**
 * Which peers may set the client address through `X-Forwarded-For`: nobody (`false`), the nearest N hops, or the
 * listed proxy addresses/CIDRs. Passed to Fastify's `trustProxy`.
 */
export type TrustProxy = false | number | string[];

type Parser<T> = (raw: string) => T;

interface Setting<K extends keyof Config> {
  env: string;
  key: K;
  description: string;
  default: string | undefined;
  parse: Parser<Config[K]>;
  secret?: boolean;
}

class ConfigError extends Error {
  override name = 'ConfigError';
}

const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ConfigError(`must be a whole number from ${min} to ${max}`);
    return n;
  };

const bool: Parser<boolean> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new ConfigError('must be true or false');
};

const str: Parser<string> = (raw) => raw;
const optional: Parser<string | undefined> = (raw) => (raw === '' ? undefined : raw);

/** Fastify's `trustProxy` for the setting (its types take a hop count as a function). */
export function trustProxyOption(t: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_address, hop) => hop < t : t;
}

/** proxy-addr's names for address ranges, accepted beside addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

const trustProxy: Parser<TrustProxy> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['', 'false', 'no', 'off', '0'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) {
    throw new ConfigError(
      'trusting every peer lets any client forge its address; give a hop count (e.g. 1) or the proxy addresses',
    );
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new ConfigError('a hop count must be from 0 to 10');
    return hops;
  }
  const entries = v.split(',').map((e) => e.trim());
  for (const e of entries) {
    if (PROXY_RANGE_NAMES.includes(e)) continue;
    const [address = '', prefix, ...rest] = e.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new ConfigError(
        `"${e}" is not an address, a CIDR (10.0.0.0/8) or one of ${PROXY_RANGE_NAMES.join(', ')}; use false, a hop count, or a comma-separated list`,
      );
    }
  }
  return entries;
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function define<K extends keyof Config>(s: Setting<K>): Setting<K> {
  return s;
}

export const SETTINGS = [
  define({
    env: 'PORT',
    key: 'port',
    default: '3000',
    description: 'TCP port the HTTP server listens on.',
    parse: int(0, 65535),
  }),
  define({
    env: 'HOST',
    key: 'host',
    default: '0.0.0.0',
    description: 'Interface to listen on (`127.0.0.1` for local only).',
    parse: str,
  }),
  define({
    env: 'DATABASE_URL',
    key: 'databaseUrl',
    default: 'sqlite:./data/rapport.db',
    description:
      'Where the data lives. `sqlite:<path>` (or a bare file path, or `sqlite::memory:`) for embedded SQLite; `postgres://user:pass@host:5432/db` for PostgreSQL.',
    parse: (raw) => {
      if (/^(postgres|postgresql):\/\//.test(raw) || raw.startsWith('sqlite:') || !raw.includes('://')) return raw;
      throw new ConfigError('must start with sqlite: or postgres://');
    },
  }),
  define({
    env: 'RAPPORT_SECRET',
    key: 'secret',
    default: 'dev-only-secret-change-me-in-production',
    description:
      'Secret used to sign cookies and the customer rating (CSAT) links in emails (changing it invalidates links already sent). Set a long random value in production (at least 32 characters).',
    parse: (raw) => {
      if (raw.length < 16) throw new ConfigError('must be at least 16 characters');
      return raw;
    },
    secret: true,
  }),
  define({
    env: 'RAPPORT_BASE_URL',
    key: 'baseUrl',
    default: 'http://localhost:3000',
    description:
      'Public URL users reach Rapport at (default: http://localhost:PORT). An `https://` URL makes session cookies `Secure`.',
    parse: (raw) => {
      try {
        const u = new URL(raw);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
        return raw.replace(/\/$/, '');
      } catch {
        throw new ConfigError('must be an http:// or https:// URL');
      }
    },
  }),
  define({
    env: 'RAPPORT_ADMIN_EMAIL',
    key: 'adminEmail',
    default: '',
    description: 'With `RAPPORT_ADMIN_PASSWORD`: creates the first admin user when the database has no users.',
    parse: optional,
  }),
  define({
    env: 'RAPPORT_ADMIN_PASSWORD',
    key: 'adminPassword',
    default: '',
    description: 'Password for the first admin (at least 8 characters, not a common password).',
    parse: optional,
    secret: true,
  }),
  define({
    env: 'RAPPORT_DEMO',
    key: 'demo',
    default: 'false',
    description:
      'Seed the demo workspace (companies, people, users in teams and roles) when the database is empty. `npm start` turns it on; leave it off in production.',
    parse: bool,
  }),
  define({
    env: 'LOG_LEVEL',
    key: 'logLevel',
    default: 'info',
    description: 'One of fatal, error, warn, info, debug, trace, silent.',
    parse: (raw) => {
      const v = raw.toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(v))
        throw new ConfigError(`must be one of ${LOG_LEVELS.join(', ')}`);
      return v as Config['logLevel'];
    },
  }),
  define({
    env: 'RAPPORT_SESSION_IDLE_MINUTES',
    key: 'sessionIdleMinutes',
    default: '720',
    description: 'A session unused for this long ends.',
    parse: int(1, 60 * 24 * 30),
  }),
  define({
    env: 'RAPPORT_SESSION_ABSOLUTE_HOURS',
    key: 'sessionAbsoluteHours',
    default: '168',
    description: 'A session ends this long after login, however active.',
    parse: int(1, 24 * 365),
  }),
  define({
    env: 'RAPPORT_LOGIN_RATE_LIMIT',
    key: 'loginRateLimit',
    default: '10',
    description:
      'Login attempts allowed per minute from one address; the same limit applies separately to forgot-password and password-link requests.',
    parse: int(1, 10_000),
  }),
  define({
    env: 'RAPPORT_TRUST_PROXY',
    key: 'trustProxy',
    default: 'false',
    description:
      'Whose `X-Forwarded-For` to believe for the client address (rate limits, audit trail): `false` (the TCP peer is the client), a hop count of proxies in front (`1` behind one reverse proxy), or comma-separated proxy addresses/CIDRs (`10.0.0.0/8,127.0.0.1`; also `loopback`, `linklocal`, `uniquelocal`).',
    parse: trustProxy,
  }),
  define({
    env: 'RAPPORT_WEB_DIST',
    key: 'webDist',
    default: 'dist',
    description: 'Folder with the built web app (`npm run build`).',
    parse: str,
  }),
  define({
    env: 'RAPPORT_DATA_DIR',
    key: 'dataDir',
    default: 'data',
    description:
      'Folder for files Rapport writes (job results such as exports, under `jobs/`). With several instances, a shared volume so any instance can serve a download.',
    parse: (raw) => {
      if (raw.trim() === '') throw new ConfigError('must be a folder path');
      return raw;
    },
  }),
  define({
    env: 'RAPPORT_JOB_RETENTION_HOURS',
    key: 'jobRetentionHours',
    default: '72',
    description: 'How long a finished job and its result file (an export) are kept before both are removed.',
    parse: int(1, 24 * 365),
  }),
  define({
    env: 'RAPPORT_WEBHOOK_ALLOW_PRIVATE',
    key: 'webhookAllowPrivate',
    default: 'false',
    description:
      'Allow webhook deliveries to loopback, link-local and private addresses (checked after DNS resolution, on every attempt). Leave off in production: it stops a webhook URL from reaching internal services.',
    parse: bool,
  }),
  define({
    env: 'RAPPORT_MAIL_URL',
    key: 'mailUrl',
    default: '',
    description:
      'SMTP server for outgoing mail (password resets, invitations), e.g. `smtps://user:pass@mail.example.com:465` or `smtp://relay:25`. Unset: mail goes to the dev mailbox (Settings → Dev mailbox) instead of being sent.',
    parse: (raw) => {
      if (raw.trim() === '') return undefined;
      try {
        const u = new URL(raw);
        if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error();
        return raw;
      } catch {
        throw new ConfigError('must be an smtp:// or smtps:// URL');
      }
    },
    secret: true,
  }),
  define({
    env: 'RAPPORT_MAIL_FROM',
    key: 'mailFrom',
    default: '',
    description:
      'Sender of outgoing mail, e.g. `Rapport <crm@example.com>`. Unset: `Rapport <rapport@HOST>` with the host of `RAPPORT_BASE_URL`.',
    parse: (raw) => {
      if (raw.trim() === '') return undefined;
      if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(raw.trim()))
        throw new ConfigError('must be an address, or a name and <address>');
      return raw.trim();
    },
  }),
  define({
    env: 'RAPPORT_INBOUND_DOMAIN',
    key: 'inboundDomain',
    default: '',
    description:
      'Mail domain that reaches Rapport (its MX points at the inbound SMTP listener, or its mailbox is read by IMAP), e.g. `support.example.com`. Case replies then carry `Reply-To: c-1042@support.example.com`, and the listener accepts mail for this domain only. Unset: no Reply-To; the listener accepts any recipient.',
    parse: (raw) => {
      const v = raw.trim().toLowerCase();
      if (v === '') return undefined;
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(v))
        throw new ConfigError('must be a domain name such as support.example.com');
      return v;
    },
  }),
  define({
    env: 'RAPPORT_INBOUND_SMTP_PORT',
    key: 'inboundSmtpPort',
    default: '',
    description:
      'Port of the built-in SMTP listener for inbound mail (e.g. `2525`, behind your MX or a relay). Unset: the listener is off.',
    parse: (raw) => (raw.trim() === '' ? undefined : int(1, 65535)(raw.trim())),
  }),
  define({
    env: 'RAPPORT_INBOUND_SMTP_HOST',
    key: 'inboundSmtpHost',
    default: '0.0.0.0',
    description: 'Interface the inbound SMTP listener binds to (`127.0.0.1` when a local relay forwards to it).',
    parse: str,
  }),
  define({
    env: 'RAPPORT_INBOUND_MAX_BYTES',
    key: 'inboundMaxBytes',
    default: '26214400',
    description:
      'Largest inbound mail accepted, in bytes (25 MiB by default); the SMTP listener announces it (SIZE) and refuses larger mail, IMAP polling skips it.',
    parse: int(1024, 200 * 1024 * 1024),
  }),
  define({
    env: 'RAPPORT_ATTACHMENT_MAX_BYTES',
    key: 'attachmentMaxBytes',
    default: '10485760',
    description:
      'Largest attachment stored from an inbound mail, in bytes (10 MiB by default). A larger one, or one of a type not allowed, is refused and listed on the message; the message itself is kept.',
    parse: int(1, 200 * 1024 * 1024),
  }),
  define({
    env: 'RAPPORT_IMAP_URL',
    key: 'imapUrl',
    default: '',
    description:
      'IMAP mailbox polled every minute for inbound mail, e.g. `imaps://user:pass@imap.example.com:993/INBOX` (the path names the folder; INBOX by default). Unseen messages are stored on cases, then marked seen. Unset: no polling.',
    parse: (raw) => {
      if (raw.trim() === '') return undefined;
      try {
        const u = new URL(raw);
        if (u.protocol !== 'imap:' && u.protocol !== 'imaps:') throw new Error();
        return raw;
      } catch {
        throw new ConfigError('must be an imap:// or imaps:// URL');
      }
    },
    secret: true,
  }),
] as const;

export interface ConfigProblem {
  env: string;
  message: string;
}

export class InvalidConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.env}: ${p.message}`).join('\n')}`);
    this.name = 'InvalidConfigError';
    this.problems = problems;
  }
}

/** Reads and validates the configuration once. Throws InvalidConfigError naming every bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const out: Partial<Record<keyof Config, unknown>> = {};
  const problems: ConfigProblem[] = [];
  for (const s of SETTINGS) {
    const raw = env[s.env] ?? s.default ?? '';
    try {
      out[s.key] = (s.parse as Parser<unknown>)(raw);
    } catch (err) {
      problems.push({ env: s.env, message: err instanceof ConfigError ? err.message : String(err) });
    }
  }
  const config = { ...(out as Config), ...overrides };
  // Without an explicit public URL, the one the server listens on.
  if (
    env.RAPPORT_BASE_URL === undefined &&
    overrides.baseUrl === undefined &&
    !problems.some((p) => p.env === 'PORT')
  ) {
    config.baseUrl = `http://localhost:${config.port}`;
  }
  if (Boolean(config.adminEmail) !== Boolean(config.adminPassword)) {
    problems.push({
      env: 'RAPPORT_ADMIN_EMAIL',
      message: 'set RAPPORT_ADMIN_EMAIL and RAPPORT_ADMIN_PASSWORD together',
    });
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return config;
}

/** The settings table for docs/operations.md. */
export function settingsMarkdown(): string {
  const rows = SETTINGS.map(
    (s) => `| \`${s.env}\` | ${s.default ? `\`${s.default}\`` : '(unset)'} | ${s.description} |`,
  );
  return ['| Variable | Default | Description |', '|---|---|---|', ...rows].join('\n');
}
