import { clientGroup } from './client-group.js';

/** Why a slot was refused: every slot is taken, or every slot one client may hold. */
export type SlotRefusal = 'all-busy' | 'client-busy';

/**
 * Counted slots for work in progress (uploads, downloads), capped overall and
 * per client group (an IPv4 address, an IPv6 /64), so that neither one client
 * nor all of them together can hold more than their share (issue 10).
 */
export class ClientSlots {
  readonly #perGroup = new Map<string, number>();
  readonly #max: number;
  readonly #maxPerClient: number;
  #taken = 0;

  constructor(max: number, maxPerClient: number) {
    this.#max = max;
    this.#maxPerClient = maxPerClient;
  }

  get taken(): number {
    return this.#taken;
  }

  /** Takes a slot for `clientIp`: returns its release function (safe to call twice), or why not. */
  take(clientIp: string): (() => void) | SlotRefusal {
    const group = clientGroup(clientIp);
    const held = this.#perGroup.get(group) ?? 0;
    if (this.#taken >= this.#max) return 'all-busy';
    if (held >= this.#maxPerClient) return 'client-busy';
    this.#taken++;
    this.#perGroup.set(group, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#taken--;
      const left = (this.#perGroup.get(group) ?? 1) - 1;
      if (left > 0) this.#perGroup.set(group, left);
      else this.#perGroup.delete(group);
    };
  }
}
