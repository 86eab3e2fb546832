import type { Clock } from '../domain/clock.js';
import { clientGroup } from '../domain/client-group.js';

// Wrong file passphrases one client may try on one file per window (issue 15).
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
// (file, client) pairs remembered at once; the oldest are forgotten past this.
const MAX_KEYS = 10_000;

/**
 * Wrong guesses of a file's passphrase, per file and client group, in fixed
 * windows. Unlike the owner's login limiter there is no global window: one
 * client guessing at one file must not lock everyone else out of theirs.
 */
export class GuessLimiter {
  readonly #windows = new Map<string, { startedAt: number; failures: number }>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds until this client may guess at this file again, or 0. */
  retryAfter(fileId: string, clientIp: string): number {
    const now = this.#clock.now().getTime();
    const window = this.#current(`${fileId} ${clientGroup(clientIp)}`, now);
    if (!window || window.failures < MAX_FAILURES) return 0;
    return Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
  }

  recordFailure(fileId: string, clientIp: string): void {
    const now = this.#clock.now().getTime();
    const key = `${fileId} ${clientGroup(clientIp)}`;
    const window = this.#current(key, now);
    if (window) {
      window.failures++;
      return;
    }
    if (this.#windows.size >= MAX_KEYS) this.#windows.delete(this.#windows.keys().next().value!);
    this.#windows.set(key, { startedAt: now, failures: 1 });
  }

  #current(key: string, now: number) {
    const window = this.#windows.get(key);
    if (window && now - window.startedAt >= WINDOW_MS) {
      this.#windows.delete(key);
      return undefined;
    }
    return window;
  }
}
