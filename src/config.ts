import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseProxyAddress, type ProxyTrust } from './http/client-ip.js';

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  sharedSecret: string;
  /** True when no passphrase was configured and one was made up for this run. */
  sharedSecretGenerated: boolean;
  /** Trusted proxies: off, a number of hops, or addresses and networks (issue 12). */
  behindProxy: ProxyTrust;
  /** Where downloads are served from, e.g. `https://dl.example.com`; undefined: the admin host. */
  downloadOrigin: string | undefined;
  litestream: boolean;
  vacuum: boolean;
  cleanupIntervalMs: number;
  logLevel: string;
  limits: Limits;

  // Disk (issue 11).
  /** Free bytes uploads must leave on the disk; undefined: min(5 % of it, 500 MiB). */
  diskReserveBytes: number | undefined;
  /** Under Litestream: bytes the -wal and Litestream's files may take beyond the database. */
  litestreamDiskMarginBytes: number;

  // Metrics (issue 18).
  /** Bearer token /metrics requires; undefined: no token (and no /metrics on the main port). */
  metricsToken: string | undefined;
  /** A separate listener for /metrics, e.g. 127.0.0.1:9091; undefined: none. */
  metricsAddr: ListenAddress | undefined;
}

export interface ListenAddress {
  host: string;
  port: number;
}

/** What one client, and all of them together, may cost (issue 10). */
export interface Limits {
  /** Uploads in progress at once, over all clients. */
  maxUploads: number;
  /** Uploads in progress at once from one client address (IPv6: one /64). */
  maxUploadsPerClient: number;
  /** Downloads being sent at once, over all clients. */
  maxDownloads: number;
  /** Downloads being sent at once to one client address (IPv6: one /64). */
  maxDownloadsPerClient: number;
  /** An upload body that sends nothing for this long is cut off. */
  uploadIdleTimeoutMs: number;
  /** Time a client has to send a whole non-upload request. */
  requestTimeoutMs: number;
  /** Open connections at once; more are closed as they arrive. */
  maxConnections: number;
  /** Bytes all stored files may take together; null for no quota. */
  storageQuotaBytes: number | null;
  /** Resumable uploads created and not complete, over all clients (issue 13). */
  maxIncompleteUploads: number;
  /** The same from one client address (IPv6: one /64). */
  maxIncompleteUploadsPerClient: number;
  /** A resumable upload without progress for this long is deleted. */
  incompleteUploadTtlMs: number;
  /** The most bytes the upload pages send in one request of a resumable upload: below any proxy's body cap. */
  uploadRequestBytes: number;
}

