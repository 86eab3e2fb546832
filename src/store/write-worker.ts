// The writer thread: owns the only connection that writes. Running the inserts
// here keeps SQLite's synchronous work, and the 100-300 ms stalls of WAL
// checkpoints, off the event loop, and lets request parsing and inserting use
// both cores. Messages are handled in arrival order, except that upload chunks
// wait (in order among themselves) while the disk budget says so (issue 11).
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { isDiskFull, openDatabase, type DatabaseOptions } from './database.js';
import { hasRoomFor, statDisk } from './disk-guard.js';
import { WalPacer, walBudget } from './wal-pacer.js';
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

/** Something the main thread should log; the worker has no logger of its own. */
export interface WorkerNotice {
  type: 'notice';
  level: 'info' | 'warn';
  msg: string;
  data: Record<string, unknown>;
}

export interface WriterWorkerData extends DatabaseOptions {
  path: string;
  /** Free bytes every chunk insert must leave on the disk (0: none). */
  reserveBytes?: number;
  /** Under Litestream: the disk the -wal and Litestream's files may take beyond the database. */
  litestreamMarginBytes?: number;
}

// How often a paused upload looks again whether Litestream has checkpointed.
const PACE_POLL_MS = 10;
// Litestream cannot checkpoint while it takes a snapshot (at most once a day, or
// for a new generation), which can take minutes: uploads then go on unbounded
// rather than stall until their clients give up.
const PACE_STALL_MS = 15_000;

function serialize(err: unknown): SerializedError {
  const e = err as { name?: string; message?: string; code?: unknown };
  return {
    name: e?.name ?? 'Error',
    message: e?.message ?? String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}

/** What a chunk insert meets when it would eat into the reserve: a full disk, as SQLite reports one. */
class ReserveReachedError extends Error {
  readonly code = 'SQLITE_FULL';
  constructor() {
    super('disk reserve reached');
  }
}

const port = parentPort!;
const { path, reserveBytes = 0, litestreamMarginBytes, ...options } = workerData as WriterWorkerData;
const notify = (notice: Omit<WorkerNotice, 'type'>) => port.postMessage({ type: 'notice', ...notice } satisfies WorkerNotice);

try {
  const db = openDatabase(path, options);
  const ops = createWriteOps(db) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const dir = dirname(path);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const room = () =>
    statDisk(dir).freeBytes +
    (db.pragma('freelist_count', { simple: true }) as number) * pageSize -
    wal.pendingGrowthBytes(statSync(path).size);
  // Paces uploads under Litestream only; without it SQLite checkpoints by itself.
  const wal = new WalPacer(path, options.litestream && litestreamMarginBytes !== undefined ? walBudget(litestreamMarginBytes) : undefined);
  const pacer = options.litestream && litestreamMarginBytes !== undefined ? wal : undefined;
  const waiting: WriteRequest[] = [];
  let draining = false;
  let closing = false;
  let unpacedSince: number | undefined;

  const handle = (msg: WriteRequest): void => {
    const { seq, op, args, lent } = msg;
    const transfer = lent ? [lent.buffer] : [];
    try {
      const fn = ops[op];
      if (typeof fn !== 'function') throw new Error(`unknown write operation ${op}`);
      if (lent && reserveBytes > 0 && !hasRoomFor(room(), reserveBytes, lent.length)) {
        throw new ReserveReachedError();
      }
      const run = () => (lent ? fn(...args, new Uint8Array(lent.buffer, 0, lent.length)) : fn(...args));
      let result: unknown;
      try {
        result = run();
      } catch (err) {
        if (options.litestream || !isDiskFull(err)) throw err;
        // On a full disk the WAL cannot grow: copying it into the database (whose
        // freed pages take it) lets the next write start again at the WAL's
        // beginning, inside the file as it is (issue 11). Litestream does this itself.
        db.pragma('wal_checkpoint(RESTART)');
        result = run();
      }
      port.postMessage({ seq, ok: true, result, lent: lent?.buffer } satisfies WriteReply, transfer);
    } catch (err) {
      port.postMessage({ seq, ok: false, error: serialize(err), lent: lent?.buffer } satisfies WriteReply, transfer);
    }
  };

  const shutDown = (): void => {
    wal.close();
    db.close();
    port.close();
  };

  /** True when the next chunk should wait for Litestream to catch up. */
  const mustWait = (): boolean => {
    if (!pacer?.overBudget()) {
      if (unpacedSince !== undefined) notify({ level: 'info', msg: 'Litestream caught up: uploads paced again', data: {} });
      unpacedSince = undefined;
      return false;
    }
    return unpacedSince === undefined;
  };

  const drain = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    let waitStart: number | undefined;
    while (waiting.length > 0) {
      if (mustWait()) {
        waitStart ??= performance.now();
        if (performance.now() - waitStart < PACE_STALL_MS) {
          await new Promise((resolve) => setTimeout(resolve, PACE_POLL_MS));
          continue;
        }
        unpacedSince = performance.now();
        notify({
          level: 'warn',
          msg: 'Litestream has not checkpointed the WAL for a while (a snapshot?): uploads go on without the disk bound',
          data: { walBytes: pacer!.walBytes(), shadowBytes: pacer!.shadowBytes() },
        });
      }
      waitStart = undefined;
      handle(waiting.shift()!);
    }
    draining = false;
    if (closing) shutDown();
  };

  port.on('message', (msg: WriteRequest | 'close') => {
    if (msg === 'close') {
      closing = true;
      if (!draining) shutDown();
      return;
    }
    // Only upload chunks wait: deletes free space, and the rest is small.
    if (pacer && msg.lent && (waiting.length > 0 || mustWait())) {
      waiting.push(msg);
      void drain();
      return;
    }
    handle(msg);
  });
  port.postMessage({ type: 'ready' } satisfies WorkerSignal);
} catch (err) {
  port.postMessage({ type: 'failed', error: serialize(err) } satisfies WorkerSignal);
  port.close();
}
