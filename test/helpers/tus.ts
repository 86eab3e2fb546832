import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BASIC } from './app.js';

/** Upload-Metadata from plain values. */
export const tusMetadata = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

export const checksumOf = (algorithm: 'sha1' | 'sha256', bytes: Buffer | string): string =>
  `${algorithm} ${createHash(algorithm).update(bytes).digest('base64')}`;

/** A thin tus 1.0 client over app.inject(), owner's by default. */
export function tusClient(app: FastifyInstance, base = '/api/tus', auth: Record<string, string> = { authorization: BASIC }) {
  const v = { 'tus-resumable': '1.0.0', ...auth };
  return {
    create(headers: Record<string, string>, payload?: Buffer) {
      return app.inject({
        method: 'POST',
        url: base,
        headers: { ...v, ...(payload ? { 'content-type': 'application/offset+octet-stream' } : {}), ...headers },
        ...(payload ? { payload } : {}),
      });
    },
    /** Creates an upload and returns its ID (throws unless 201). */
    async start(length: number | null, fields: Record<string, string> = { filename: 'f.bin' }): Promise<string> {
      const res = await this.create({
        ...(length === null ? { 'upload-defer-length': '1' } : { 'upload-length': String(length) }),
        'upload-metadata': tusMetadata(fields),
      });
      if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`);
      return String(res.headers.location).split('/').pop()!;
    },
    head(id: string) {
      return app.inject({ method: 'HEAD', url: `${base}/${id}`, headers: v });
    },
    async offset(id: string): Promise<number> {
      const res = await this.head(id);
      if (res.statusCode !== 200) throw new Error(`head: ${res.statusCode}`);
      return Number(res.headers['upload-offset']);
    },
    patch(id: string, offset: number, payload: Buffer, headers: Record<string, string> = {}) {
      return app.inject({
        method: 'PATCH',
        url: `${base}/${id}`,
        headers: { ...v, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...headers },
        payload,
      });
    },
    delete(id: string) {
      return app.inject({ method: 'DELETE', url: `${base}/${id}`, headers: v });
    },
  };
}
