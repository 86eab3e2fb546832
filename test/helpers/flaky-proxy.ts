import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A seeded PRNG (mulberry32): the same drops on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface FlakyProxyOptions {
  /** Bodies declared bigger than this are refused with 413, as Cloudflare refuses them. */
  maxBodyBytes: number;
  /** Chance that a request with a body is cut off after a random number of its bytes. */
  dropRate: number;
  seed: number;
}

export interface FlakyProxy {
  url: string;
  /** Where requests go; changes when the server behind restarts on another port. */
  target: string;
  drops: number;
  refused: number;
  close(): Promise<void>;
}

/**
 * A reverse proxy for tests: caps request bodies, and drops connections
 * mid-body at random (seeded) offsets, as flaky Wi-Fi and proxies do.
 */
export async function startFlakyProxy(target: string, options: FlakyProxyOptions): Promise<FlakyProxy> {
  const random = seeded(options.seed);
  const state = { target, drops: 0, refused: 0 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > options.maxBodyBytes) {
      state.refused++;
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('body too large for the proxy\n');
      req.resume();
      return;
    }
    const dropAt = length > 0 && random() < options.dropRate ? Math.floor(random() * length) : -1;
    const upstream = forward(state.target + req.url, { method: req.method, headers: req.headers });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    const cut = () => {
      state.drops++;
      upstream.destroy();
      req.socket.destroy();
    };
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { connection: 'close' }).end();
      else res.destroy();
    });
    let seen = 0;
    req.on('data', (data: Buffer) => {
      if (dropAt >= 0 && seen + data.length > dropAt) {
        upstream.write(data.subarray(0, dropAt - seen));
        req.pause();
        // Let those bytes reach the server before the line goes dead.
        setImmediate(cut);
        return;
      }
      seen += data.length;
      if (!upstream.write(data)) {
        req.pause();
        upstream.once('drain', () => req.resume());
      }
    });
    req.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get target() {
      return state.target;
    },
    set target(value: string) {
      state.target = value;
    },
    get drops() {
      return state.drops;
    },
    get refused() {
      return state.refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
