import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { ClientSlots } from '../../domain/client-slots.js';
import { BusyError } from '../../domain/errors.js';
import type { EntryId } from '../../domain/ids.js';
import type { ZipLimits } from '../../domain/zip-layout.js';
import { readChunks } from '../../store/chunk-reader.js';
import type { Store } from '../../store/store.js';
import { findBundleView, planBundleZip } from '../bundle-archive.js';
import { evaluatePreconditions, rangeStillValid, type Validators } from '../conditional.js';
import { downloadCsp } from '../csp.js';
import { contentDisposition } from '../download-headers.js';
import { takeDownloadSlot } from '../download-slot.js';
import { HttpError } from '../errors.js';
import type { GcPacer } from '../gc-pacer.js';
import { bundleIdParam } from '../params.js';
import { parseRange } from '../range.js';
import { streamZip } from '../zip-stream.js';

export interface BundleDownloadRouteOptions {
  store: Store;
  clock: Clock;
  gcPacer: GcPacer;
  slots: ClientSlots;
  /** When the archive turns ZIP64; tests lower it. */
  zipLimits?: ZipLimits | undefined;
}

// The backfill reads files back at a leisurely pace; a client may ask again soon.
const PENDING_RETRY_SECONDS = 30;
const ZIP_TYPE = 'application/zip';

/**
 * `/b/{id}.zip`: the bundle's files as a stored zip built on the fly from the
 * chunk rows (issue 17). Every byte follows from the files' sizes, CRC-32s and
 * names, so the length is exact, the ETag strong, and ranges resume and seek.
 */
export const bundleDownloadRoutes: FastifyPluginAsync<BundleDownloadRouteOptions> = async (app, { store, clock, gcPacer, slots, zipLimits }) => {
  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    reply.header('content-security-policy', downloadCsp(ZIP_TYPE));
    const id = bundleIdParam(request);
    const view = findBundleView(store, id, clock.now());
    if (!view) throw new HttpError(404, 'bundle not found');
    const zip = planBundleZip(view, zipLimits);
    // A CRC-32 is known for every file stored here; upstream's files get theirs
    // from the backfill, and until then the archive cannot be laid out. Reading
    // them here would make one request cost a read of whole files.
    if ('pending' in zip) {
      throw new BusyError(`bundle not ready: checksums of ${zip.pending.length} file(s) are still being computed; try again shortly`, PENDING_RETRY_SECONDS);
    }

    // No Last-Modified: a date cannot tell one list of files from another (a
    // file removed from the bundle changes the bytes, not the date), so only
    // the ETag validates, and a date in If-Range never matches (RFC 9110 §13.1.5).
    const validators: Validators = { etag: zip.etag, lastModified: new Date(Number.NaN) };
    const { 'if-match': ifMatch, 'if-none-match': ifNoneMatch, 'if-range': ifRange } = request.headers;
    reply.header('etag', zip.etag).header('cache-control', 'no-store');
    const precondition = evaluatePreconditions({ 'if-match': ifMatch, 'if-none-match': ifNoneMatch }, validators);
    if (precondition === 'failed') return reply.code(412).send();
    if (precondition === 'not-modified') return reply.code(304).send();

    const size = zip.plan.size;
    const range = rangeStillValid({ 'if-range': typeof ifRange === 'string' ? ifRange : undefined }, validators) ? parseRange(request.headers.range, size) : { kind: 'full' as const };
    if (range.kind === 'unsatisfiable') {
      throw new HttpError(416, 'invalid range: failed to overlap', { 'content-range': `bytes */${size}` });
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
    const name = `${view.bundle.title ?? `bundle-${view.bundle.id}`}.zip`;
    reply
      .header('content-type', ZIP_TYPE)
      .header('content-disposition', contentDisposition(name).replace(/^inline/, 'attachment'))
      .header('accept-ranges', 'bytes')
      .header('content-length', end - start + 1);
    if (range.kind === 'partial') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
    if (request.method === 'HEAD') return reply.send();

    takeDownloadSlot(slots, request, reply);
    // As for single files (decision D4): a fetch from the start is a download
    // of every file in the archive, and each file's history shows it; resumes
    // and seeks are not counted.
    if (start === 0) {
      const download = { time: clock.now(), clientIp: request.clientIp, userAgent: request.headers['user-agent'] ?? null };
      store.writer
        .call('recordBundleDownload', view.files.map((f) => f.id), download)
        .catch((err: unknown) => request.log.error({ err, bundleId: id }, 'could not record download'));
    }
    const openData = (entryId: EntryId, from: number, to: number) => {
      const chunkSize = store.chunks.chunkSize(entryId);
      if (!chunkSize) throw new Error(`file ${entryId} vanished while its bundle was sent`);
      return readChunks(store.chunks, entryId, chunkSize, from, to, (bytes) => gcPacer.account(bytes));
    };
    return reply.send(streamZip(zip.plan, start, end, openData));
  };

  app.route({ method: ['GET', 'HEAD'], url: '/b/:id.zip', handler: serve });
};
