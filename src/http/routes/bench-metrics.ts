import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyPluginAsync } from 'fastify';

// Fine enough to see the stalls that matter (tens of milliseconds) while costing
// nothing measurable.
const RESOLUTION_MS = 5;

/**
 * GET /api/debug/metrics: event-loop delay percentiles and process figures for
 * `npm run bench`. Registered only when PS_BENCH_METRICS is set; `?reset=1`
 * starts a new measurement window.
 */
export const benchMetricsRoutes: FastifyPluginAsync = async (app) => {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  app.addHook('onClose', async () => delay.disable());

  app.get('/api/debug/metrics', { config: { api: { hidden: 'only with PS_BENCH_METRICS, for npm run bench' } } }, async (request) => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const body = {
      eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), samples: delay.count },
      memory: { rss: memory.rss, heapUsed: memory.heapUsed, arrayBuffers: memory.arrayBuffers },
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    if ((request.query as { reset?: string }).reset === '1') delay.reset();
    return body;
  });
};
