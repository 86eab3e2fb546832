import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Compresses the site's text answers (pages, stylesheets, scripts, JSON) by
 * the client's Accept-Encoding (issue 14: a files page of 98 rows was 180 KB).
 * Registered in the site's scope only: file downloads live in a scope of their
 * own and stay byte-exact, with their Content-Length and ranges, and request
 * bodies are never decompressed, so uploads stream in as sent. Brotli at the
 * plugin's quality 4 and a 1 KiB threshold keep the CPU cost per page small.
 */
export async function compressText(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, { globalDecompression: false, encodings: ['br', 'gzip'] });
}
