import type { Clock } from '../domain/clock.js';
import { clientGroup } from '../domain/client-group.js';

interface ClientFailures {
  failures: number;
  lastFailureAt: number;
  /** When the client may try again: 0 while it has free attempts left. */
  waitUntil: number;
}

/** What a failed attempt leaves the client with. */
export interface FailureOutcome {
  /** Wrong passphrases the client may still send before a wait starts. */
  attemptsLeft: number;
  /** Seconds the client must now wait before its next attempt; 0 for none. */
  retryAfter: number;
}

// A person mistyping gets this many tries with no wait at all (issue 14: a
// hard lockout let anyone behind the same NAT shut the owner out for 15 minutes).
const FREE_FAILURES = 5;
// Then each failure doubles the wait, from half a minute up to the cap: a
// guesser gets a few dozen tries a day, the owner who mistyped waits seconds.
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 15 * 60_000;
// A client quiet this long since its last failure starts afresh.
const FORGET_AFTER_MS = 60 * 60_000;
// Clients remembered at once; the least recently failing are forgotten past this.
const MAX_CLIENTS = 10_000;
// All clients together (issue 12): enough for a handful of people mistyping at
// once, few enough that guessing from many addresses stays slow (a day allows
// under 45,000 guesses), and short, so an attack locks the owner out of new
// logins for a minute after it stops. Existing sessions are never affected.
const MAX_GLOBAL_FAILURES = 30;
const GLOBAL_WINDOW_MS = 60_000;

const toSeconds = (ms: number): number => (ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0);

/**
 * Failed passphrase attempts with progressive delays per client (decision A2,
 * issue 14), and a fixed window for all clients together. Only failures count,
 * and a success forgets the client's, so the owner is never slowed down by
 * logging in often. An IPv6 client is its /64: one machine usually holds the
 * whole network and could otherwise rotate through it.
 */
export class FailureRateLimiter {
  readonly #clients = new Map<string, ClientFailures>();
  #global = { startedAt: -Infinity, failures: 0 };
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Seconds until the client may try again, or 0 when it may try now. */
  retryAfter(clientIp: string): number {
    const now = this.#clock.now().getTime();
    let wait = 0;
    const client = this.#current(clientGroup(clientIp), now);
    if (client) wait = client.waitUntil - now;
    const global = this.#currentGlobal(now);
    if (global.failures >= MAX_GLOBAL_FAILURES) wait = Math.max(wait, global.startedAt + GLOBAL_WINDOW_MS - now);
    return toSeconds(wait);
  }

  /** Wrong passphrases the client may send before a wait starts. */
  attemptsLeft(clientIp: string): number {
    const client = this.#current(clientGroup(clientIp), this.#clock.now().getTime());
    return Math.max(0, FREE_FAILURES - (client?.failures ?? 0));
  }

  recordFailure(clientIp: string): FailureOutcome {
    const now = this.#clock.now().getTime();
    this.#currentGlobal(now).failures++;
    const group = clientGroup(clientIp);
    const failures = (this.#current(group, now)?.failures ?? 0) + 1;
    const waitMs = failures < FREE_FAILURES ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(failures - FREE_FAILURES, 30));
    // Re-inserted, so that the map's order is the order of last failure and
    // the first key is the one to forget.
    this.#clients.delete(group);
    if (this.#clients.size >= MAX_CLIENTS) this.#clients.delete(this.#clients.keys().next().value!);
    this.#clients.set(group, { failures, lastFailureAt: now, waitUntil: waitMs > 0 ? now + waitMs : 0 });
    return { attemptsLeft: Math.max(0, FREE_FAILURES - failures), retryAfter: toSeconds(waitMs) };
  }

  /** The right passphrase: the client's failures are forgotten. */
  recordSuccess(clientIp: string): void {
    this.#clients.delete(clientGroup(clientIp));
  }

  /** Clients remembered now (for tests of the bound). */
  get size(): number {
    return this.#clients.size;
  }

  #current(group: string, now: number): ClientFailures | undefined {
    const client = this.#clients.get(group);
    if (client && now - client.lastFailureAt >= FORGET_AFTER_MS) {
      this.#clients.delete(group);
      return undefined;
    }
    return client;
  }

  #currentGlobal(now: number) {
    if (now - this.#global.startedAt >= GLOBAL_WINDOW_MS) this.#global = { startedAt: now, failures: 0 };
    return this.#global;
  }
}
