import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BusyError } from './errors.js';

// scrypt's recommended interactive cost (N = 2^15, r = 8): about 32 MiB and
// 50 ms per hash, run on libuv's thread pool so the event loop stays free.
const COST = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const PREFIX = 'scrypt';

// Hashes at once, and waiting: a flood of guesses queues here, then is refused,
// instead of taking every core and the memory above per hash.
const MAX_RUNNING = 2;
const MAX_WAITING = 32;
const BUSY_RETRY_SECONDS = 2;

const derive = (passphrase: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, cost, (err, key) => (err ? reject(err) : resolve(key))),
  );

/**
 * Hashes and checks file passphrases (issue 15) with scrypt from node:crypto,
 * a bounded number at a time. Stored form: `scrypt$N$r$p$salt$key`, base64url.
 */
export class PassphraseHasher {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  async hash(passphrase: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await this.#limited(() => derive(passphrase, salt, COST));
    return [PREFIX, COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** Whether the attempt matches; false for a hash this code did not write. */
  async verify(attempt: string, stored: string): Promise<boolean> {
    const [prefix, n, r, p, salt, key] = stored.split('$');
    if (prefix !== PREFIX || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64url');
    const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: COST.maxmem };
    const actual = await this.#limited(() => derive(attempt, Buffer.from(salt, 'base64url'), cost));
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  async #limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= MAX_RUNNING) {
      if (this.#waiting.length >= MAX_WAITING) {
        throw new BusyError('server busy: too many passphrases being checked; try again shortly', BUSY_RETRY_SECONDS);
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so #running stays exact.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
