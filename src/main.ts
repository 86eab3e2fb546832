import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { ConfigError, HELP, parseConfig, type Config } from './config.js';
import { systemClock } from './domain/clock.js';
import { buildMetricsApp } from './http/metrics-app.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics/metrics.js';
import { Notifier } from './notify/notifier.js';
import { Cleanup } from './store/cleanup.js';
import { openReadConnection, reusableBytes } from './store/database.js';
import { DigestBackfill } from './store/digest-backfill.js';
import { DiskGuard } from './store/disk-guard.js';
import { createStore } from './store/store.js';
import { Writer } from './store/writer.js';

// Long enough for an upload near its end to finish; Fly's kill_timeout allows more.
const SHUTDOWN_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 100;
// Upstream's 320 KiB; see the README's Performance section.
const CHUNK_SIZE = 327_680;

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

function readConfig(): Readonly<Config> {
  try {
    const config = parseConfig(process.argv.slice(2), process.env);
    if (config === 'help') {
      process.stdout.write(HELP);
      process.exit(0);
    }
    return config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`picoshare: ${err.message}\n`);
    process.exit(2);
  }
}

async function run(config: Readonly<Config>, log: Logger): Promise<void> {
  const db = openReadConnection(config.dbPath, { litestream: config.litestream }, log);

  let stopping = false;
  let app: FastifyInstance | undefined;
  let metricsApp: FastifyInstance | undefined;
  let notifier: Notifier | undefined;
  let cleanup: Cleanup | undefined;
  let backfill: DigestBackfill | undefined;
  const writer = await Writer.start({
    path: config.dbPath,
    litestream: config.litestream,
    chunkSize: CHUNK_SIZE,
    disk: new DiskGuard({
      dir: dirname(config.dbPath),
      reserveBytes: config.diskReserveBytes,
      reusableBytes: () => reusableBytes(db),
    }),
    litestreamMarginBytes: config.litestreamDiskMarginBytes,
    log: log.child({ module: 'writer' }),
    onFailure: (err) => {
      log.fatal({ err }, 'database writer failed');
      void stop(1);
    },
  });

  // Each step runs even when an earlier one failed, so the database is closed
  // whatever happened to the server.
  async function stop(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info('shutting down');
    const server = app?.server;
    const force = setTimeout(() => server?.closeAllConnections(), SHUTDOWN_GRACE_MS);
    // A keep-alive connection whose request ends during the grace period would
    // otherwise hold the server open until its keep-alive timeout.
    const idle = setInterval(() => server?.closeIdleConnections(), IDLE_SWEEP_MS);
    const steps: [string, () => unknown][] = [
      ['server', () => app?.close()],
      ['metrics', () => metricsApp?.close()],
      ['notifications', () => notifier?.close()],
      ['cleanup', () => cleanup?.stop()],
      ['digest backfill', () => backfill?.stop()],
      ['writer', () => writer.close()],
      ['database', () => db.close()],
    ];
    for (const [step, run] of steps) {
      try {
        await run();
      } catch (err) {
        log.error({ err, step }, 'unclean shutdown');
        code ||= 1;
      }
    }
    clearTimeout(force);
    clearInterval(idle);
    process.exit(code);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // A second signal means "now".
      if (stopping) process.exit(1);
      log.info({ signal }, 'signal received');
      void stop(0);
    });
  }

  // One registry for the whole process, given to whatever reports into it (issue 18).
  const metrics = new Metrics();
  const store = createStore(db, writer, systemClock, config.limits, metrics);
  notifier = new Notifier({
    settings: () => store.notifications.notificationSettings(),
    log: log.child({ module: 'notify' }),
    events: metrics,
  });
  cleanup = new Cleanup({
    writer,
    uploads: store.uploads,
    tus: store.tus,
    clock: systemClock,
    log: log.child({ module: 'cleanup' }),
    dbPath: config.dbPath,
    vacuum: config.vacuum,
    litestream: config.litestream,
    onReport: (report) => metrics.cleanupFinished(report),
  });
  app = buildApp({ config, store, clock: systemClock, log, metrics, notifier });
  await app.listen({ port: config.port, host: config.host });
  if (config.metricsAddr) {
    metricsApp = buildMetricsApp({ registry: metrics.registry, token: config.metricsToken, log: log.child({ module: 'metrics' }) });
    await metricsApp.listen({ host: config.metricsAddr.host, port: config.metricsAddr.port });
    if (config.metricsToken === undefined && !isLoopback(config.metricsAddr.host)) {
      log.warn({ addr: config.metricsAddr }, 'metrics are served without a token (PS_METRICS_TOKEN): keep this address off the internet');
    }
  }
  // A signal while listening started: stop() is already closing everything.
  if (stopping) return;
  // After listening, in the background: a backlog of thousands of expired files
  // must not keep the port closed past a health check's patience (issue 10).
  // Expired files are invisible already (decision D1), and the leftovers of
  // uploads cut off by a crash are told apart from uploads now under way
  // (decision U3). A failure (a full disk, say) is not fatal: the next run
  // tries again.
  cleanup.run().catch((err: unknown) => log.warn({ err }, 'start-up maintenance failed; it will be retried'));
  cleanup.start(config.cleanupIntervalMs);
  // Upstream's files have no digest yet: read back, slowly, while serving (issue 17).
  backfill = new DigestBackfill({ digests: store.digests, chunks: store.chunks, writer, clock: systemClock, log: log.child({ module: 'digests' }) });
  backfill.start();
  if (config.sharedSecretGenerated) {
    log.warn(
      { passphrase: config.sharedSecret },
      'no passphrase configured (PS_SHARED_SECRET); generated one for this run: log in with it',
    );
  }
}

const config = readConfig();
const log = await createLogger(config.logLevel);
run(config, log).catch((err: unknown) => {
  log.fatal({ err }, 'could not start');
  process.exit(1);
});
