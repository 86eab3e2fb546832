import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';

/** The size a request says it will send: tus's Upload-Length, else Content-Length. */
function declaredBytes(request: FastifyRequest): number | undefined {
  const header = request.headers['upload-length'] ?? request.headers['content-length'];
  const bytes = Number(header);
  return header !== undefined && Number.isFinite(bytes) ? bytes : undefined;
}

/**
 * preHandler for upload routes: 507 before a byte is read when the declared size
 * would eat into the disk's reserve (issue 11). Uploads of unknown size are
 * stopped by the writer worker once the reserve is reached.
 */
export function refuseBeyondDiskRoom(store: Store) {
  return async (request: FastifyRequest): Promise<void> => {
    store.writer.disk?.refuseDeclared(declaredBytes(request));
  };
}
