import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { errorHandler, HttpError, sendError } from './errors.js';
import { metricsRoutes } from './routes/metrics.js';

export interface MetricsAppDeps {
  registry: Registry;
  token: string | undefined;
  log: Logger;
}

/**
 * The separate listener of PS_METRICS_ADDR: /metrics and nothing else, so a
 * port opened to a scraper on a private network reaches no file and no admin page.
 */
export function buildMetricsApp({ registry, token, log }: MetricsAppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((_request, reply) => sendError(reply, new HttpError(404, '404 page not found')));
  void app.register(metricsRoutes, { registry, token });
  return app;
}
