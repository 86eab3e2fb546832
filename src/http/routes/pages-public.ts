import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.js';
import { isGuestLinkActive } from '../../domain/guest-link.js';
import type { Store } from '../../store/store.js';
import { guestExpirationOptions, ownerExpirationOptions } from '../../../views/expiration-options.js';
import { guestInactivePage } from '../../../views/pages/guest-inactive.js';
import { loginPage } from '../../../views/pages/login.js';
import { uploadPage } from '../../../views/pages/upload.js';
import { welcomePage } from '../../../views/pages/welcome.js';
import { formatWait } from '../../../views/format.js';
import { WrongPassphraseError, type Auth } from '../auth.js';
import { HttpError } from '../errors.js';
import { formFields } from '../form-body.js';
import { safeNextPath } from '../page-auth.js';
import type { Pages } from '../page-context.js';
import { guestLinkIdParam } from '../params.js';
import { queryParam } from '../schemas.js';

export interface PublicPageOptions {
  auth: Auth;
  store: Store;
  clock: Clock;
  pages: Pages;
  uploadRequestBytes: number;
}

const attempts = (n: number): string => `${n} ${n === 1 ? 'attempt' : 'attempts'}`;

/** Words for a failed login; the API's texts are meant for programs. */
function loginError(err: HttpError): string {
  if (err instanceof WrongPassphraseError) {
    const { attemptsLeft, retryAfter } = err.outcome;
    if (retryAfter > 0) return `That passphrase is not correct. Wait ${formatWait(retryAfter)} before trying again.`;
    return `That passphrase is not correct. ${attempts(attemptsLeft)} left before you have to wait between tries.`;
  }
  if (err.statusCode === 429) {
    return `Too many failed attempts. Try again in ${formatWait(Number(err.headers['retry-after'] ?? 60))}.`;
  }
  return 'That passphrase is not correct.';
}

/** Pages anyone may open: `/`, `/login` and a guest link's `/g/{id}`. */
export const publicPageRoutes: FastifyPluginAsync<PublicPageOptions> = async (app, { auth, store, clock, pages, uploadRequestBytes }) => {
  app.get('/', async (request, reply) => {
    const ctx = await pages.context(request, reply);
    if (!ctx.signedIn) return pages.send(reply, ctx, welcomePage(ctx));
    const now = clock.now();
    return pages.send(reply, ctx, uploadPage(ctx, { now, options: ownerExpirationOptions(store.settings.defaultLifetimeDays()), requestBytes: uploadRequestBytes }));
  });

  app.get('/login', async (request, reply) => {
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, loginPage(ctx, { next: safeNextPath(queryParam(request, 'next')) }));
  });

  // The form's own endpoint; scripts keep using POST /api/auth.
  app.post('/login', async (request, reply) => {
    const fields = formFields(request.body);
    const next = safeNextPath(fields.get('next'));
    const passphrase = fields.get('passphrase') ?? '';
    const ctx = await pages.context(request, reply);
    if (passphrase === '') return pages.send(reply, ctx, loginPage(ctx, { next, error: 'Enter the passphrase.' }), 400);
    try {
      const cookie = await auth.login(request, passphrase);
      return reply.header('set-cookie', cookie).redirect(next, 303);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      reply.headers(err.headers);
      return pages.send(reply, ctx, loginPage(ctx, { next, error: loginError(err) }), err.statusCode);
    }
  });

  // A prefix route upstream: anything after the ID is ignored.
  const guestPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const id = guestLinkIdParam(request);
    const now = clock.now();
    const found = store.guestLinks.findGuestLink(id, now);
    if (!found) throw new HttpError(404, 'Invalid guest link ID');
    const ctx = await pages.context(request, reply);
    if (!isGuestLinkActive(found.link, found.filesUploaded, now)) return pages.send(reply, ctx, guestInactivePage(ctx));
    const { link } = found;
    return pages.send(
      reply,
      ctx,
      uploadPage(ctx, { now, options: guestExpirationOptions(link.fileLifetimeMs), guest: { linkId: link.id, maxFileBytes: link.maxFileBytes }, requestBytes: uploadRequestBytes }),
    );
  };
  app.get('/g/:id', guestPage);
  app.get('/g/:id/*', guestPage);
};