// Sized for a 256 MB machine: an upload holds at most three 320 KiB chunks, so
// 32 of them cost about 32 MB; a download whose client reads slowly holds two,
// so 64 of them cost about 40 MB (npm run bench -- --hostile measures it).
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxUploads: 32,
  maxUploadsPerClient: 8,
  maxDownloads: 64,
  maxDownloadsPerClient: 16,
  uploadIdleTimeoutMs: 60_000,
  requestTimeoutMs: 30_000,
  maxConnections: 512,
  storageQuotaBytes: null,
  maxIncompleteUploads: 1024,
  maxIncompleteUploadsPerClient: 64,
  incompleteUploadTtlMs: 24 * 3_600_000,
  // Cloudflare's common plans refuse bodies over 100 MB: half that passes with room to spare.
  uploadRequestBytes: 50_000_000,
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const HELP = `Usage: picoshare [flags]

Flags:
  -db, --db PATH             SQLite database file (default data/store.db; parent folders are created)
  --vacuum                   run VACUUM after each periodic cleanup (off by default: it rewrites the
                             whole database, needs free space the size of the database, and makes
                             Litestream upload everything again)
  --cleanup-interval DUR     time between cleanups of expired files, e.g. 7h, 30m, 10s (default 7h)
  -h, --help                 show this help

Environment:
  PORT                       TCP port to listen on (default 4001)
  HOST                       address to listen on (default 0.0.0.0)
  PS_SHARED_SECRET           the owner's passphrase
  PS_SHARED_SECRET_FILE      file holding the passphrase (wins over PS_SHARED_SECRET; for Docker secrets)
                             With neither set, a passphrase is generated at start-up and logged.
  PS_BEHIND_PROXY            trust X-Forwarded-For/-Proto/-Host from reverse proxies: a number of
                             proxy hops (1 on Fly.io and behind a single nginx or Caddy; true
                             means 1), or a comma-separated list of proxy addresses and networks
                             (10.0.0.0/8,fdaa::/16); false, 0 or empty: off
  PS_DOWNLOAD_ORIGIN         serve files from this other origin, e.g. https://dl.example.com
  LITESTREAM_BUCKET          S3 bucket Litestream replicates the database to; while it is set the
                             server applies Litestream's pragmas (busy_timeout=5000,
                             synchronous=NORMAL, wal_autocheckpoint=0)
  LITESTREAM_REPLICA_PATH    a local folder Litestream replicates to instead (same pragmas)
  LOG_LEVEL                  trace, debug, info (default), warn, error or fatal
  PS_MAX_UPLOADS             uploads in progress at once, all clients together (default 32);
                             beyond it a new upload answers 503 with Retry-After
  PS_MAX_UPLOADS_PER_IP      uploads in progress at once from one address or IPv6 /64 (default 8)
  PS_MAX_DOWNLOADS           files being sent at once, all clients together (default 64)
  PS_MAX_DOWNLOADS_PER_IP    files being sent at once to one address or IPv6 /64 (default 16)
  PS_UPLOAD_IDLE_TIMEOUT     an upload that sends nothing for this long is cut off and deleted
                             (default 60s)
  PS_REQUEST_TIMEOUT         time to send any other request, body included (default 30s)
  PS_MAX_CONNECTIONS         open connections at once (default 512)
  PS_STORAGE_QUOTA           total size all files may take, e.g. 20GB or 500MiB (default none);
                             uploads past it answer 507
  PS_MAX_TUS_UPLOADS         resumable uploads started and not finished, all clients together
                             (default 1024); beyond it creating one answers 503
  PS_MAX_TUS_UPLOADS_PER_IP  the same from one address or IPv6 /64 (default 64)
  PS_TUS_EXPIRY              a resumable upload without progress for this long is deleted
                             (default 24h)
  PS_UPLOAD_REQUEST_SIZE     the most the upload pages send per request, below your proxy's body
                             cap, e.g. 90MB (default 50MB)
  PS_DISK_RESERVE_MB         free space (MiB) uploads must leave on the database's disk; an upload
                             that would eat into it gets 507 (default: 5 % of the disk, at most 500)
  PS_METRICS_TOKEN           serve Prometheus metrics at GET /metrics to requests carrying
                             Authorization: Bearer <this token> (off by default)
  PS_METRICS_ADDR            serve /metrics on this separate address instead, e.g. 127.0.0.1:9091 or
                             [::]:9091 (the token is required there too when PS_METRICS_TOKEN is set)
  PS_LITESTREAM_DISK_MARGIN_MB
                             under Litestream: disk (MiB) the WAL and Litestream's copy of it may
                             take beyond the database; uploads slow down to stay within it (default 256)
`;

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const duration = (min: number, minText: string) =>
  z
    .string()
    .regex(DURATION, 'must be a number followed by ms, s, m, h or d, e.g. 7h')
    .transform((s) => {
      const [, n, unit] = DURATION.exec(s)!;
      return Number(n) * UNIT_MS[unit!]!;
    })
    .refine((ms) => ms >= min, `must be at least ${minText}`);

const SIZE = /^(\d+)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i;
const SIZE_UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40,
};
const byteSize = z
  .string()
  .regex(SIZE, 'must be a number of bytes, optionally with a unit: 500MB, 20GB, 1GiB')
  .transform((s) => {
    const [, n, unit] = SIZE.exec(s)!;
    return Number(n) * SIZE_UNITS[(unit ?? 'b').toLowerCase()]!;
  })
  .refine((n) => n > 0, 'must be more than 0 bytes');

