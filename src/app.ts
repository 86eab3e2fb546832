import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Clock } from './domain/clock.js';
import { ClientSlots } from './domain/client-slots.js';
import { createApiDocs } from './http/api-docs.js';
import { createAuth, decorateApiToken, requireDeclaredScope } from './http/auth.js';
import { dropMalformedContentType } from './http/body-parsers.js';
import { decorateClientIp, trustFunction } from './http/client-ip.js';
import { DownloadCounter } from './domain/download-counter.js';
import { PassphraseHasher } from './domain/passphrase-hash.js';
import { createFileUnlock } from './http/file-unlock.js';
import { GuessLimiter } from './http/guess-limiter.js';
import { decorateDownloadOrigin, redirectToDownloadHost, refuseOnDownloadHost } from './http/download-origin.js';
import { compressText } from './http/compression.js';
import { createErrorPages } from './http/error-pages.js';
import { errorHandler, errorHandlerWithPages, HttpError, rejectMalformedRequest, sendError } from './http/errors.js';
import { GcPacer } from './http/gc-pacer.js';
import { methodNotAllowed } from './http/method-not-allowed.js';
import { FailureRateLimiter } from './http/rate-limit.js';
import { apiTokenRoutes } from './http/routes/api-tokens.js';
import { authRoutes } from './http/routes/auth.js';
import { bundleDownloadRoutes } from './http/routes/bundle-downloads.js';
import { bundleRoutes } from './http/routes/bundles.js';
import { guestBundleRoutes } from './http/routes/guest-bundles.js';
import { downloadRoutes } from './http/routes/downloads.js';
import { entryRoutes } from './http/routes/entries.js';
import { guestLinkRoutes } from './http/routes/guest-links.js';
import { guestUploadRoutes } from './http/routes/guest-upload.js';
import { healthRoutes } from './http/routes/health.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { pageRoutes } from './http/routes/pages.js';
import { rawUploadRoutes } from './http/routes/raw-upload.js';
import { settingsRoutes } from './http/routes/settings.js';
import { tusRoutes } from './http/routes/tus.js';
import { requireSameOrigin } from './http/same-origin.js';
import { addSecurityHeaders } from './http/security-headers.js';
import { installTimeouts } from './http/timeouts.js';
import { loadAssets, staticAssetRoutes } from './http/static-assets.js';
import type { Metrics } from './metrics/metrics.js';
import { registerStorageGauges } from './metrics/storage-gauges.js';
import { downloadLimitEvent } from './notify/file-events.js';
import type { Notifier } from './notify/notifier.js';
import { PROJECT_ROOT } from './paths.js';
import { loadScriptBundle } from './build/script-bundle.js';
import type { Store } from './store/store.js';
import type { ZipLimits } from './domain/zip-layout.js';

// Far above any ID, within Node's 16 KiB header limit.
const MAX_PARAM_LENGTH = 8 * 1024;
// A download whose client stopped reading holds a chunk; this long without any
// traffic and the connection is closed.
const SOCKET_IDLE_MS = 120_000;

export interface AppDeps {
  // dbPath feeds the system information page; without it (tests) sizes show as unknown.
  config: Pick<Config, 'sharedSecret' | 'behindProxy' | 'limits'> & Partial<Pick<Config, 'dbPath' | 'downloadOrigin' | 'metricsToken' | 'metricsAddr'>>;
  store: Store;
  clock: Clock;
  log: Logger;
  /** The registry /metrics serves, already given to the store's uploads (issue 18); none: no metrics. */
  metrics?: Metrics;
  /** Sends the owner's notifications (issue 18); none: guest uploads notify no one. */
  notifier?: Notifier;
  /** When a bundle's zip turns ZIP64 (tests lower it; issue 17). */
  zipLimits?: ZipLimits;
}

