import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { HttpError } from '../errors.js';

export interface MetricsRouteOptions {
  registry: Registry;
  /** Required as `Authorization: Bearer <token>`; undefined only on a separate, private listener. */
  token: string | undefined;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compared through fixed-length digests, so neither the token's bytes nor its length leak through timing. */
function bearerMatches(request: FastifyRequest, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

/** GET /metrics in the Prometheus text format (issue 18). */
export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (app, { registry, token }) => {
  app.get('/metrics', async (request, reply) => {
    if (token !== undefined && !bearerMatches(request, token)) {
      throw new HttpError(401, 'Authentication required', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    const body = await registry.metrics();
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(body);
  });
};
