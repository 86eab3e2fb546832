import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import { INFINITE_LIFETIME_DAYS, MAX_DEFAULT_LIFETIME_DAYS } from '../../domain/expiration.js';
import type { Store } from '../../store/store.js';
import { databaseFilesBytes, diskUsage, readVersion } from '../../system-info.js';
import { PROJECT_ROOT } from '../../paths.js';
import { informationPage } from '../../../views/pages/information.js';
import { settingsPage } from '../../../views/pages/settings.js';
import { formFields } from '../form-body.js';
import type { Pages } from '../page-context.js';
import { queryParam } from '../schemas.js';

export interface SystemPageOptions {
  store: Store;
  clock: Clock;
  pages: Pages;
  /** The database file, for its size and its disk's; unknown in some tests. */
  dbPath: string | undefined;
}

const DAYS_PER_YEAR = 365;

/** The default lifetime a settings form asks for, or the reason it can't be saved. */
function lifetimeFromForm(fields: URLSearchParams): number | { error: string } {
  if (fields.get('forever') !== null) return INFINITE_LIFETIME_DAYS;
  const amount = Number(fields.get('amount'));
  if (!Number.isInteger(amount) || amount < 1) return { error: 'Enter a whole number of days or years, at least 1.' };
  const days = fields.get('unit') === 'years' ? amount * DAYS_PER_YEAR : amount;
  if (days > MAX_DEFAULT_LIFETIME_DAYS) {
    return { error: `The default expiration can be at most 10 years (${MAX_DEFAULT_LIFETIME_DAYS} days).` };
  }
  return days;
}

/** Settings and system information. */
export const systemPageRoutes: FastifyPluginAsync<SystemPageOptions> = async (app, { store, clock, pages, dbPath }) => {
  const version = readVersion(PROJECT_ROOT);

  app.get('/settings', async (request, reply) => {
    const ctx = await pages.context(request, reply);
    const saved = queryParam(request, 'saved') !== undefined;
    return pages.send(reply, ctx, settingsPage(ctx, { defaultDays: store.settings.defaultLifetimeDays(), saved, notifications: store.notifications.notificationSettings() }));
  });

  app.post('/settings', async (request, reply) => {
    const days = lifetimeFromForm(formFields(request.body));
    if (typeof days !== 'number') {
      const ctx = await pages.context(request, reply);
      return pages.send(reply, ctx, settingsPage(ctx, { defaultDays: store.settings.defaultLifetimeDays(), error: days.error, notifications: store.notifications.notificationSettings() }), 400);
    }
    await store.writer.call('setDefaultLifetimeDays', days);
    request.log.info({ days }, 'default lifetime set');
    // Post/redirect/get: reloading the page that follows does not post again.
    return reply.redirect('/settings?saved', 303);
  });

  app.get('/information', async (request, reply) => {
    const totals = store.entries.entryTotals(clock.now());
    const view = {
      disk: dbPath === undefined ? undefined : await diskUsage(dbPath),
      room: dbPath === undefined ? undefined : store.writer.disk?.report(),
      databaseBytes: dbPath === undefined ? undefined : await databaseFilesBytes(dbPath),
      uploadBytes: totals.bytes,
      fileCount: totals.count,
      version,
    };
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, informationPage(ctx, view));
  });
};
