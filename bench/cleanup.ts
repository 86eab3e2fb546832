/** Undo steps run in reverse order, once, whether the bench ends, fails or is interrupted. */
export class Cleanup {
  readonly #steps: Array<{ what: string; step: () => unknown }> = [];
  #ran: Promise<void> | undefined;

  add(what: string, step: () => unknown): void {
    this.#steps.push({ what, step });
  }

  run(): Promise<void> {
    this.#ran ??= (async () => {
      for (const { what, step } of this.#steps.reverse()) {
        try {
          await step();
        } catch (err) {
          process.stderr.write(`bench: could not ${what}: ${(err as Error).message}\n`);
        }
      }
    })();
    return this.#ran;
  }
}
