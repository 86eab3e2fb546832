import type { Clock } from '../domain/clock.js';

interface Window {
  startedAt: number;
  failures: number;
}

const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;
// Clients remembered at once; the oldest are forgotten past this.
const MAX_CLIENTS = 10_000;

/**
 * Failed passphrase attempts per client IP in fixed windows (decision A2). Only
 * failures count, so the owner is never locked out by logging in often.
 */
export class FailureRateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds until the client may try again, or 0 when it may try now. */
  retryAfter(client: string): number {
    const window = this.#current(client);
    if (!window || window.failures < MAX_FAILURES) return 0;
    const remaining = window.startedAt + WINDOW_MS - this.#clock.now().getTime();
    return Math.max(1, Math.ceil(remaining / 1000));
  }

  recordFailure(client: string): void {
    const window = this.#current(client);
    if (window) {
      window.failures++;
      return;
    }
    if (this.#windows.size >= MAX_CLIENTS) {
      this.#windows.delete(this.#windows.keys().next().value!);
    }
    this.#windows.set(client, { startedAt: this.#clock.now().getTime(), failures: 1 });
  }

  #current(client: string): Window | undefined {
    const window = this.#windows.get(client);
    if (window && this.#clock.now().getTime() - window.startedAt >= WINDOW_MS) {
      this.#windows.delete(client);
      return undefined;
    }
    return window;
  }
}
