import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../domain/clock.js';
import { ValidationError } from '../../domain/errors.js';
import { INFINITE_LIFETIME_DAYS, MAX_DEFAULT_LIFETIME_DAYS } from '../../domain/expiration.js';
import { testEvent } from '../../notify/file-events.js';
import type { Notifier } from '../../notify/notifier.js';
import type { Store } from '../../store/store.js';
import { badRequest, notificationTestJson, ok, settingsJson } from '../api-schemas.js';
import { acceptJsonOfAnyType, parseJson } from '../body-parsers.js';
import { HttpError } from '../errors.js';
import { applyNotificationChanges, hasNotificationChanges, notificationSettingsFields } from '../notification-settings-body.js';
import { sendJson } from '../responses.js';
import { parseWith, withPrefix } from '../schemas.js';

// uint16 and bool, as upstream's Go struct declares them; then ours (issue 18).
const settingsBody = z.object({
  defaultExpirationDays: z.number().int().min(0).max(65_535).nullish(),
  defaultNeverExpire: z.boolean().nullish(),
  ...notificationSettingsFields,
});

export interface SettingsRouteOptions {
  store: Store;
  clock: Clock;
  notifier?: Pick<Notifier, 'sendTest'>;
}

/** The default lifetime of the owner's uploads (upstream A10, plus GET), and where notifications go. */
export const settingsRoutes: FastifyPluginAsync<SettingsRouteOptions> = async (app, { store, clock, notifier }) => {
  acceptJsonOfAnyType(app);

  app.get('/api/settings', {
    config: { scope: 'admin', api: { tag: 'settings', summary: 'The default lifetime of uploads', responses: { 200: { description: 'The settings.', json: settingsJson } } } },
  }, async (_request, reply) => {
    const days = store.settings.defaultLifetimeDays();
    return sendJson(reply, {
      defaultExpirationDays: days,
      defaultNeverExpire: days >= INFINITE_LIFETIME_DAYS,
      ...store.notifications.notificationSettings(),
    });
  });

  app.put('/api/settings', {
    config: {
      scope: 'admin',
      api: {
        tag: 'settings',
        summary: 'Set the default lifetime of uploads and where notifications go',
        description: 'Any content type is read as JSON. Fields left out keep their value; a body with only the notification fields leaves the lifetime alone.',
        body: { json: settingsBody },
        responses: { 200: ok(), 400: badRequest },
      },
    },
  }, async (request, reply) => {
    const { days, body } = withPrefix('Invalid request: ', () => {
      const body = parseWith(settingsBody, parseJson(request.body));
      // A body with only our fields leaves the lifetime alone; upstream's
      // front end always sends its two.
      const lifetimeGiven = body.defaultExpirationDays != null || body.defaultNeverExpire != null;
      if (!lifetimeGiven && hasNotificationChanges(body)) return { days: undefined, body };
      if (body.defaultNeverExpire) return { days: INFINITE_LIFETIME_DAYS, body };
      const requested = body.defaultExpirationDays ?? 0;
      // (sic) "1 days": upstream's wording.
      if (requested < 1) throw new ValidationError('file lifetime must be at least 1 days');
      if (requested > MAX_DEFAULT_LIFETIME_DAYS) throw new ValidationError('file lifetime must be at most 10 years');
      return { days: requested, body };
    });
    if (hasNotificationChanges(body)) {
      await store.writer.call('setNotificationSettings', applyNotificationChanges(store.notifications.notificationSettings(), body));
    }
    if (days !== undefined) await store.writer.call('setDefaultLifetimeDays', days);
    return reply.send();
  });

  /** The settings page's "send test notification": one attempt per channel, its result shown. */
  app.post('/api/settings/notifications/test', {
    config: {
      scope: 'admin',
      api: {
        tag: 'settings',
        summary: 'Send a test notification to each configured receiver',
        responses: { 200: { description: 'One result per channel.', json: notificationTestJson }, 400: badRequest },
      },
    },
  }, async (request, reply) => {
    const { webhookUrl, ntfyUrl } = store.notifications.notificationSettings();
    if (!notifier || (webhookUrl === null && ntfyUrl === null)) throw new HttpError(400, 'no notification URL is set');
    const results = await notifier.sendTest(testEvent(clock.now(), request.downloadOrigin));
    return sendJson(reply, { results });
  });
};
