import type { FastifyInstance, FastifyPluginAsync, HTTPMethods } from 'fastify';

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const ONE_SEGMENT = /^\/[^/]+$/;

/**
 * Upstream's router answers a known path asked with a method it does not serve
 * 405 with an empty body, where Fastify would answer 404. Call this before any
 * route is added: it watches them, and the plugin it returns, registered after
 * all of them, answers 405 for every other method of their paths.
 */
export function methodNotAllowed(app: FastifyInstance): FastifyPluginAsync {
  const methodsByUrl = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    // Raw uploads (`PUT /{filename}`, `PUT /g/{id}/{filename}`) are ours, not
    // upstream's, and match nearly any path: another method there is a 404.
    if (route.url.includes(':filename')) return;
    const methods = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    methodsByUrl.set(route.url, methods);
  });
  return async (scope) => {
    for (const [url, used] of [...methodsByUrl]) {
      // `PUT /{filename}` uploads a file of any name, `files` or `login` included.
      const others = METHODS.filter((method) => !used.has(method) && !(method === 'PUT' && ONE_SEGMENT.test(url)));
      if (others.length > 0) scope.route({ method: others, url, config: { api: { hidden: 'answers 405 to methods the path does not serve' } }, handler: async (_request, reply) => reply.code(405).send() });
    }
  };
}
