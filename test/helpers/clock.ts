import type { Clock } from '../../src/domain/clock.js';

/** A clock that moves only when told to. */
export class FixedClock implements Clock {
  #now: number;
  constructor(start: Date | string = '2026-11-24T12:00:00Z') {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
