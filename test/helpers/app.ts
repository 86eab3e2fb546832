import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import type { ProxyTrust } from '../../src/http/client-ip.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { dirname } from 'node:path';
import { openReadConnection, reusableBytes, type Db } from '../../src/store/database.js';
import { DiskGuard, type StatDisk } from '../../src/store/disk-guard.js';
import { createStore, type Store } from '../../src/store/store.js';
import { Writer } from '../../src/store/writer.js';
import { Metrics } from '../../src/metrics/metrics.js';
import { Notifier, type NotifierOptions } from '../../src/notify/notifier.js';
import type { ZipLimits } from '../../src/domain/zip-layout.js';
import { FixedClock } from './clock.js';

export const SECRET = 'test-passphrase';
export const BASIC = `Basic ${Buffer.from(`:${SECRET}`).toString('base64')}`;
export const silentLog = pino({ level: 'silent' });

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  /** The app's read connection. */
  db: Db;
  dbPath: string;
  dir: string;
  clock: FixedClock;
  metrics: Metrics;
  notifier: Notifier;
  close(): Promise<void>;
  /** Counts rows, straight from the file. */
  count(table: 'entries' | 'entries_data' | 'downloads' | 'sessions' | 'guest_links'): number;
}

export interface TestAppOptions {
  chunkSize?: number;
  clock?: FixedClock;
  secret?: string;
  behindProxy?: ProxyTrust;
  downloadOrigin?: string;
  /** An existing database file to open (copied by the caller). */
  dbPath?: string;
  maxPageCount?: number;
  /** Overrides of the production limits (caps, timeouts, quota). */
  limits?: Partial<Limits>;
  /** Guards the disk as production does (issue 11): this reserve, in bytes, or the default when 'default'. */
  diskReserve?: number | 'default';
  statDisk?: StatDisk;
  /** Serves /metrics with this bearer token (issue 18). */
  metricsToken?: string;
  /** How the notifier retries and times out; it reads the database's settings. */
  notifier?: Omit<NotifierOptions, 'settings' | 'log'>;
  /** When a bundle's zip turns ZIP64 (issue 17). */
  zipLimits?: ZipLimits;
}

/** The real app on a real SQLite file in a temp folder, writer worker included. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'picoshare-test-'));
  const dbPath = options.dbPath ?? join(dir, 'store.db');
  const clock = options.clock ?? new FixedClock();
  const db = openReadConnection(dbPath, { litestream: false }, silentLog);
  const writer = await Writer.start({
    path: dbPath,
    litestream: false,
    chunkSize: options.chunkSize ?? 327_680,
    ...(options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount }),
    ...(options.diskReserve === undefined
      ? {}
      : {
          disk: new DiskGuard({
            dir: dirname(dbPath),
            reserveBytes: options.diskReserve === 'default' ? undefined : options.diskReserve,
            reusableBytes: () => reusableBytes(db),
            ...(options.statDisk ? { statDisk: options.statDisk } : {}),
          }),
        }),
  });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const metrics = new Metrics();
  const store = createStore(db, writer, clock as Clock, limits, metrics);
  const notifier = new Notifier({ settings: () => store.notifications.notificationSettings(), log: silentLog, events: metrics, ...options.notifier });
  const app = buildApp({
    config: {
      sharedSecret: options.secret ?? SECRET,
      behindProxy: options.behindProxy ?? false,
      downloadOrigin: options.downloadOrigin,
      limits,
      metricsToken: options.metricsToken,
    },
    store,
    clock,
    log: silentLog,
    metrics,
    notifier,
    ...(options.zipLimits ? { zipLimits: options.zipLimits } : {}),
  });
  await app.ready();
  return {
    app,
    store,
    db,
    dbPath,
    dir,
    clock,
    metrics,
    notifier,
    count: (table) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    async close() {
      notifier.close();
      await app.close();
      await writer.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the API; returns the Cookie header value. */
export async function login(app: FastifyInstance, secret = SECRET): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth', payload: JSON.stringify({ sharedSecretKey: secret }) });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return String(res.headers['set-cookie']).split(';')[0]!;
}
