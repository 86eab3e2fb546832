import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  sharedSecret: string;
  /** True when no passphrase was configured and one was made up for this run. */
  sharedSecretGenerated: boolean;
  behindProxy: boolean;
  litestream: boolean;
  vacuum: boolean;
  cleanupIntervalMs: number;
  logLevel: string;
  /** Exposes event-loop delay for `npm run bench`; never on by default. */
  benchMetrics: boolean;

  // Disk (issue 11).
  /** Free bytes uploads must leave on the disk; undefined: min(5 % of it, 500 MiB). */
  diskReserveBytes: number | undefined;
  /** Under Litestream: bytes the -wal and Litestream's files may take beyond the database. */
  litestreamDiskMarginBytes: number;
}

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
  PS_BEHIND_PROXY            any value: trust X-Forwarded-For/-Proto/-Host from a reverse proxy
  LITESTREAM_BUCKET          S3 bucket Litestream replicates the database to; while it is set the
                             server applies Litestream's pragmas (busy_timeout=5000,
                             synchronous=NORMAL, wal_autocheckpoint=0)
  LITESTREAM_REPLICA_PATH    a local folder Litestream replicates to instead (same pragmas)
  LOG_LEVEL                  trace, debug, info (default), warn, error or fatal
  PS_BENCH_METRICS           npm run bench only: any value serves GET /api/debug/metrics
                             without authentication; never set it in production
  PS_DISK_RESERVE_MB         free space (MiB) uploads must leave on the database's disk; an upload
                             that would eat into it gets 507 (default: 5 % of the disk, at most 500)
  PS_LITESTREAM_DISK_MARGIN_MB
                             under Litestream: disk (MiB) the WAL and Litestream's copy of it may
                             take beyond the database; uploads slow down to stay within it (default 256)
`;

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const flagsSchema = z.object({
  db: z.string().min(1, 'must not be empty').default('data/store.db'),
  vacuum: z.boolean().default(false),
  'cleanup-interval': z
    .string()
    .regex(DURATION, 'must be a number followed by ms, s, m, h or d, e.g. 7h')
    .transform((s) => {
      const [, n, unit] = DURATION.exec(s)!;
      return Number(n) * UNIT_MS[unit!]!;
    })
    .refine((ms) => ms >= 1_000, 'must be at least 1s')
    .default(7 * 3_600_000),
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
  PS_BEHIND_PROXY: z.string().optional(),
  LITESTREAM_BUCKET: z.string().optional(),
  LITESTREAM_REPLICA_PATH: z.string().optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  PS_BENCH_METRICS: z.string().optional(),
  // Disk (issue 11).
  PS_DISK_RESERVE_MB: z.string().regex(/^\d+$/, 'must be a whole number of MiB').transform(Number).optional(),
  PS_LITESTREAM_DISK_MARGIN_MB: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of MiB')
    .transform(Number)
    .refine((n) => n >= 16, 'must be at least 16')
    .default(256),
});

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
    behindProxy: env.data.PS_BEHIND_PROXY !== undefined,
    litestream: env.data.LITESTREAM_BUCKET !== undefined || env.data.LITESTREAM_REPLICA_PATH !== undefined,
    vacuum: flags.data.vacuum,
    cleanupIntervalMs: flags.data['cleanup-interval'],
    logLevel: env.data.LOG_LEVEL,
    benchMetrics: env.data.PS_BENCH_METRICS !== undefined,
    // Disk (issue 11).
    diskReserveBytes: env.data.PS_DISK_RESERVE_MB === undefined ? undefined : env.data.PS_DISK_RESERVE_MB * MIB,
    litestreamDiskMarginBytes: env.data.PS_LITESTREAM_DISK_MARGIN_MB * MIB,
  });
}
