import { createHash } from 'node:crypto';
import { Agent, request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { multipartBody, rangeBody, rawBody, type RequestBody } from './multipart.js';
import type { TestFile } from './test-files.js';

// Stored far in the future so that no cleanup runs into the bench.
const EXPIRATION = '2999-12-31T00:00:00Z';
// Answers other than file bodies are short; anything longer is a server bug.
const MAX_TEXT_BYTES = 1024 * 1024;

// The server runs on loopback for the bench alone (bench/server.ts).
export const BENCH_METRICS_TOKEN = 'bench-metrics-token-loopback-only';

export interface ServerMetrics {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

/** One unlabelled sample of the Prometheus text, in seconds, as milliseconds. */
function gaugeMs(text: string, name: string): number {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`/metrics has no ${name}`);
  return Math.round(Number(m[1]) * 1e5) / 100;
}

export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
}

async function readText(res: IncomingMessage): Promise<string> {
  const pieces: Buffer[] = [];
  let length = 0;
  for await (const piece of res as AsyncIterable<Buffer>) {
    length += piece.length;
    if (length > MAX_TEXT_BYTES) throw new Error(`answer longer than ${MAX_TEXT_BYTES} bytes`);
    pieces.push(piece);
  }
  return Buffer.concat(pieces).toString('utf8');
}

async function expectStatus(res: IncomingMessage, want: number, what: string): Promise<string> {
  const text = await readText(res);
  if (res.statusCode !== want) throw new HttpStatusError(`${what}: HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
  return text;
}

/**
 * The bench's side of HTTP, on node:http with a keep-alive agent rather than
 * fetch, so that bodies stream with plain backpressure and nothing buffers.
 */
export class BenchClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 16 });
  readonly #origin: string;
  readonly #auth: string;

  constructor(origin: string, passphrase: string) {
    this.#origin = origin;
    // Any user name will do; the password is the passphrase (upstream's API).
    this.#auth = `Basic ${Buffer.from(`bench:${passphrase}`).toString('base64')}`;
  }

  #send(method: string, path: string, headers: OutgoingHttpHeaders, body?: RequestBody): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const allHeaders = body ? { ...headers, 'content-type': body.contentType, 'content-length': body.length } : headers;
      const req = request(new URL(path, this.#origin), { method, headers: allHeaders, agent: this.#agent }, resolve);
      req.on('error', reject);
      if (body) pipeline(body.stream, req).catch(reject);
      else req.end();
    });
  }

  async uploadMultipart(file: TestFile): Promise<string> {
    const res = await this.#send('POST', `/api/entry?expiration=${EXPIRATION}`, { authorization: this.#auth }, multipartBody(file));
    const { id } = JSON.parse(await expectStatus(res, 200, `upload of ${file.name}`)) as { id: string };
    return id;
  }

  async uploadRaw(file: TestFile): Promise<string> {
    const headers = { authorization: this.#auth, accept: 'application/json' };
    const res = await this.#send('PUT', `/${file.name}?expiration=${EXPIRATION}`, headers, rawBody(file));
    const { id } = JSON.parse(await expectStatus(res, 201, `PUT of ${file.name}`)) as { id: string; url: string };
    return id;
  }

  /** A resumable upload (issue 13): one POST, then PATCHes of at most `patchBytes`. */
  async uploadTus(file: TestFile, patchBytes: number): Promise<string> {
    const tus = { authorization: this.#auth, 'tus-resumable': '1.0.0' };
    const metadata = `filename ${Buffer.from(file.name).toString('base64')},expiration ${Buffer.from(EXPIRATION).toString('base64')}`;
    const created = await this.#send('POST', '/api/tus', { ...tus, 'upload-length': String(file.size), 'upload-metadata': metadata });
    await expectStatus(created, 201, `tus creation for ${file.name}`);
    const location = new URL(String(created.headers.location));
    for (let offset = 0; offset < file.size; offset += patchBytes) {
      const length = Math.min(patchBytes, file.size - offset);
      const res = await this.#send('PATCH', location.pathname, { ...tus, 'upload-offset': String(offset) }, rangeBody(file, offset, length));
      await expectStatus(res, 204, `tus PATCH of ${file.name} at ${offset}`);
    }
    return location.pathname.split('/').pop()!;
  }

  /** Reads a whole file, hashing it when asked. */
  async download(id: string, hash: boolean): Promise<{ bytes: number; sha256: string | undefined }> {
    const res = await this.#send('GET', `/-${id}`, {});
    if (res.statusCode !== 200) await expectStatus(res, 200, `download of ${id}`);
    const hasher = hash ? createHash('sha256') : undefined;
    let bytes = 0;
    for await (const piece of res as AsyncIterable<Buffer>) {
      bytes += piece.length;
      hasher?.update(piece);
    }
    return { bytes, sha256: hasher?.digest('hex') };
  }

  /** Milliseconds from sending a Range request to the first body byte. */
  async rangeFirstByteMs(id: string, start: number, length: number): Promise<number> {
    const began = performance.now();
    const res = await this.#send('GET', `/-${id}`, { range: `bytes=${start}-${start + length - 1}` });
    if (res.statusCode !== 206) await expectStatus(res, 206, `range of ${id}`);
    let firstByteMs: number | undefined;
    let bytes = 0;
    for await (const piece of res as AsyncIterable<Buffer>) {
      firstByteMs ??= performance.now() - began;
      bytes += piece.length;
    }
    if (bytes !== length || firstByteMs === undefined) throw new Error(`range of ${id}: got ${bytes} bytes, wanted ${length}`);
    return firstByteMs;
  }

  /**
   * The server's event-loop delay since the previous scrape, from /metrics:
   * prom-client starts a new window at every scrape, so a first call resets it.
   */
  async metrics(): Promise<ServerMetrics> {
    const res = await this.#send('GET', '/metrics', { authorization: `Bearer ${BENCH_METRICS_TOKEN}` });
    const text = await expectStatus(res, 200, 'metrics');
    const lag = (stat: string) => gaugeMs(text, `nodejs_eventloop_lag_${stat}_seconds`);
    return { eventLoopDelayMs: { p50: lag('p50'), p99: lag('p99'), max: lag('max') } };
  }

  async isHealthy(): Promise<boolean> {
    try {
      const res = await this.#send('GET', '/healthz', {});
      await readText(res);
      return res.statusCode === 200;
    } catch {
      return false;
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}
