import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../../store/store.js';

/** GET /healthz for load balancers and Fly's checks: 200 while both connections answer. */
export const healthRoutes: FastifyPluginAsync<{ store: Store }> = async (app, { store }) => {
  app.get('/healthz', async (request, reply) => {
    try {
      store.ping();
      await store.writer.call('ping');
    } catch (err) {
      request.log.error({ err }, 'health check failed');
      return reply.code(503).type('text/plain; charset=utf-8').send('database unavailable\n');
    }
    return reply.type('text/plain; charset=utf-8').send('ok\n');
  });
};
