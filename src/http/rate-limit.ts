import type { Clock } from '../domain/clock.js';
import { clientGroup } from '../domain/client-group.js';

interface Window {
  startedAt: number;
  failures: number;
}

const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;
// Clients remembered at once; the oldest are forgotten past this.
const MAX_CLIENTS = 10_000;
// All clients together (issue 12): enough for a handful of people mistyping at
// once, few enough that guessing from many addresses stays slow (a day allows
// under 45,000 guesses), and short, so an attack locks the owner out of new
// logins for a minute after it stops. Existing sessions are never affected.
const MAX_GLOBAL_FAILURES = 30;
const GLOBAL_WINDOW_MS = 60_000;

/**
 * Failed passphrase attempts in fixed windows (decision A2), per client and for
 * all clients together. Only failures count, so the owner is never locked out
 * by logging in often. An IPv6 client is its /64: one machine usually holds
 * the whole network and could otherwise rotate through it.
 */
export class FailureRateLimiter {
  readonly #windows = new Map<string, Window>();
  #global: Window = { startedAt: -Infinity, failures: 0 };
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds until the client may try again, or 0 when it may try now. */
  retryAfter(clientIp: string): number {
    const now = this.#clock.now().getTime();
    let wait = 0;
    const window = this.#current(clientGroup(clientIp), now);
    if (window && window.failures >= MAX_FAILURES) wait = window.startedAt + WINDOW_MS - now;
    const global = this.#currentGlobal(now);
    if (global.failures >= MAX_GLOBAL_FAILURES) wait = Math.max(wait, global.startedAt + GLOBAL_WINDOW_MS - now);
    return wait > 0 ? Math.max(1, Math.ceil(wait / 1000)) : 0;
  }

  recordFailure(clientIp: string): void {
    const now = this.#clock.now().getTime();
    this.#currentGlobal(now).failures++;
    const client = clientGroup(clientIp);
    const window = this.#current(client, now);
    if (window) {
      window.failures++;
      return;
    }
    if (this.#windows.size >= MAX_CLIENTS) {
      this.#windows.delete(this.#windows.keys().next().value!);
    }
    this.#windows.set(client, { startedAt: now, failures: 1 });
  }

  #current(client: string, now: number): Window | undefined {
    const window = this.#windows.get(client);
    if (window && now - window.startedAt >= WINDOW_MS) {
      this.#windows.delete(client);
      return undefined;
    }
    return window;
  }

  #currentGlobal(now: number): Window {
    if (now - this.#global.startedAt >= GLOBAL_WINDOW_MS) this.#global = { startedAt: now, failures: 0 };
    return this.#global;
  }
}
