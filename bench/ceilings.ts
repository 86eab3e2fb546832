import { fork, type ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { jobKey, MIB, type CeilingJob, type CeilingReply, type CeilingResult, type CeilingSpec } from './ceiling-jobs.js';
import { flushDirtyPages } from './proc.js';

// The chunk size issue 6 defines the upload ceiling with: upstream's 320 KiB rows.
export const REFERENCE_CHUNK_BYTES = 327_680;

export interface CeilingPaths {
  /** Where fresh ceiling databases go: the folder of the server's, so the same disk. */
  dir: string;
  dbPath: string;
}

/** A workload's ceiling spec made concrete; chunkSize matters to inserts only. */
export function ceilingJob(spec: CeilingSpec, paths: CeilingPaths, chunkSize: number): CeilingJob {
  return spec.kind === 'read' ? { ...spec, dbPath: paths.dbPath } : { ...spec, dir: paths.dir, chunkSize };
}

/** The bare-HTTP reference for a download workload, at the server's chunk size. */
export function transportJob(spec: CeilingSpec, serverChunkBytes: number | undefined): CeilingJob | undefined {
  if (spec.kind !== 'read') return undefined;
  return { kind: 'http', files: spec.ids.length, fileBytes: spec.fileBytes, chunkSize: serverChunkBytes ?? REFERENCE_CHUNK_BYTES };
}

/** The jobs a workload's spec stands for: one per chunk size worth knowing, plus the transport's. */
export function jobsFor(spec: CeilingSpec, paths: CeilingPaths, serverChunkBytes: number | undefined): CeilingJob[] {
  const sizes = new Set([REFERENCE_CHUNK_BYTES, serverChunkBytes ?? REFERENCE_CHUNK_BYTES]);
  const transport = transportJob(spec, serverChunkBytes);
  return [...[...sizes].map((chunkSize) => ceilingJob(spec, paths, chunkSize)), ...(transport ? [transport] : [])];
}

/** Downloads `files` copies of the bare server's payload at once; MiB/s as the bench's client sees it. */
function downloadAll(port: number, files: number): Promise<{ bytes: number; seconds: number }> {
  const began = performance.now();
  let bytes = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        res.on('data', (data: Buffer) => (bytes += data.length));
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    });
  return Promise.all(Array.from({ length: files }, one)).then(() => ({ bytes, seconds: (performance.now() - began) / 1000 }));
}

/**
 * Measures raw SQLite in a child process of its own, so that its memory and CPU
 * show up in no server figure. Each distinct job runs once.
 */
export class CeilingRunner {
  #child: ChildProcess | undefined;
  readonly #results = new Map<string, CeilingResult>();

  get results(): ReadonlyMap<string, CeilingResult> {
    return this.#results;
  }

  #ask(job: CeilingJob): Promise<{ bytes: number; seconds: number }> {
    const child = (this.#child ??= fork(fileURLToPath(new URL('./ceiling-child.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
    }));
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the ceiling process exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (reply: CeilingReply) => {
        child.off('exit', onExit);
        if (reply.ok) resolve(reply);
        else reject(new Error(`ceiling ${jobKey(job)} failed: ${reply.error}`));
      });
      child.send(job);
    });
  }

  /** The server's chunk size: the length of a stored file's first chunk (upstream's rule). */
  async serverChunkBytes(dbPath: string, id: string): Promise<number> {
    return (await this.#ask({ kind: 'chunk-size', dbPath, id })).bytes;
  }

  async measure(job: CeilingJob): Promise<CeilingResult> {
    const key = jobKey(job);
    const known = this.#results.get(key);
    if (known) return known;
    // As before each workload, so that both start from the same disk state.
    flushDirtyPages();
    const { bytes, seconds } = job.kind === 'http' ? await this.#transport(job) : await this.#ask(job);
    const result = { job, bytes, seconds, mibPerSecond: bytes / MIB / seconds };
    this.#results.set(key, result);
    return result;
  }

  async #transport(job: Extract<CeilingJob, { kind: 'http' }>): Promise<{ bytes: number; seconds: number }> {
    const { port } = (await this.#ask(job)) as { port?: number };
    try {
      return await downloadAll(port!, job.files);
    } finally {
      await this.#ask({ kind: 'http-stop' });
    }
  }

  close(): void {
    this.#child?.kill();
    this.#child = undefined;
  }
}
