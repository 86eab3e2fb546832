// The clients of `npm run bench -- --hostile`: stalled uploads, slow headers,
// page-by-page listing, health probes and real uploads. Each attacker has its
// own loopback address (127.x.y.z all reach a server on 127.0.0.1 on Linux), so
// per-address caps meet many clients, not one.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { multipartBody } from './multipart.js';
import type { TestFile } from './test-files.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The n-th attacker's address: 127.1.0.0/16, away from the real client's. */
export const attackerAddress = (n: number): string => `127.1.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
export const REAL_CLIENT = '127.0.0.10';

export interface Held {
  sockets: Socket[];
  /** Answers seen by status line (e.g. `503`), or `closed` for a connection closed unanswered. */
  outcomes: Map<string, number>;
  close(): void;
}

function holdAll(count: number, open: (n: number) => Socket): Held {
  const outcomes = new Map<string, number>();
  const sockets: Socket[] = [];
  for (let n = 0; n < count; n++) {
    const socket = open(n);
    let answered = false;
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      if (answered) return;
      answered = true;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 'garbled';
      outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
    });
    socket.on('close', () => {
      if (!answered) outcomes.set('closed', (outcomes.get('closed') ?? 0) + 1);
    });
    sockets.push(socket);
  }
  return { sockets, outcomes, close: () => sockets.forEach((s) => s.destroy()) };
}

/** Guest uploads that send their headers and a few bytes, then nothing. */
export function stalledUploads(port: number, guestLinkId: string, count: number): Held {
  return holdAll(count, (n) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: attackerAddress(n) });
    socket.once('connect', () =>
      socket.write(
        `PUT /g/${guestLinkId}/stall-${n}.bin HTTP/1.1\r\nHost: bench\r\nContent-Length: 100000000\r\n\r\nfew bytes`,
      ),
    );
    return socket;
  });
}

/** Connections that send their request line and then one header byte every few seconds. */
export function slowHeaders(port: number, count: number, everyMs: number): Held {
  const held = holdAll(count, (n) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress: attackerAddress(10_000 + n) });
    socket.once('connect', () => socket.write('GET / HTTP/1.1\r\nHost: bench\r\nX-Slow: '));
    return socket;
  });
  const timer = setInterval(() => held.sockets.forEach((s) => s.writable && s.write('a')), everyMs);
  return { ...held, close: () => (clearInterval(timer), held.close()) };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
}

// A connection refused while the attackers hold every slot is tried again, as
// a browser would; each retry is counted.
const GET_TRIES = 10;
const RETRY_PAUSE_MS = 200;
export const retries = { count: 0 };

async function get(origin: string, path: string, auth: string, from: string): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getOnce(origin, path, auth, from);
    } catch (err) {
      if (attempt >= GET_TRIES) throw err;
      retries.count++;
      await sleep(RETRY_PAUSE_MS);
    }
  }
}

function getOnce(origin: string, path: string, auth: string, from: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, origin), { headers: { authorization: auth }, localAddress: from }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const nextLink = (header: string | string[] | undefined): string | undefined =>
  /<([^>]+)>;\s*rel="?next"?/.exec(String(header ?? ''))?.[1];

export interface Listing {
  pages: number;
  bytes: number;
  maxPageMs: number;
  statuses: Record<string, number>;
}

/** Follows rel="next" links from `path` to the last page. */
export async function listAll(origin: string, path: string, auth: string, maxPages: number): Promise<Listing> {
  const listing: Listing = { pages: 0, bytes: 0, maxPageMs: 0, statuses: {} };
  for (let next: string | undefined = path; next && listing.pages < maxPages; ) {
    const began = performance.now();
    const answer = await get(origin, next, auth, REAL_CLIENT).catch(
      (err: Error): Answer => ({ status: 0, headers: { error: err.message }, bytes: 0 }),
    );
    listing.maxPageMs = Math.max(listing.maxPageMs, performance.now() - began);
    listing.pages++;
    listing.bytes += answer.bytes;
    listing.statuses[answer.status] = (listing.statuses[answer.status] ?? 0) + 1;
    if (answer.status !== 200) break;
    next = nextLink(answer.headers.link);
  }
  return listing;
}

/** /healthz every `everyMs` until stopped; returns each answer's latency. */
export function probeHealth(origin: string, everyMs: number): { stop(): Promise<{ latencies: number[]; failures: number }> } {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const began = performance.now();
      try {
        const answer = await getOnce(origin, '/healthz', '', '127.0.0.20');
        if (answer.status === 200) latencies.push(performance.now() - began);
        else failures++;
      } catch {
        failures++;
      }
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { latencies, failures };
    },
  };
}

/** A real owner upload from the real client's address, retried while the server says 503. */
export async function realUpload(origin: string, auth: string, file: TestFile, maxTries: number): Promise<{ id: string; tries: number }> {
  for (let tries = 1; ; tries++) {
    const body = multipartBody(file);
    const answer = await new Promise<{ status: number; text: string; retryAfter: number }>((resolve, reject) => {
      const req = request(
        new URL('/api/entry?expiration=2999-12-31T00:00:00Z', origin),
        {
          method: 'POST',
          localAddress: REAL_CLIENT,
          headers: { authorization: auth, 'content-type': body.contentType, 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text, retryAfter: Number(res.headers['retry-after'] ?? 1) }));
        },
      );
      req.on('error', reject);
      pipeline(body.stream, req).catch(() => {});
    }).catch((err: Error) => ({ status: 0, text: err.message, retryAfter: 1 }));
    if (answer.status === 200) return { id: (JSON.parse(answer.text) as { id: string }).id, tries };
    if ((answer.status !== 503 && answer.status !== 0) || tries >= maxTries) throw new Error(`upload of ${file.name}: HTTP ${answer.status}: ${answer.text}`);
    await sleep(answer.retryAfter * 1000);
  }
}

/** Downloads a file whole and hashes it. */
export function sha256Of(origin: string, id: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const req = request(new URL(`/-${id}`, origin), { localAddress: REAL_CLIENT }, (res) => {
      res.on('data', (d: Buffer) => hash.update(d));
      res.on('end', () => resolve(hash.digest('hex')));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
