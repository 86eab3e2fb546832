import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { translateStoreError, type DatabaseOptions } from './database.js';
import type { DiskGuard } from './disk-guard.js';
import type { WriteOpName, WriteOps } from './write-ops.js';
import type {
  SerializedError,
  WorkerNotice,
  WorkerSignal,
  WriteReply,
  WriteRequest,
  WriterWorkerData,
} from './write-worker.js';

type Result<K extends WriteOpName> = ReturnType<WriteOps[K]>;
type Args<K extends WriteOpName> = Parameters<WriteOps[K]>;
/** A chunk's bytes travel separately, as a lent buffer: the op's arguments before them. */
type LentArgs<K extends WriteOpName> = Args<K> extends [...infer Head, Uint8Array] ? Head : never;
type ChunkArgs = LentArgs<'insertChunk'>;

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** A write that failed in the worker, rebuilt on this side of the thread boundary. */
export class StoreError extends Error {
  override name = 'StoreError';
  readonly code: string | undefined;
  constructor(serialized: SerializedError) {
    super(serialized.message);
    this.code = serialized.code;
  }
}

// Spare chunk buffers kept for reuse across uploads, so that steady traffic
// allocates nothing; beyond this many, returned buffers are left to the GC.
const POOL_MAX = 8;
const WORKER_YOUNG_GENERATION_MB = 3;
// A worker that replied this recently is alive, whatever is still queued.
const RECENT_REPLY_MS = 1_000;

// Under tsx (tests, `npm run dev`) the worker must register the TypeScript loader
// itself: Node 20 does not pass --import hooks on to worker threads.
function workerArgs(url: URL): [string | URL, { eval?: boolean }] {
  if (!url.pathname.endsWith('.ts')) return [url, {}];
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return [code, { eval: true }];
}

/**
 * The main thread's handle on the writer worker: every database write goes
 * through it, in order, as a promise.
 */
export class Writer {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #pool: ArrayBuffer[] = [];
  readonly #onFailure: (err: Error) => void;
  #seq = 0;
  #lastReplyAt = 0;
  #stopped: Error | undefined;
  #closing = false;
  readonly chunkSize: number;
  /** The disk's reserve and state: uploads ask it before they start (issue 11). */
  readonly disk: DiskGuard | undefined;

  private constructor(worker: Worker, chunkSize: number, onFailure: (err: Error) => void, disk: DiskGuard | undefined, log: Logger | undefined) {
    this.#worker = worker;
    this.chunkSize = chunkSize;
    this.#onFailure = onFailure;
    this.disk = disk;
    worker.on('message', (reply: WriteReply | WorkerNotice) => {
      if ('type' in reply) log?.[reply.level](reply.data, reply.msg);
      else this.#settle(reply);
    });
    worker.on('error', (err) => this.#stop(err));
    worker.on('exit', (code) => this.#stop(new Error(`database writer exited (code ${code})`)));
  }

  /** Starts the worker; resolves once it has opened the database. */
  static start(options: DatabaseOptions & {
    path: string;
    chunkSize: number;
    onFailure?: (err: Error) => void;
    /** Applies its reserve to every chunk; without one (tests) only a truly full disk stops uploads. */
    disk?: DiskGuard;
    /** Under Litestream, the disk the WAL and Litestream's files may take (PS_LITESTREAM_DISK_MARGIN_MB). */
    litestreamMarginBytes?: number;
    /** Where the worker's notices go (uploads paused too long, for one). */
    log?: Logger;
  }): Promise<Writer> {
    const script = new URL(`./write-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
    const [entry, extra] = workerArgs(script);
    const worker = new Worker(entry, {
      ...extra,
      workerData: {
        path: options.path,
        litestream: options.litestream,
        ...(options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount }),
        ...(options.disk ? { reserveBytes: options.disk.reserveBytes() } : {}),
        ...(options.litestreamMarginBytes === undefined ? {} : { litestreamMarginBytes: options.litestreamMarginBytes }),
      } satisfies WriterWorkerData,
      // The worker holds little JavaScript: a small young generation keeps its
      // share of memory small (V8 would otherwise grow it to 16 MB per space).
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`database writer exited during start-up (code ${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', (signal: WorkerSignal) => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        if (signal.type === 'failed') {
          reject(translateStoreError(new StoreError(signal.error)));
          return;
        }
        resolve(new Writer(worker, options.chunkSize, options.onFailure ?? (() => {}), options.disk, options.log));
      });
    });
  }

  call<K extends WriteOpName>(op: K, ...args: Args<K>): Promise<Result<K>> {
    return this.#send(op, args) as Promise<Result<K>>;
  }

  /** A chunk-sized buffer to fill; give it back through insertChunk. */
  takeBuffer(): Buffer {
    return Buffer.from(this.#pool.pop() ?? new ArrayBuffer(this.chunkSize));
  }

  /**
   * Inserts bytes [0, length) of a buffer from takeBuffer() as one chunk row. The
   * buffer is handed to the worker without copying and must not be touched again.
   */
  insertChunk(buffer: Buffer, length: number, ...args: ChunkArgs): Promise<void> {
    return this.#send('insertChunk', args, { buffer: buffer.buffer as ArrayBuffer, length }) as Promise<void>;
  }

  /** As insertChunk, for any operation that takes a chunk's bytes as its last argument. */
  lendChunk<K extends WriteOpName>(op: K, buffer: Buffer, length: number, ...args: LentArgs<K>): Promise<Result<K>> {
    return this.#send(op, args, { buffer: buffer.buffer as ArrayBuffer, length }) as Promise<Result<K>>;
  }

  /**
   * Proves the worker answers. While it is busy (uploads streaming in, a
   * checkpoint running), a reply in the last moments is proof enough: a ping
   * queued behind a 300 ms checkpoint would make a health check wait for
   * nothing (issue 10).
   */
  async ping(): Promise<void> {
    if (this.#pending.size > 0 && performance.now() - this.#lastReplyAt < RECENT_REPLY_MS) return;
    await this.call('ping');
  }

  /** Finishes the queued writes, then closes the worker's connection. */
  async close(): Promise<void> {
    if (this.#stopped) return;
    this.#closing = true;
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage('close');
    await exited;
  }

  #send(op: WriteOpName, args: unknown[], lent?: WriteRequest['lent']): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      const request: WriteRequest = { seq, op, args, ...(lent ? { lent } : {}) };
      this.#worker.postMessage(request, lent ? [lent.buffer] : []);
    });
  }

  #settle(reply: WriteReply): void {
    this.#lastReplyAt = performance.now();
    if (reply.lent && this.#pool.length < POOL_MAX) this.#pool.push(reply.lent);
    const pending = this.#pending.get(reply.seq);
    if (!pending) return;
    this.#pending.delete(reply.seq);
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(translateStoreError(new StoreError(reply.error)));
  }

  #stop(err: Error): void {
    if (this.#stopped) return;
    this.#stopped = err;
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
    if (!this.#closing) this.#onFailure(err);
  }
}