const count = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be from 1 to ${max}`);

const flagsSchema = z.object({
  db: z.string().min(1, 'must not be empty').default('data/store.db'),
  vacuum: z.boolean().default(false),
  'cleanup-interval': duration(1_000, '1s').default(7 * 3_600_000),
});

const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
    .transform(Number)
    .refine((n) => n <= 65535, 'must be a port number from 0 to 65535')
    .default(4001),
  HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
  PS_SHARED_SECRET: z.string().optional(),
  PS_SHARED_SECRET_FILE: z.string().optional(),
  PS_BEHIND_PROXY: z
    .string()
    .transform((s, ctx) => {
      const trust = parseProxyTrust(s);
      if (trust === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be a number of proxy hops, true, false, or a comma-separated list of proxy IP addresses or networks such as 10.0.0.0/8' });
        return z.NEVER;
      }
      return trust;
    })
    .default(false),
  PS_DOWNLOAD_ORIGIN: z
    .string()
    .transform((s, ctx) => {
      const origin = parseOrigin(s);
      if (origin === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://dl.example.com (scheme, host and optional port; no path)' });
        return z.NEVER;
      }
      return origin;
    })
    .optional(),
  LITESTREAM_BUCKET: z.string().optional(),
  LITESTREAM_REPLICA_PATH: z.string().optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  PS_MAX_UPLOADS: count(10_000).default(DEFAULT_LIMITS.maxUploads),
  PS_MAX_UPLOADS_PER_IP: count(10_000).default(DEFAULT_LIMITS.maxUploadsPerClient),
  PS_MAX_DOWNLOADS: count(100_000).default(DEFAULT_LIMITS.maxDownloads),
  PS_MAX_DOWNLOADS_PER_IP: count(100_000).default(DEFAULT_LIMITS.maxDownloadsPerClient),
  PS_UPLOAD_IDLE_TIMEOUT: duration(1_000, '1s').default(DEFAULT_LIMITS.uploadIdleTimeoutMs),
  PS_REQUEST_TIMEOUT: duration(1_000, '1s').default(DEFAULT_LIMITS.requestTimeoutMs),
  PS_MAX_CONNECTIONS: count(1_000_000).default(DEFAULT_LIMITS.maxConnections),
  PS_STORAGE_QUOTA: byteSize.optional(),
  PS_MAX_TUS_UPLOADS: count(1_000_000).default(DEFAULT_LIMITS.maxIncompleteUploads),
  PS_MAX_TUS_UPLOADS_PER_IP: count(1_000_000).default(DEFAULT_LIMITS.maxIncompleteUploadsPerClient),
  PS_TUS_EXPIRY: duration(60_000, '1m').default(DEFAULT_LIMITS.incompleteUploadTtlMs),
  PS_UPLOAD_REQUEST_SIZE: byteSize.optional(),
  // Disk (issue 11).
  PS_DISK_RESERVE_MB: z.string().regex(/^\d+$/, 'must be a whole number of MiB').transform(Number).optional(),
  PS_LITESTREAM_DISK_MARGIN_MB: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of MiB')
    .transform(Number)
    .refine((n) => n >= 16, 'must be at least 16')
    .default(256),
  // Metrics (issue 18).
  PS_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters (it guards the metrics)').optional(),
  PS_METRICS_ADDR: z
    .string()
    .transform((s, ctx) => {
      const addr = parseListenAddress(s);
      if (addr === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be host:port, e.g. 127.0.0.1:9091 or [::]:9091' });
        return z.NEVER;
      }
      return addr;
    })
    .optional(),
});

/** `host:port` or `[v6]:port`. */
export function parseListenAddress(raw: string): ListenAddress | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(raw.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return Object.freeze({ host: m[1] ?? m[2]!, port });
}

// Hops beyond this are a typo, not a real chain of proxies.
const MAX_PROXY_HOPS = 32;

/** `PS_BEHIND_PROXY`: upstream took any value as "on"; `true` keeps meaning one proxy. */
export function parseProxyTrust(raw: string): ProxyTrust | undefined {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return 1;
  if (/^\d+$/.test(value)) return Number(value) <= MAX_PROXY_HOPS ? Number(value) : undefined;
  const entries = value.split(',').map((e) => e.trim());
  return entries.every((e) => parseProxyAddress(e) !== undefined) ? Object.freeze(entries) : undefined;
}

/** `https://dl.example.com[:port]` exactly: links are built by appending paths to it. */
export function parseOrigin(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) return undefined;
  if (url.pathname !== '/' || raw.includes('?') || raw.includes('#')) return undefined;
  return url.origin;
}

const MIB = 1024 * 1024;

const BOOLEAN_FLAGS = new Set(['vacuum']);
const VALUE_FLAGS = new Set(['db', 'cleanup-interval']);

/** Go-style flags as upstream takes them: -db x, -db=x, --db x, --db=x. */
function parseArgs(argv: readonly string[]): Record<string, string | boolean> | 'help' {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--?([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new ConfigError(`unexpected argument "${arg}" (see --help)`);
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    if (name === 'h' || name === 'help') return 'help';
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined && !/^(true|false)$/.test(inline)) {
        throw new ConfigError(`--${name}: must be true or false`);
      }
      out[name] = inline !== 'false';
    } else if (VALUE_FLAGS.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new ConfigError(`--${name}: needs a value`);
      out[name] = value;
    } else {
      throw new ConfigError(`unknown flag "${arg}" (see --help)`);
    }
  }
  return out;
}

