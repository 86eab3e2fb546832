import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../../store/store.js';

/**
 * GET /healthz for load balancers and Fly's checks: 200 while both connections
 * answer, saying `degraded` while free disk space is under twice the upload
 * reserve (issue 11): still serving, but an operator should make room.
 */
export const healthRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.get('/healthz', async (request, reply) => {
    try {
      store.ping();
      await store.writer.ping();
    } catch (err) {
      request.log.error({ err }, 'health check failed');
      return reply.code(503).type('text/plain; charset=utf-8').send('database unavailable\n');
    }
    const disk = store.writer.disk?.report();
    if (disk && disk.state !== 'ok') {
      request.log.warn({ freeBytes: disk.freeBytes, reserveBytes: disk.reserveBytes }, 'low disk space');
      return reply.type('text/plain; charset=utf-8').send('degraded: low disk space\n');
    }
    return reply.type('text/plain; charset=utf-8').send('ok\n');
  });
};
