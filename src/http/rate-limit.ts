import type { Clock } from '../domain/clock.js';

interface Window {
  startedAt: number;
  failures: number;
}

export interface RateLimitOptions {
  maxFailures: number;
  windowMs: number;
  /** Clients remembered at once; the oldest are forgotten past this. */
  maxClients: number;
}

export const LOGIN_RATE_LIMIT: RateLimitOptions = { maxFailures: 10, windowMs: 15 * 60_000, maxClients: 10_000 };

/**
 * Failed passphrase attempts per client IP in fixed windows (decision A2). Only
 * failures count, so the owner is never locked out by logging in often.
 */
export class FailureRateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #clock: Clock;
  readonly #options: RateLimitOptions;

  constructor(clock: Clock, options: RateLimitOptions = LOGIN_RATE_LIMIT) {
    this.#clock = clock;
    this.#options = options;
  }

  /** Seconds until the client may try again, or 0 when it may try now. */
  retryAfter(client: string): number {
    const window = this.#current(client);
    if (!window || window.failures < this.#options.maxFailures) return 0;
    const remaining = window.startedAt + this.#options.windowMs - this.#clock.now().getTime();
    return Math.max(1, Math.ceil(remaining / 1000));
  }

  recordFailure(client: string): void {
    const window = this.#current(client);
    if (window) {
      window.failures++;
      return;
    }
    if (this.#windows.size >= this.#options.maxClients) {
      this.#windows.delete(this.#windows.keys().next().value!);
    }
    this.#windows.set(client, { startedAt: this.#clock.now().getTime(), failures: 1 });
  }

  #current(client: string): Window | undefined {
    const window = this.#windows.get(client);
    if (window && this.#clock.now().getTime() - window.startedAt >= this.#options.windowMs) {
      this.#windows.delete(client);
      return undefined;
    }
    return window;
  }
}
