import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

type Json = Record<string, unknown>;
interface Operation { responses: Record<string, { content?: Record<string, { schema: Json }> }> }
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> } & Json;

export async function fetchDocument(app: FastifyInstance): Promise<OpenApiDocument> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(res.statusCode, 200);
  return JSON.parse(res.body) as OpenApiDocument;
}

const templateRegex = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);

/**
 * Checks responses against the document: the operation the server routed to
 * must be described, with this status and content type, and a JSON body must
 * match its schema. Literal paths win over templates, as in Fastify's router.
 */
export function responseChecker(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const paths = Object.keys(document.paths).sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  return (method: string, url: string, res: LightMyRequestResponse | { statusCode: number; headers: Record<string, unknown>; body: string }): void => {
    const pathname = new URL(url, 'http://x').pathname;
    const path = paths.find((p) => templateRegex(p).test(pathname) && document.paths[p]![method.toLowerCase()]);
    assert.ok(path, `no documented operation for ${method} ${pathname}`);
    const op = document.paths[path]![method.toLowerCase()]!;
    const response = op.responses[String(res.statusCode)];
    assert.ok(response, `${method} ${path} does not document status ${res.statusCode} (${res.body.slice(0, 100)})`);
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (res.body === '') return;
    assert.ok(response.content?.[type], `${method} ${path} ${res.statusCode} does not document ${type}`);
    if (type === 'application/json') {
      const validate = ajv.compile(response.content[type].schema);
      assert.ok(validate(JSON.parse(res.body)), `${method} ${path} ${res.statusCode}: ${ajv.errorsText(validate.errors)}`);
    }
  };
}
