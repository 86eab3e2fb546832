import type { Logger } from 'pino';
import type { NotificationSettings } from '../store/notification-settings.js';
import { ntfyRequest, webhookRequest, type Channel, type FileEvent } from './messages.js';
import { sendOnce, type OutgoingRequest, type SendResult } from './send.js';

/** Told of each notification's fate (the metrics). */
export interface NotificationEvents {
  notification(channel: Channel, outcome: 'sent' | 'failed' | 'dropped' | 'refused'): void;
}

export interface NotifierOptions {
  /** Read at each event, so a change on the settings page applies at once. */
  settings: () => NotificationSettings;
  log: Logger;
  events?: NotificationEvents;
  /** Waits before the 2nd, 3rd, … attempt; tests shorten them. */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
  /** Notifications waiting or being sent at once; more are dropped. */
  queueSize?: number;
  /** Which addresses count as public (see send.ts); tests on loopback replace it. */
  isPublic?: (ip: string) => boolean;
}

export interface TestResult {
  channel: Channel;
  ok: boolean;
  /** The receiver's status, or why nothing was sent. */
  detail: string;
}

// A receiver down for a restart gets about half a minute to come back.
const RETRY_DELAYS_MS = [1_000, 5_000, 25_000];
const TIMEOUT_MS = 10_000;
// Bounds memory while a receiver is down and guests keep uploading.
const QUEUE_SIZE = 100;
// Receivers are slow, not busy: a few at once keep one slow one from holding the rest.
const CONCURRENCY = 4;

interface Job {
  channel: Channel;
  request: OutgoingRequest;
  allowPrivate: boolean;
}

/**
 * Tells the owner about guest uploads (issue 18) by webhook and ntfy, off the
 * request's path: notify() returns at once, and delivery is queued, retried
 * with backoff, logged, and given up on after the last attempt.
 */
export class Notifier {
  readonly #options: NotifierOptions;
  readonly #queue: Job[] = [];
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  #inFlight = 0;
  #closed = false;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  /** Queues `event` for every configured channel; never throws, never waits. */
  notify(event: FileEvent): void {
    if (this.#closed) return;
    let jobs: Job[];
    try {
      jobs = this.#jobs(event);
    } catch (err) {
      // The upload is stored: a settings read that fails costs its notification, not its answer.
      this.#options.log.error({ err, event: event.event, id: event.id }, 'notification dropped: settings unreadable');
      return;
    }
    for (const job of jobs) {
      if (this.#queue.length + this.#inFlight >= (this.#options.queueSize ?? QUEUE_SIZE)) {
        this.#options.log.warn({ channel: job.channel, event: event.event, id: event.id }, 'notification dropped: queue full');
        this.#options.events?.notification(job.channel, 'dropped');
        continue;
      }
      this.#queue.push(job);
    }
    this.#pump();
  }

  /** One attempt per configured channel, now, for the settings page's button. */
  async sendTest(event: FileEvent): Promise<TestResult[]> {
    return Promise.all(
      this.#jobs(event).map(async (job) => {
        const result = await this.#attempt(job);
        return { channel: job.channel, ok: result.ok, detail: result.ok ? `answered ${result.status}` : result.error };
      }),
    );
  }

  /** Drops what is queued and the retries pending; attempts under way end by their timeout. */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    // Each waiting retry wakes up, sees the notifier closed and gives up.
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
  }

  #jobs(event: FileEvent): Job[] {
    const { webhookUrl, ntfyUrl, notifyPrivateAddresses: allowPrivate } = this.#options.settings();
    const jobs: Job[] = [];
    if (webhookUrl !== null) jobs.push({ channel: 'webhook', request: webhookRequest(webhookUrl, event), allowPrivate });
    if (ntfyUrl !== null) jobs.push({ channel: 'ntfy', request: ntfyRequest(ntfyUrl, event), allowPrivate });
    return jobs;
  }

  #attempt(job: Job): Promise<SendResult> {
    const { timeoutMs = TIMEOUT_MS, isPublic } = this.#options;
    return sendOnce(job.request, { allowPrivate: job.allowPrivate, timeoutMs, ...(isPublic ? { isPublic } : {}) });
  }

  #pump(): void {
    while (!this.#closed && this.#inFlight < CONCURRENCY && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#inFlight++;
      void this.#deliver(job).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #deliver(job: Job): Promise<void> {
    const { log, events } = this.#options;
    const delays = this.#options.retryDelaysMs ?? RETRY_DELAYS_MS;
    for (let attempt = 1; ; attempt++) {
      const result = await this.#attempt(job);
      if (result.ok) {
        log.info({ channel: job.channel, attempt, status: result.status }, 'notification sent');
        events?.notification(job.channel, 'sent');
        return;
      }
      const context = { channel: job.channel, attempt, status: result.status, error: result.error };
      if (!result.retry) {
        log.warn(context, 'notification refused; not retried');
        events?.notification(job.channel, result.status === undefined ? 'refused' : 'failed');
        return;
      }
      const delay = delays[attempt - 1];
      if (delay === undefined || this.#closed) {
        log.warn(context, 'notification given up after its last attempt');
        events?.notification(job.channel, 'failed');
        return;
      }
      log.info({ ...context, retryInMs: delay }, 'notification failed; will retry');
      await this.#sleep(delay);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.#timers.set(timer, resolve);
    });
  }
}
