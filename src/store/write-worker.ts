// The writer thread: owns the only connection that writes. Running the inserts
// here keeps SQLite's synchronous work, and the 100-300 ms stalls of WAL
// checkpoints, off the event loop, and lets request parsing and inserting use
// both cores. Messages are handled strictly in arrival order.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type DatabaseOptions } from './database.js';
import { createWriteOps, type WriteOpName } from './write-ops.js';

export interface WriteRequest {
  seq: number;
  op: WriteOpName;
  args: unknown[];
  /** Bytes lent by the main thread, passed as the op's last argument and handed back. */
  lent?: { buffer: ArrayBuffer; length: number };
}

export type WriteReply =
  | { seq: number; ok: true; result: unknown; lent?: ArrayBuffer }
  | { seq: number; ok: false; error: SerializedError; lent?: ArrayBuffer };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

export type WorkerSignal = { type: 'ready' } | { type: 'failed'; error: SerializedError };

export interface WriterWorkerData extends DatabaseOptions {
  path: string;
}

function serialize(err: unknown): SerializedError {
  const e = err as { name?: string; message?: string; code?: unknown };
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

const port = parentPort!;
const { path, ...options } = workerData as WriterWorkerData;

try {
  const db = openDatabase(path, options);
  const ops = createWriteOps(db) as unknown as Record<string, (...args: unknown[]) => unknown>;
  port.on('message', (msg: WriteRequest | 'close') => {
    if (msg === 'close') {
      db.close();
      port.close();
      return;
    }
    const { seq, op, args, lent } = msg;
    const transfer = lent ? [lent.buffer] : [];
    try {
      const fn = ops[op];
      if (typeof fn !== 'function') throw new Error(`unknown write operation ${op}`);
      const result = lent ? fn(...args, new Uint8Array(lent.buffer, 0, lent.length)) : fn(...args);
      port.postMessage({ seq, ok: true, result, lent: lent?.buffer } satisfies WriteReply, transfer);
    } catch (err) {
      port.postMessage({ seq, ok: false, error: serialize(err), lent: lent?.buffer } satisfies WriteReply, transfer);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerSignal);
} catch (err) {
  port.postMessage({ type: 'failed', error: serialize(err) } satisfies WorkerSignal);
  port.close();
}
