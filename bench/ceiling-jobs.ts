/** What a workload's throughput is compared with, before paths are known. */
export type CeilingSpec =
  /** Autocommit inserts of `files` files' chunks, round-robin when uploads run in parallel. */
  | { kind: 'insert'; files: number; fileBytes: number; interleave: boolean }
  /** One-chunk-per-query reads of stored files, as downloads do. */
  | { kind: 'read'; ids: string[]; fileBytes: number };

/** The messages the ceiling child process understands. */
export type CeilingJob =
  | (Extract<CeilingSpec, { kind: 'insert' }> & { dir: string; chunkSize: number })
  | (Extract<CeilingSpec, { kind: 'read' }> & { dbPath: string })
  /**
   * The HTTP transport alone: a bare Node server sending the same chunks from
   * memory, with the server's backpressure, to the bench's client. Answered
   * with the port it listens on; 'http-stop' closes it.
   */
  | { kind: 'http'; files: number; fileBytes: number; chunkSize: number }
  | { kind: 'http-stop' }
  /** Answered with the length of the file's chunk 0 as `bytes`. */
  | { kind: 'chunk-size'; dbPath: string; id: string };

export type CeilingReply = { ok: true; bytes: number; seconds: number; port?: number } | { ok: false; error: string };

export interface CeilingResult {
  job: CeilingJob;
  bytes: number;
  seconds: number;
  mibPerSecond: number;
}

export const MIB = 1024 * 1024;

/** Jobs that measure the same thing share one key, so each runs once. */
export function jobKey(job: CeilingJob): string {
  const { dir: _dir, dbPath: _dbPath, ...rest } = job as CeilingJob & { dir?: string; dbPath?: string };
  return JSON.stringify(rest);
}
