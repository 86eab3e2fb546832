import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Which proxies in front of the server are believed (issue 12): none, the
 * nearest `hops` of them, or those at the listed addresses and networks.
 */
export type ProxyTrust = false | number | readonly string[];

/** Decides whether the address `hop` steps away from the server is a trusted proxy. */
export type TrustFn = (address: string, hop: number) => boolean;

declare module 'fastify' {
  interface FastifyRequest {
    /** The client's address for rate limits, history and logs: always a valid, normalised IP. */
    readonly clientIp: string;
  }
}

const MAPPED_V4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * The canonical form of an IP address (RFC 5952 for IPv6, IPv4-mapped IPv6 as
 * plain IPv4, no zone), or undefined when `raw` is not an IP address at all.
 */
export function normalizeIp(raw: string): string | undefined {
  const candidate = raw.trim().replace(/%.*$/, '');
  const family = isIP(candidate);
  if (family === 4) return candidate;
  if (family !== 6) return undefined;
  // The URL parser writes IPv6 hosts in their canonical, compressed form.
  const canonical = new URL(`http://[${candidate}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_V4.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Parses `10.0.0.1` or `10.0.0.0/8`, IPv4 or IPv6; undefined if it is neither. */
export function parseProxyAddress(raw: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(raw.trim());
  const address = m && normalizeIp(m[1]!);
  if (!address) return undefined;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  return prefix <= max ? { address, prefix, family } : undefined;
}

/** The trust function for Fastify's `trustProxy` and for clientIp; false when no proxy is trusted. */
export function trustFunction(trust: ProxyTrust): TrustFn | false {
  if (trust === false || trust === 0) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  const list = new BlockList();
  for (const entry of trust) {
    const parsed = parseProxyAddress(entry);
    if (!parsed) throw new Error(`not an IP address or network: ${entry}`);
    list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return (address) => {
    const ip = normalizeIp(address);
    return ip !== undefined && list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
  };
}

// An address the socket no longer knows (it closed before anyone asked).
const UNKNOWN = '0.0.0.0';

/**
 * Walks from the socket towards the client as proxy-addr does: each trusted
 * hop hands over to the address it appended to X-Forwarded-For. An entry that
 * is not an IP (a client can write anything there) ends the walk at the last
 * valid address, so a forged string is never taken for the client.
 */
export function resolveClientIp(request: FastifyRequest, trust: TrustFn | false): string {
  let current = normalizeIp(request.raw.socket?.remoteAddress ?? '') ?? UNKNOWN;
  if (!trust) return current;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').reverse();
  for (let hop = 0; hop < forwarded.length && trust(current, hop); hop++) {
    const next = normalizeIp(forwarded[hop]!);
    if (next === undefined) break;
    current = next;
  }
  return current;
}

const CLIENT_IP = Symbol('clientIp');

/**
 * Adds `request.clientIp`. It is worked out as the request arrives, while the
 * socket still knows its peer, and kept for the log line of an aborted request.
 */
export function decorateClientIp(app: FastifyInstance, trust: TrustFn | false): void {
  type Cached = FastifyRequest & { [CLIENT_IP]?: string };
  app.decorateRequest('clientIp', {
    getter(this: FastifyRequest) {
      const request = this as Cached;
      return (request[CLIENT_IP] ??= resolveClientIp(request, trust));
    },
  });
  app.addHook('onRequest', async (request) => void request.clientIp);
}
