import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { apiTokenId, hashTokenSecret, isTokenLive, newApiTokenId, newTokenSecret, tokenScope, type ApiToken, type ApiTokenId } from '../../domain/api-token.js';
import type { Clock } from '../../domain/clock.js';
import { ValidationError } from '../../domain/errors.js';
import { timeRowidKey } from '../../domain/page.js';
import { formatTimestamp, parseRfc3339, truncateToSeconds } from '../../domain/time.js';
import type { Store } from '../../store/store.js';
import { textError } from '../api-docs.js';
import { apiTokenJson, badRequest, createdTokenJson, notFound, ok, pageHeaders, pageQuerySchema } from '../api-schemas.js';
import { acceptJsonOfAnyType, parseJson } from '../body-parsers.js';
import { HttpError } from '../errors.js';
import { pageQuery, setPageHeaders } from '../paging.js';
import { sendJson } from '../responses.js';
import { parseWith, withPrefix } from '../schemas.js';

export interface ApiTokenRouteOptions {
  store: Store;
  clock: Clock;
}

// Enough for every script and device an owner runs; a bound on rows all the same.
export const MAX_LIVE_TOKENS = 100;

export const createTokenBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'name is required')
    .max(100, 'name is at most 100 characters')
    .regex(/^[^\p{Cc}]*$/u, 'name cannot contain control characters'),
  scope: tokenScope.describe('upload: create files; files: also list, edit, delete them; admin: everything.'),
  expiresAt: z.string().nullish().describe('RFC 3339; the token stops working then. Never, without it.'),
});

const tokenParams = z.object({ id: apiTokenId.describe('The token\'s ID (not its secret).') });

export const apiTokenToJson = (token: ApiToken, now: Date): z.infer<typeof apiTokenJson> => ({
  id: token.id,
  name: token.name,
  scope: token.scope,
  createdAt: formatTimestamp(token.createdAt),
  lastUsedAt: token.lastUsedAt && formatTimestamp(token.lastUsedAt),
  expiresAt: token.expiresAt && formatTimestamp(token.expiresAt),
  revokedAt: token.revokedAt && formatTimestamp(token.revokedAt),
  active: isTokenLive(token, now),
});

/** Validates a token request and stores its hash; returns the ID and the secret, which exists nowhere else. */
export async function createApiToken(store: Store, now: Date, input: unknown): Promise<{ id: ApiTokenId; token: string }> {
  const { name, scope, expiresAt } = withPrefix('Invalid request: ', () => {
    const body = parseWith(createTokenBody, input);
    const expires = body.expiresAt == null || body.expiresAt === '' ? null : parseRfc3339(body.expiresAt);
    if (body.expiresAt && expires === null) throw new ValidationError('expiresAt: not an RFC 3339 date-time');
    if (expires && expires.getTime() <= now.getTime()) throw new ValidationError('expiresAt: must be in the future');
    return { ...body, expiresAt: expires && truncateToSeconds(expires) };
  });
  if (store.apiTokens.countLiveApiTokens(now) >= MAX_LIVE_TOKENS) {
    throw new HttpError(409, `too many active API tokens (at most ${MAX_LIVE_TOKENS}): revoke one first`);
  }
  const id = newApiTokenId();
  const token = newTokenSecret();
  await store.writer.call('insertApiToken', { id, name, scope, createdAt: truncateToSeconds(now), expiresAt }, hashTokenSecret(token));
  return { id, token };
}

/** POST/GET/DELETE /api/tokens: the owner's own credentials only, never a token (issue 16). */
export const apiTokenRoutes: FastifyPluginAsync<ApiTokenRouteOptions> = async (app, { store, clock }) => {
  acceptJsonOfAnyType(app);

  app.post('/api/tokens', {
    config: {
      scope: 'owner',
      api: {
        tag: 'API tokens',
        summary: 'Create an API token',
        description: 'The answer holds the secret; only its hash is stored, so it is shown this once. Any content type is read as JSON.',
        body: { json: createTokenBody },
        responses: { 200: { description: 'Created.', json: createdTokenJson }, 400: badRequest, 409: textError('Too many active tokens.') },
      },
    },
  }, async (request, reply) => {
    const created = await createApiToken(store, clock.now(), withPrefix('Invalid request: ', () => parseJson(request.body)));
    request.log.info({ tokenId: created.id }, 'API token created');
    return sendJson(reply, created);
  });

  app.get('/api/tokens', {
    config: {
      scope: 'owner',
      api: {
        tag: 'API tokens',
        summary: 'List API tokens, newest first',
        description: 'Revoked and expired tokens are listed too, marked inactive. Secrets are never shown.',
        query: pageQuerySchema,
        responses: { 200: { description: 'A page of tokens.', json: z.array(apiTokenJson), headers: pageHeaders }, 400: badRequest },
      },
    },
  }, async (request, reply) => {
    const now = clock.now();
    const page = store.apiTokens.listApiTokens(pageQuery(request, timeRowidKey));
    setPageHeaders(request, reply, page);
    return sendJson(reply, page.items.map((t) => apiTokenToJson(t, now)));
  });

  app.delete('/api/tokens/:id', {
    config: {
      scope: 'owner',
      api: {
        tag: 'API tokens',
        summary: 'Revoke an API token',
        description: 'Takes effect at once: the next request with the token answers 401.',
        params: tokenParams,
        responses: { 200: ok(), 400: badRequest, 404: notFound('API token') },
      },
    },
  }, async (request, reply) => {
    const { id } = withPrefix('Invalid token ID: ', () => parseWith(tokenParams, request.params));
    if (!(await store.writer.call('revokeApiToken', id as ApiTokenId, clock.now()))) throw new HttpError(404, 'API token not found');
    request.log.info({ tokenId: id }, 'API token revoked');
    return reply.send();
  });
};
