import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.js';
import { INFINITE_LIFETIME_DAYS, MAX_DEFAULT_LIFETIME_DAYS } from '../../domain/expiration.js';
import type { Store } from '../../store/store.js';
import { badRequest, ok, settingsJson } from '../api-schemas.js';
import { acceptJsonOfAnyType, parseJson } from '../body-parsers.js';
import { sendJson } from '../responses.js';
import { parseWith, withPrefix } from '../schemas.js';

// uint16 and bool, as upstream's Go struct declares them.
const settingsBody = z.object({
  defaultExpirationDays: z.number().int().min(0).max(65_535).nullish(),
  defaultNeverExpire: z.boolean().nullish(),
});

/** The default lifetime of the owner's uploads (upstream A10, plus GET). */
export const settingsRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  acceptJsonOfAnyType(app);

  app.get('/api/settings', {
    config: { scope: 'admin', api: { tag: 'settings', summary: 'The default lifetime of uploads', responses: { 200: { description: 'The settings.', json: settingsJson } } } },
  }, async (_request, reply) => {
    const days = store.settings.defaultLifetimeDays();
    return sendJson(reply, { defaultExpirationDays: days, defaultNeverExpire: days >= INFINITE_LIFETIME_DAYS });
  });

  app.put('/api/settings', {
    config: {
      scope: 'admin',
      api: { tag: 'settings', summary: 'Set the default lifetime of uploads', description: 'Any content type is read as JSON.', body: { json: settingsBody }, responses: { 200: ok(), 400: badRequest } },
    },
  }, async (request, reply) => {
    const days = withPrefix('Invalid request: ', () => {
      const body = parseWith(settingsBody, parseJson(request.body));
      if (body.defaultNeverExpire) return INFINITE_LIFETIME_DAYS;
      const requested = body.defaultExpirationDays ?? 0;
      // (sic) "1 days": upstream's wording.
      if (requested < 1) throw new ValidationError('file lifetime must be at least 1 days');
      if (requested > MAX_DEFAULT_LIFETIME_DAYS) throw new ValidationError('file lifetime must be at most 10 years');
      return requested;
    });
    await store.writer.call('setDefaultLifetimeDays', days);
    return reply.send();
  });
};
