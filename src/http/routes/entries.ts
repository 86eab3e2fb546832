import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { NEVER, parseExpiration } from '../../domain/expiration.js';
import { parseFilename } from '../../domain/filename.js';
import { parseNote } from '../../domain/note.js';
import type { Store } from '../../store/store.js';
import { acceptJsonOfAnyType, acceptStreamedBodies, parseJson } from '../body-parsers.js';
import { entryIdParam } from '../entry-id.js';
import { HttpError } from '../errors.js';
import type { GcPacer } from '../gc-pacer.js';
import { receiveMultipart } from '../multipart.js';
import { sendJson } from '../responses.js';
import { optionalString, parseWith, queryParam, withPrefix } from '../schemas.js';

export interface EntryRouteOptions {
  store: Store;
  clock: Clock;
  gcPacer: GcPacer;
}

const editBody = z.object({ filename: optionalString, expiration: optionalString, note: optionalString });

/** The owner's file API: upload, edit, delete (upstream A3-A5). */
export const entryRoutes: FastifyPluginAsync<EntryRouteOptions> = async (app, { store, clock, gcPacer }) => {
  await app.register(async (uploads) => {
    acceptStreamedBodies(uploads);

    uploads.post('/api/entry', async (request, reply) => {
      const expiration = await withPrefix('Invalid expiration URL parameter: ', () =>
        parseExpiration(queryParam(request, 'expiration') ?? '', clock.now()),
      );
      const file = await withPrefix('invalid request: ', () =>
        receiveMultipart(request, {
          uploads: store.uploads,
          gcPacer,
          checkField: (name, value) => void (name === 'note' && parseNote(value)),
        }),
      );
      try {
        const entry = await file.upload.commit({
          filename: file.filename,
          contentType: file.contentType,
          expirationTime: expiration,
          guestLinkId: null,
          note: parseNote(file.fields.get('note')),
        });
        request.log.info({ entryId: entry.id, bytes: entry.size }, 'entry stored');
        return sendJson(reply, { id: entry.id });
      } catch (err) {
        await file.upload.abort();
        throw err;
      }
    });
  });

  await app.register(async (edits) => {
    acceptJsonOfAnyType(edits);

    edits.put('/api/entry/:id', async (request, reply) => {
      const id = await entryIdParam(request);
      const changes = await withPrefix('Bad request: ', () => {
        const body = parseWith(editBody, parseJson(request.body));
        return {
          filename: parseFilename(body.filename),
          // No expiration means "never", as upstream's edit form sends it.
          expirationTime: body.expiration === '' ? NEVER : parseExpiration(body.expiration, clock.now()),
          note: parseNote(body.note),
        };
      });
      // An expired file is gone (decision D1), even before cleanup deletes it.
      const updated = store.entries.findEntry(id, clock.now()) && (await store.writer.call('updateEntry', id, changes));
      if (!updated) throw new HttpError(404, 'Invalid entry ID');
      return reply.send();
    });

    edits.delete('/api/entry/:id', async (request, reply) => {
      const id = await entryIdParam(request);
      const chunks = await store.writer.call('deleteEntry', id);
      if (chunks > 0) request.log.info({ entryId: id, chunks }, 'entry deleted');
      return reply.send();
    });
  });
};
