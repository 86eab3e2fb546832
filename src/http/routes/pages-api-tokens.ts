import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { apiTokenId, type ApiTokenId } from '../../domain/api-token.js';
import type { Clock } from '../../domain/clock.js';
import { DAY_MS } from '../../domain/expiration.js';
import { ValidationError } from '../../domain/errors.js';
import { timeRowidKey } from '../../domain/page.js';
import type { Store } from '../../store/store.js';
import { apiTokensPage, type ApiTokensView } from '../../../views/pages/api-tokens.js';
import { sharexConfig, sharexFilename, shellSnippets } from '../client-configs.js';
import { HttpError } from '../errors.js';
import { formFields } from '../form-body.js';
import type { Pages } from '../page-context.js';
import { pageLinks, pageQuery } from '../paging.js';
import { origin } from '../responses.js';
import { parseWith, withPrefix } from '../schemas.js';
import { createApiToken } from './api-tokens.js';

export interface ApiTokenPageOptions {
  store: Store;
  clock: Clock;
  pages: Pages;
}

/** System → API tokens: create (the secret shown once), list, revoke, and ready-made clients (issue 16). */
export const apiTokenPageRoutes: FastifyPluginAsync<ApiTokenPageOptions> = async (app, { store, clock, pages }) => {
  async function render(request: FastifyRequest, reply: FastifyReply, extra: Pick<ApiTokensView, 'created' | 'error'>, status = 200) {
    const ctx = await pages.context(request, reply);
    const page = store.apiTokens.listApiTokens(pageQuery(request, timeRowidKey));
    const view: ApiTokensView = { tokens: page.items, paging: pageLinks(request, page), now: clock.now(), snippets: shellSnippets(origin(request)), ...extra };
    return pages.send(reply, ctx, apiTokensPage(ctx, view), status);
  }

  app.get('/tokens', async (request, reply) => render(request, reply, {}));

  // The only response that ever holds a secret: nothing may keep a copy. An
  // onSend hook, as pages.send sets its own cache policy.
  const noStore = async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.header('cache-control', 'no-store');
    return payload;
  };

  app.post('/tokens', { onSend: noStore }, async (request, reply) => {
    const fields = formFields(request.body);
    const now = clock.now();
    const days = fields.get('expires');
    const expiresAt = days && days !== 'never' && /^\d{1,4}$/.test(days) ? new Date(now.getTime() + Number(days) * DAY_MS).toISOString() : null;
    try {
      const name = fields.get('name') ?? '';
      const { token } = await createApiToken(store, now, { name, scope: fields.get('scope'), expiresAt });
      request.log.info('API token created');
      return await render(request, reply, { created: { name: name.trim(), token } });
    } catch (err) {
      if (!(err instanceof ValidationError || (err instanceof HttpError && err.statusCode === 409))) throw err;
      return render(request, reply, { error: err.message.replace(/^Invalid request: /, '') }, 400);
    }
  });

  app.post('/tokens/:id/revoke', async (request, reply) => {
    const id = withPrefix('Invalid token ID: ', () => parseWith(apiTokenId, (request.params as { id: string }).id)) as ApiTokenId;
    if (!(await store.writer.call('revokeApiToken', id, clock.now()))) throw new HttpError(404, 'API token not found');
    request.log.info({ tokenId: id }, 'API token revoked');
    return reply.redirect('/tokens', 303);
  });

  // A form post, so that the browser downloads the file and stays on the page.
  app.post('/tokens/sharex', async (request, reply) => {
    const site = origin(request);
    const { token } = await createApiToken(store, clock.now(), { name: `ShareX (${new URL(site).host})`, scope: 'upload' });
    return reply
      .header('content-type', 'application/json')
      .header('content-disposition', `attachment; filename="${sharexFilename(site)}"`)
      .header('cache-control', 'no-store')
      .send(`${JSON.stringify(sharexConfig(site, token), null, 2)}\n`);
  });
};
