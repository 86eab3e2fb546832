import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import type { ClientSlots } from '../../domain/client-slots.js';
import type { DownloadCounter, Transfer } from '../../domain/download-counter.js';
import type { Entry } from '../../domain/entry.js';
import { truncateUserAgent } from '../../domain/user-agent.js';
import { readChunks } from '../../store/chunk-reader.js';
import type { Store } from '../../store/store.js';
import { evaluatePreconditions, rangeStillValid, type Validators } from '../conditional.js';
import { downloadCsp } from '../csp.js';
import { takeDownloadSlot } from '../download-slot.js';
import { contentDisposition, downloadContentType } from '../download-headers.js';
import { reprDigest } from '../digest-fields.js';
import { acceptFormPosts, formFields } from '../form-body.js';
import { entryIdParam } from '../params.js';
import { HttpError } from '../errors.js';
import { guardProtected, sendUnlockPage, type ProtectedDownloadDeps } from '../protected-download.js';
import type { GcPacer } from '../gc-pacer.js';
import { parseRange } from '../range.js';

export interface DownloadRouteOptions {
  store: Store;
  clock: Clock;
  gcPacer: GcPacer;
  /** Bodies being sent at once, overall and per client (issue 10). */
  slots: ClientSlots;
  events?: DownloadEvents;
  /** Download limits and passphrases (issue 15). */
  counter: DownloadCounter;
  protection: ProtectedDownloadDeps;
}

/** Told of every file body sent (the metrics, issue 18). */
export interface DownloadEvents {
  /** A body starts; the returned function is called once, with whether it reached its end. */
  downloadStarted(): (completed: boolean) => void;
  /** File bytes read from the database and handed to the socket. */
  downloadBytes(bytes: number): void;
}

const NO_EVENTS: DownloadEvents = { downloadStarted: () => () => {}, downloadBytes() {} };

/** Stored files never change, so the ID, size and upload time identify the bytes. */
function validatorsOf(entry: Entry): Validators {
  const seconds = Math.floor(entry.uploadTime.getTime() / 1000);
  return { etag: `"${entry.id}-${entry.size.toString(36)}-${seconds.toString(36)}"`, lastModified: entry.uploadTime };
}

