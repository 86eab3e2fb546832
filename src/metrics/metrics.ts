import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CleanupReport } from '../store/cleanup.js';
import type { UploadEvents, UploadPath } from '../store/uploads.js';

// Fine enough to see the stalls that matter (tens of milliseconds) while costing
// nothing measurable; npm run bench reads the percentiles.
const EVENT_LOOP_RESOLUTION_MS = 5;
// From a cached page to a multi-gigabyte upload over a slow link.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

/**
 * Every figure the server exports on /metrics (issue 18), in one registry of
 * its own: prom-client's global default registry is never used, so two apps in
 * one process (tests) never share counters.
 */
export class Metrics implements UploadEvents {
  readonly registry = new Registry();

  readonly #uploadsInProgress = new Gauge({ name: 'picoshare_uploads_in_progress', help: 'Uploads being received now.', labelNames: ['path'], registers: [this.registry] });
  readonly #uploadsCompleted = new Counter({ name: 'picoshare_uploads_completed_total', help: 'Uploads stored as files.', labelNames: ['path'], registers: [this.registry] });
  readonly #uploadsFailed = new Counter({ name: 'picoshare_uploads_failed_total', help: 'Uploads that started and were deleted instead of stored (client abort, limit, error).', labelNames: ['path'], registers: [this.registry] });
  readonly #uploadedBytes = new Counter({ name: 'picoshare_uploaded_bytes_total', help: 'Bytes of files stored by completed uploads.', labelNames: ['path'], registers: [this.registry] });

  readonly #downloadsInProgress = new Gauge({ name: 'picoshare_downloads_in_progress', help: 'File bodies being sent now.', registers: [this.registry] });
  readonly #downloadsCompleted = new Counter({ name: 'picoshare_downloads_completed_total', help: 'File bodies (whole files or ranges) sent to their end.', registers: [this.registry] });
  readonly #downloadsFailed = new Counter({ name: 'picoshare_downloads_failed_total', help: 'File bodies cut off before their end (client gone, read error).', registers: [this.registry] });
  readonly #downloadedBytes = new Counter({ name: 'picoshare_downloaded_bytes_total', help: 'Bytes of file bodies sent.', registers: [this.registry] });

  readonly #requestDuration = new Histogram({
    name: 'picoshare_http_request_duration_seconds',
    help: 'Time from request to response end, by route pattern.',
    labelNames: ['method', 'route', 'status_class'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly #cleanupRuns = new Counter({ name: 'picoshare_cleanup_runs_total', help: 'Database maintenance runs finished.', registers: [this.registry] });
  readonly #cleanupFiles = new Counter({ name: 'picoshare_cleanup_deleted_files_total', help: 'Files deleted by maintenance: expired files and leftovers of failed uploads.', labelNames: ['reason'], registers: [this.registry] });
  readonly #cleanupBytes = new Counter({ name: 'picoshare_cleanup_deleted_bytes_total', help: 'Bytes deleted by maintenance.', labelNames: ['reason'], registers: [this.registry] });
  readonly #cleanupSessions = new Counter({ name: 'picoshare_cleanup_deleted_sessions_total', help: 'Expired login sessions deleted by maintenance.', registers: [this.registry] });

  readonly #loginFailures = new Counter({ name: 'picoshare_login_failures_total', help: 'Wrong passphrases (login form and Basic auth).', registers: [this.registry] });
  readonly #rateLimited = new Counter({ name: 'picoshare_rate_limited_total', help: 'Requests refused by a rate limiter.', labelNames: ['limiter'], registers: [this.registry] });

  readonly #notifications = new Counter({ name: 'picoshare_notifications_total', help: 'Notifications by channel and outcome (sent, failed after retries, dropped when the queue was full, refused address).', labelNames: ['channel', 'outcome'], registers: [this.registry] });

  constructor() {
    // Event-loop delay, heap, RSS, CPU, handles: into our registry only.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  }

  uploadStarted(path: UploadPath): void {
    this.#uploadsInProgress.inc({ path });
  }

  uploadCompleted(path: UploadPath, bytes: number): void {
    this.#uploadsInProgress.dec({ path });
    this.#uploadsCompleted.inc({ path });
    this.#uploadedBytes.inc({ path }, bytes);
  }

  uploadFailed(path: UploadPath): void {
    this.#uploadsInProgress.dec({ path });
    this.#uploadsFailed.inc({ path });
  }

  /** A file body starts; call the returned function once with whether it reached its end. */
  downloadStarted(): (completed: boolean) => void {
    this.#downloadsInProgress.inc();
    let ended = false;
    return (completed) => {
      if (ended) return;
      ended = true;
      this.#downloadsInProgress.dec();
      (completed ? this.#downloadsCompleted : this.#downloadsFailed).inc();
    };
  }

  downloadBytes(bytes: number): void {
    this.#downloadedBytes.inc(bytes);
  }

  /** `route` is the route's pattern (bounded), never the URL. */
  requestFinished(method: string, route: string, status: number, seconds: number): void {
    this.#requestDuration.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  cleanupFinished(report: CleanupReport): void {
    this.#cleanupRuns.inc();
    this.#cleanupFiles.inc({ reason: 'expired' }, report.expiredEntries);
    this.#cleanupBytes.inc({ reason: 'expired' }, report.expiredBytes);
    this.#cleanupFiles.inc({ reason: 'leftover' }, report.leftoverUploads);
    this.#cleanupBytes.inc({ reason: 'leftover' }, report.leftoverBytes);
    this.#cleanupSessions.inc(report.sessions);
  }

  loginFailed(): void {
    this.#loginFailures.inc();
  }

  rateLimited(limiter: string): void {
    this.#rateLimited.inc({ limiter });
  }

  notification(channel: 'webhook' | 'ntfy', outcome: 'sent' | 'failed' | 'dropped' | 'refused'): void {
    this.#notifications.inc({ channel, outcome });
  }
}