function firstIssue(error: z.ZodError, prefix: string, input: Record<string, unknown>): ConfigError {
  const issue = error.issues[0]!;
  const name = String(issue.path[0]);
  const value = input[name];
  const got = typeof value === 'string' ? ` (got "${value}")` : '';
  return new ConfigError(`${prefix}${name}: ${issue.message}${got}`);
}

function readSecret(env: z.infer<typeof envSchema>): { secret: string; generated: boolean } {
  if (nonEmpty(env.PS_SHARED_SECRET_FILE)) {
    let text: string;
    try {
      text = readFileSync(env.PS_SHARED_SECRET_FILE!, 'utf8');
    } catch (err) {
      throw new ConfigError(`PS_SHARED_SECRET_FILE: cannot read ${env.PS_SHARED_SECRET_FILE}: ${(err as Error).message}`);
    }
    // Editors and `echo` add a trailing newline that is not part of the passphrase.
    const secret = text.replace(/[\r\n]+$/, '');
    if (secret === '') throw new ConfigError('PS_SHARED_SECRET_FILE: invalid shared secret (the file is empty)');
    return { secret, generated: false };
  }
  if (nonEmpty(env.PS_SHARED_SECRET)) return { secret: env.PS_SHARED_SECRET!, generated: false };
  return { secret: randomBytes(18).toString('base64url'), generated: true };
}

/** Reads flags and environment once; nothing else in the server reads process.env. */
export function parseConfig(argv: readonly string[], rawEnv: NodeJS.ProcessEnv): Readonly<Config> | 'help' {
  const args = parseArgs(argv);
  if (args === 'help') return 'help';
  const flags = flagsSchema.safeParse(args);
  if (!flags.success) throw firstIssue(flags.error, '--', args);
  // An empty variable means "not set", as in upstream's Go code and most shells' habits.
  const cleaned = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, nonEmpty(rawEnv[k])]));
  const env = envSchema.safeParse(cleaned);
  if (!env.success) throw firstIssue(env.error, '', cleaned);
  const { secret, generated } = readSecret(env.data);
  return Object.freeze({
    port: env.data.PORT,
    host: env.data.HOST,
    dbPath: flags.data.db,
    sharedSecret: secret,
    sharedSecretGenerated: generated,
    behindProxy: env.data.PS_BEHIND_PROXY,
    downloadOrigin: env.data.PS_DOWNLOAD_ORIGIN,
    litestream: env.data.LITESTREAM_BUCKET !== undefined || env.data.LITESTREAM_REPLICA_PATH !== undefined,
    vacuum: flags.data.vacuum,
    cleanupIntervalMs: flags.data['cleanup-interval'],
    logLevel: env.data.LOG_LEVEL,
    limits: Object.freeze({
      maxUploads: env.data.PS_MAX_UPLOADS,
      maxUploadsPerClient: env.data.PS_MAX_UPLOADS_PER_IP,
      maxDownloads: env.data.PS_MAX_DOWNLOADS,
      maxDownloadsPerClient: env.data.PS_MAX_DOWNLOADS_PER_IP,
      uploadIdleTimeoutMs: env.data.PS_UPLOAD_IDLE_TIMEOUT,
      requestTimeoutMs: env.data.PS_REQUEST_TIMEOUT,
      maxConnections: env.data.PS_MAX_CONNECTIONS,
      storageQuotaBytes: env.data.PS_STORAGE_QUOTA ?? null,
      maxIncompleteUploads: env.data.PS_MAX_TUS_UPLOADS,
      maxIncompleteUploadsPerClient: env.data.PS_MAX_TUS_UPLOADS_PER_IP,
      incompleteUploadTtlMs: env.data.PS_TUS_EXPIRY,
      uploadRequestBytes: env.data.PS_UPLOAD_REQUEST_SIZE ?? DEFAULT_LIMITS.uploadRequestBytes,
    }),
    // Disk (issue 11).
    diskReserveBytes: env.data.PS_DISK_RESERVE_MB === undefined ? undefined : env.data.PS_DISK_RESERVE_MB * MIB,
    litestreamDiskMarginBytes: env.data.PS_LITESTREAM_DISK_MARGIN_MB * MIB,
    // Metrics (issue 18).
    metricsToken: env.data.PS_METRICS_TOKEN,
    metricsAddr: env.data.PS_METRICS_ADDR,
  });
}