/** Public downloads: /-{id}, /-{id}/{anything} and the legacy /!{id} forms. */
export const downloadRoutes: FastifyPluginAsync<DownloadRouteOptions> = async (
  app,
  { store, clock, gcPacer, slots, counter, protection, events = NO_EVENTS },
) => {
  acceptFormPosts(app);

  // The strictest policy is set before anything can fail, so error answers
  // carry it too: an uploaded HTML file must never run as this site (upstream
  // 1.5.2, decision D2). A file's own type may relax it below.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', downloadCsp(''));
  });

  const serve = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const id = entryIdParam(request);
    const entry = store.entries.findEntry(id, clock.now());
    const chunkSize = entry && store.chunks.chunkSize(id);
    if (!entry || !chunkSize) throw new HttpError(404, 'entry not found');
    const limits = store.limits.findLimits(id);
    if (limits?.passphraseHash) {
      if (await guardProtected(protection, request, reply, id, limits.passphraseHash)) return reply;
    }

    const validators = validatorsOf(entry);
    reply
      .header('etag', validators.etag)
      .header('last-modified', validators.lastModified.toUTCString())
      // Not stored by browsers: a deleted or expired file must not live on in a
      // cache, and a reload is a download that the history counts (decision D4
      // leaves 304s out, and upstream's own browser tests reload to count).
      // Clients that send validators themselves still get 304s and ranges.
      .header('cache-control', 'no-store');

    const precondition = evaluatePreconditions(request.headers, validators);
    if (precondition === 'failed') return reply.code(412).send();
    if (precondition === 'not-modified') return reply.code(304).send();

    const size = entry.size;
    const range = rangeStillValid(request.headers, validators) ? parseRange(request.headers.range, size) : { kind: 'full' as const };
    if (range.kind === 'unsatisfiable') {
      throw new HttpError(416, 'invalid range: failed to overlap', { 'content-range': `bytes */${size}` });
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
    // Same IP and User-Agent is one client for counting ranges (issue 15).
    const admission = limits?.maxDownloads != null && {
      entryId: id,
      maxDownloads: limits.maxDownloads,
      downloadsCounted: limits.downloadsCounted,
      client: `${request.clientIp} ${truncateUserAgent(request.headers['user-agent'] ?? null) ?? ''}`,
      size,
      start,
      end,
    };
    if (admission && !counter.mayStart(admission)) throw new HttpError(410, 'download limit reached');
    const contentType = downloadContentType(entry.contentType, entry.filename);
    reply
      .header('content-type', contentType)
      .header('content-security-policy', downloadCsp(contentType))
      .header('content-disposition', contentDisposition(entry.filename))
      .header('accept-ranges', 'bytes')
      .header('content-length', end - start + 1);
    // RFC 9530: the whole file's digest, whichever part is sent.
    const digest = store.digests.findDigest(id);
    if (digest) reply.header('repr-digest', reprDigest(digest.sha256));
    if (range.kind === 'partial') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);

    if (request.method === 'HEAD') return reply.send();
    // Released when the response closes, whatever it turns out to be.
    takeDownloadSlot(slots, request, reply);
    let transfer: Transfer | undefined;
    if (admission) {
      // Checked again, and taken, now that nothing can fail before the body starts.
      transfer = counter.admit(admission);
      if (!transfer) throw new HttpError(410, 'download limit reached');
    }
    const ended = events.downloadStarted();
    let sent = 0;
    // 'finish': the last byte was handed to the socket; 'close' without it: cut off.
    let finished = false;
    reply.raw.once('finish', () => (finished = true));
    reply.raw.once('close', () => {
      ended(finished);
      transfer?.end(finished ? end - start + 1 : sent);
    });
    // History counts downloads, not requests: a video player seeking sends many
    // ranges that start mid-file (decision D4).
    if (start === 0) {
      store.writer
        .call('recordDownload', {
          entryId: id,
          time: clock.now(),
          clientIp: request.clientIp,
          userAgent: request.headers['user-agent'] ?? null,
        })
        .catch((err: unknown) => request.log.error({ err, entryId: id }, 'could not record download'));
    }
    const body = readChunks(store.chunks, id, chunkSize, start, end, (bytes, out) => {
      gcPacer.account(bytes);
      events.downloadBytes(out);
      sent += out;
    });
    return reply.send(body);
  };

  /** The unlock page's form: a right passphrase earns the file's cookie, then the file. */
  const unlock = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const id = entryIdParam(request);
    const entry = store.entries.findEntry(id, clock.now());
    if (!entry) throw new HttpError(404, 'entry not found');
    const hash = store.limits.findLimits(id)?.passphraseHash;
    const back = request.url.split('?')[0]!;
    if (!hash) return reply.code(303).header('location', back).send();
    const attempt = formFields(request.body).get('passphrase') ?? '';
    try {
      if (attempt !== '' && (await protection.unlock.tryPassphrase(request, id, hash, attempt))) {
        return reply.code(303).header('set-cookie', protection.unlock.cookieFor(request, id, hash)).header('location', back).send();
      }
    } catch (err) {
      if (!(err instanceof HttpError && err.statusCode === 429)) throw err;
      reply.headers(err.headers);
      return sendUnlockPage(protection, request, reply, 429, 'Too many wrong passphrases. Try again later.');
    }
    return sendUnlockPage(protection, request, reply, 401, 'Wrong passphrase.');
  };

  // Upstream serves no POST here and answers 405 with an empty body; only the
  // unlock page's form (issue 15) is a POST we take.
  const onlyForms = async (request: FastifyRequest, reply: FastifyReply) => {
    const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') return reply.code(405).send();
  };

  for (const url of ['/-:id', '/-:id/*', '/!:id', '/!:id/*']) {
    app.route({ method: ['GET', 'HEAD'], url, handler: serve });
    app.post(url, { onRequest: onlyForms }, unlock);
  }
};
