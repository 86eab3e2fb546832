// Upload speed and time left, smoothed so the numbers don't jump about.

// Weight of the newest sample; about the last two seconds count.
const SMOOTHING = 0.3;
// Samples closer together than this say little about speed.
const MIN_INTERVAL_MS = 250;

export class RateMeter {
  #lastTime = 0;
  #lastBytes = 0;
  #rate = 0;

  constructor(now = performance.now()) {
    this.#lastTime = now;
  }

  /**
   * Starts measuring afresh from `loaded` bytes: after a pause or a lost
   * connection, the time away and any bytes sent again say nothing about speed.
   */
  restart(loaded, now = performance.now()) {
    this.#lastTime = now;
    this.#lastBytes = loaded;
    this.#rate = 0;
  }

  /** Bytes per second after `loaded` bytes at time `now`; 0 until known. */
  update(loaded, now = performance.now()) {
    const elapsed = now - this.#lastTime;
    if (elapsed < MIN_INTERVAL_MS) return this.#rate;
    const sample = ((loaded - this.#lastBytes) * 1000) / elapsed;
    this.#rate = this.#rate === 0 ? sample : SMOOTHING * sample + (1 - SMOOTHING) * this.#rate;
    this.#lastTime = now;
    this.#lastBytes = loaded;
    return this.#rate;
  }
}
