import type { FastifyInstance } from 'fastify';
import { BASIC } from './app.js';

export const NEVER = '2999-12-31T00:00:00Z';

export interface GuestLinkSpec {
  label?: string | null;
  urlExpirationTime?: string;
  fileLifetime?: string;
  maxFileBytes?: number | null;
  maxFileUploads?: number | null;
  /** Ours (issue 15): the download limit its files get. */
  maxDownloads?: number | null;
}

/** Creates a guest link through the API; returns its ID. */
export async function createGuestLink(app: FastifyInstance, spec: GuestLinkSpec = {}): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/guest-links',
    headers: { authorization: BASIC },
    payload: JSON.stringify({ label: null, urlExpirationTime: NEVER, fileLifetime: '876000h0m0s', maxFileBytes: null, maxFileUploads: null, ...spec }),
  });
  if (res.statusCode !== 200) throw new Error(`guest link not created: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}