/** Builds the HTTP application; it never listens and never reads the environment. */
export function buildApp({ config, store, clock, log, metrics, notifier, zipLimits }: AppDeps): FastifyInstance {
  const trust = trustFunction(config.behindProxy);
  const app = Fastify({
    loggerInstance: log,
    // Proxy headers are believed only from the proxies an operator names (A5,
    // issue 12). A function, because Fastify ignores X-Forwarded-Proto and -Host
    // when given a bare number of hops.
    trustProxy: trust,
    // One line per request, written below, without headers (decision O4).
    logController: new LogController({ disableRequestLogging: true }),
    // Multi-gigabyte uploads over slow links take as long as they take; every
    // other request is timed in installTimeouts.
    requestTimeout: 0,
    return503OnClosing: true,
    // Long IDs reach the routes, which refuse them in upstream's words, instead of a 414.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Fastify's own refusals (a malformed URL) and Node's (a malformed request)
    // go out as plain text like every other error, never as JSON.
    frameworkErrors: errorHandler,
    clientErrorHandler: rejectMalformedRequest,
  }) as unknown as FastifyInstance;

  // Beyond this, Node closes new connections as they arrive: each costs memory
  // even while idle (issue 10). fly.toml's hard_limit stays below it.
  app.server.maxConnections = config.limits.maxConnections;
  installTimeouts(app, { socketIdleMs: SOCKET_IDLE_MS, requestTimeoutMs: config.limits.requestTimeoutMs });

  const auth = createAuth({
    sharedSecret: config.sharedSecret,
    sessions: store.sessions,
    apiTokens: store.apiTokens,
    writer: store.writer,
    clock,
    limiter: new FailureRateLimiter(clock),
    ...(metrics ? { events: metrics } : {}),
  });
  const assets = loadAssets(
    join(PROJECT_ROOT, 'views', 'assets'),
    loadScriptBundle(PROJECT_ROOT),
    readFileSync(join(PROJECT_ROOT, 'views', 'service-worker.js'), 'utf8'),
  );
  const errorPages = createErrorPages({ assets, hasSession: auth.hasSession, downloadOrigin: config.downloadOrigin });

  decorateClientIp(app, trust);
  decorateDownloadOrigin(app, config.downloadOrigin);
  decorateApiToken(app);
  app.setErrorHandler(errorHandlerWithPages(errorPages));
  app.setNotFoundHandler((_request, reply) => sendError(reply, new HttpError(404, '404 page not found'), errorPages));
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      // A token appears by its name, never its secret (issue 16).
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime), ip: request.clientIp, ...(request.apiTokenName === null ? {} : { token: request.apiTokenName }) },
      'request',
    );
    // The route's pattern, never the URL, so the number of series stays bounded.
    metrics?.requestFinished(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.addHook('onRequestAbort', async (request) => {
    request.log.info({ method: request.method, url: request.url, ip: request.clientIp }, 'request aborted by the client');
  });
  app.addHook('onRequest', dropMalformedContentType);
  app.addHook('onRequest', requireSameOrigin);
  app.addHook('onSend', async (_request, reply) => addSecurityHeaders(reply));

  const gcPacer = new GcPacer();
  const downloadSlots = new ClientSlots(config.limits.maxDownloads, config.limits.maxDownloadsPerClient);
  const body = { gcPacer, idleTimeoutMs: config.limits.uploadIdleTimeoutMs };
  if (metrics) registerStorageGauges(metrics.registry, { store, clock, dbPath: config.dbPath });

  // Before any route: the OpenAPI document is built from their declarations.
  const docs = createApiDocs();
  app.addHook('onRoute', docs.onRoute);

  // Download limits and passphrases (issue 15).
  const hasher = new PassphraseHasher();
  const counter = new DownloadCounter(clock, async (id) => {
    await store.writer.call('countEntryDownload', id);
    // The download that used up the limit tells the owner (issue 18), once: only it sees the count reach the limit.
    const limits = store.limits.findLimits(id);
    const entry = limits?.maxDownloads != null && limits.downloadsCounted === limits.maxDownloads ? store.entries.findEntry(id, clock.now()) : undefined;
    if (entry && notifier) {
      const link = config.downloadOrigin === undefined ? null : `${config.downloadOrigin}/-${entry.id}`;
      notifier.notify(downloadLimitEvent(entry, link, clock.now()));
    }
  });
  const unlock = createFileUnlock({ secret: store.limits.serverSecret('unlock-cookie'), clock, hasher, limiter: new GuessLimiter(clock) });
  const otherMethods = methodNotAllowed(app);
  void app.register(healthRoutes, { store });
  void app.register(async (files) => {
    files.addHook('onRequest', redirectToDownloadHost(config.downloadOrigin));
    await files.register(downloadRoutes, {
      store,
      clock,
      gcPacer,
      slots: downloadSlots,
      counter,
      protection: { unlock, hasSession: auth.hasSession, assets },
      ...(metrics ? { events: metrics } : {}),
    });
    await files.register(bundleDownloadRoutes, { store, clock, gcPacer, slots: downloadSlots, zipLimits });
  });
  // With a separate download host, nothing but files (and health) answers there.
  void app.register(async (site) => {
    site.addHook('onRequest', refuseOnDownloadHost(config.downloadOrigin));
    await compressText(site);
    // With PS_METRICS_ADDR, metrics are served on that listener only (src/main.ts).
    if (metrics && config.metricsToken !== undefined && config.metricsAddr === undefined) {
      await site.register(metricsRoutes, { registry: metrics.registry, token: config.metricsToken });
    }
    await site.register(authRoutes, { auth });
    await site.register(guestUploadRoutes, { store, clock, body, hasher, ...(notifier ? { notifier } : {}) });
    await site.register(tusRoutes, { store, clock, body, hasher, guest: true, prefix: '/api/guest/:id/tus' });
    await site.register(guestBundleRoutes, { store, clock });
    // Everything the owner alone may do; the check runs before any body is read.
    await site.register(async (admin) => {
      admin.addHook('onRoute', requireDeclaredScope);
      admin.addHook('onRequest', auth.requireAuth);
      await admin.register(entryRoutes, { store, clock, body, hasher });
      await admin.register(rawUploadRoutes, { store, clock, body, hasher });
      await admin.register(tusRoutes, { store, clock, body, hasher, guest: false, prefix: '/api/tus' });
      await admin.register(guestLinkRoutes, { store, clock });
      await admin.register(settingsRoutes, { store, clock, ...(notifier ? { notifier } : {}) });
      await admin.register(apiTokenRoutes, { store, clock });
      await admin.register(bundleRoutes, { store, clock });
    });
    await site.register(staticAssetRoutes, { assets });
    await site.register(pageRoutes, { auth, store, clock, assets, dbPath: config.dbPath, docs, body, uploadRequestBytes: config.limits.uploadRequestBytes });
    await site.register(otherMethods);
  });
  return app;
}
