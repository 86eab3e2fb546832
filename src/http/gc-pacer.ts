import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A minor GC of a small young generation takes about 0.2 ms; one per 4 MiB costs
// about 1.5% of a core at 300 MB/s (measured for the README's Performance section).
const EVERY_BYTES = 4 * 1024 * 1024;

/**
 * Node reads each socket into fresh 64 KiB buffers, and better-sqlite3 returns
 * each chunk in a fresh buffer. V8 frees such memory only when a GC finds the
 * buffer dead, and its GCs are paced by JavaScript allocation, not by these
 * bytes: at hundreds of MB/s, dead buffers piled up to 40 MB between GCs on a
 * bare Node HTTP server. Running a minor GC every few MiB of body bytes bounds
 * that garbage, which is what keeps memory flat on a 256 MB machine.
 */
export class GcPacer {
  readonly #collect = minorGc();
  #bytes = 0;

  /** Counts bytes that passed through a buffer now dead or about to be. */
  account(bytes: number): void {
    this.#bytes += bytes;
    if (this.#bytes >= EVERY_BYTES) {
      this.#bytes = 0;
      this.#collect();
    }
  }
}

/** V8's scavenger, reachable without starting node with --expose-gc. */
function minorGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'minor' | 'major' }) => void;
  return () => gc({ type: 'minor' });
}
