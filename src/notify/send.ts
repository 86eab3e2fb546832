import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from './special-addresses.js';

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface SendOptions {
  /** notifyPrivateAddresses: private, loopback and link-local addresses allowed. */
  allowPrivate: boolean;
  /** For the whole attempt, redirects included. */
  timeoutMs: number;
  /** Which addresses count as public; tests on loopback replace it. */
  isPublic?: (ip: string) => boolean;
}

/** `retry`: worth another attempt later (the receiver is down or slow), not a refusal. */
export type SendResult = { ok: true; status: number } | { ok: false; status?: number; error: string; retry: boolean };

// Enough for a URL shortener in front of a receiver; a loop ends here.
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUSES = new Set([408, 425, 429]);

class RefusedError extends Error {
  override name = 'RefusedError';
}

/**
 * Resolves a host and refuses it when any of its addresses is special. Given
 * to the request as its `lookup`, the address checked is the address connected
 * to, so a DNS answer that changes between check and connection (rebinding)
 * cannot slip through.
 */
function checkedLookup({ allowPrivate, isPublic = isPublicAddress }: SendOptions): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => !isPublic(a.address));
      if (refused) return callback(new RefusedError(`${hostname} resolves to a private or special address (${refused.address})`), '', 0);
      if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Throws RefusedError for what may never be sent to: other schemes, credentials, special literal addresses. */
function checkUrl(url: URL, { allowPrivate, isPublic = isPublicAddress }: SendOptions): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RefusedError(`only http and https URLs are allowed (got ${url.protocol})`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!allowPrivate && isIP(host) !== 0 && !isPublic(host)) throw new RefusedError(`${host} is a private or special address`);
}

function once(url: URL, method: 'POST' | 'GET', request: OutgoingRequest, options: SendOptions, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method,
      headers: method === 'POST' ? { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) } : { 'user-agent': request.headers['user-agent'] ?? '' },
      lookup: checkedLookup(options),
      agent: false,
      signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(method === 'POST' ? request.body : undefined);
  });
}

/**
 * One attempt at delivering a notification, following redirects by hand so
 * every hop's scheme and address are checked as the first one's are.
 */
export async function sendOnce(request: OutgoingRequest, options: SendOptions): Promise<SendResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let method: 'POST' | 'GET' = 'POST';
  try {
    let url = new URL(request.url);
    for (let hop = 0; ; hop++) {
      checkUrl(url, options);
      const res = await once(url, method, request, options, signal);
      // Only the status matters; the body is drained, not read.
      res.resume();
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        if (hop >= MAX_REDIRECTS) return { ok: false, status, error: `more than ${MAX_REDIRECTS} redirects`, retry: false };
        // As browsers do: 303, and 301/302 after a POST, continue as GET.
        if (status === 303 || status === 301 || status === 302) method = 'GET';
        url = new URL(location, url);
        continue;
      }
      if (status >= 200 && status < 300) return { ok: true, status };
      return { ok: false, status, error: `answered ${status}`, retry: status >= 500 || RETRY_STATUSES.has(status) };
    }
  } catch (err) {
    if (err instanceof RefusedError) return { ok: false, error: err.message, retry: false };
    if (signal.aborted) return { ok: false, error: `no answer within ${options.timeoutMs} ms`, retry: true };
    if (err instanceof TypeError && (err as { code?: string }).code === 'ERR_INVALID_URL') return { ok: false, error: 'invalid URL', retry: false };
    return { ok: false, error: (err as Error).message, retry: true };
  }
}
