import { z } from 'zod';
import type { RouteScope } from '../domain/api-token.js';

// The OpenAPI description is assembled from what each route declares in its
// `config.api`, beside the route, with the same zod schemas the route parses its
// input with (issue 16). Nothing here is written per route by hand.

export interface ApiResponse {
  description: string;
  /** A JSON body, described by the schema the route's output follows. */
  json?: z.ZodType;
  /** A plain-text body (errors, links), as upstream answers them. */
  text?: boolean;
  headers?: Record<string, string>;
}

export type ApiBody =
  | { json: z.ZodType; description?: string }
  | { multipart: z.ZodObject; description?: string }
  | { binary: string }
  | { form: z.ZodObject; description?: string };

export interface ApiOperation {
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: ApiBody;
  responses: Record<number, ApiResponse>;
  /** Public routes that still take a credential of their own (a guest link ID). */
  security?: 'none';
}

/** A route under /api on purpose left out of the document, with the reason. */
export interface HiddenRoute {
  hidden: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    api?: ApiOperation | HiddenRoute;
  }
}

export const textError = (description: string): ApiResponse => ({ description, text: true });

interface Collected {
  method: string;
  url: string;
  scope: RouteScope | undefined;
  api: ApiOperation;
}

type RouteLike = { method: string | string[]; url: string; config?: { api?: ApiOperation | HiddenRoute; scope?: RouteScope } };

/** Routes this document must cover: the API, and raw uploads, which are API calls at other paths. */
const isApiPath = (url: string): boolean => url.startsWith('/api/') || url.includes(':filename');

const toPath = (url: string): string => url.replace(/:([A-Za-z_]\w*)/g, '{$1}');

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function parameters(where: 'path' | 'query' | 'header', schema: z.ZodObject | undefined) {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

function requestBody(body: ApiBody | undefined) {
  if (!body) return {};
  if ('binary' in body) {
    return { requestBody: { required: true, description: body.binary, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } } };
  }
  const [type, schema] =
    'json' in body ? ['application/json', jsonSchema(body.json, 'input')]
    : 'multipart' in body ? ['multipart/form-data', jsonSchema(body.multipart, 'input')]
    : ['application/x-www-form-urlencoded', jsonSchema(body.form, 'input')];
  return { requestBody: { required: true, ...(body.description ? { description: body.description } : {}), content: { [type]: { schema } } } };
}

function response(r: ApiResponse) {
  const content =
    r.json || r.text
      ? {
          ...(r.text ? { 'text/plain': { schema: { type: 'string' } } } : {}),
          ...(r.json ? { 'application/json': { schema: jsonSchema(r.json, 'output') } } : {}),
        }
      : undefined;
  const headers = r.headers && Object.fromEntries(Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  return { description: r.description, ...(content ? { content } : {}), ...(headers ? { headers } : {}) };
}

const OWNER_ERRORS = (scope: RouteScope): Record<number, ApiResponse> => ({
  401: textError('No credentials, or a wrong passphrase, or an unknown, expired or revoked API token.'),
  403: textError(
    scope === 'owner'
      ? 'An API token: managing tokens takes the owner\'s session or passphrase. Also a cross-site browser request.'
      : `The API token's scope does not cover this route (it needs "${scope}"). Also a cross-site browser request.`,
  ),
  429: { ...textError('Too many failed attempts from this client.'), headers: { 'retry-after': 'Seconds to wait.' } },
});

function security(scope: RouteScope | undefined, api: ApiOperation) {
  if (scope === undefined || api.security === 'none') return [];
  const owner = [{ cookieAuth: [] }, { basicAuth: [] }];
  // OpenAPI 3.1 lets non-OAuth schemes list the roles they need: here the token scope.
  return scope === 'owner' ? owner : [...owner, { bearerAuth: [scope] }];
}

const operationId = (method: string, url: string): string =>
  `${method.toLowerCase()}${toPath(url).replace(/[{}]/g, '').split(/[/-]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}` || method.toLowerCase();

/**
 * Watches every route as it is registered (an onRoute hook at the root) and
 * builds the OpenAPI 3.1 document from their declarations.
 */
export function createApiDocs() {
  const documented: Collected[] = [];
  const undocumented: string[] = [];
  let built: Record<string, unknown> | undefined;

  return {
    /** onRoute hook: add it to the root before any route is registered. */
    onRoute(route: RouteLike): void {
      if (!isApiPath(route.url)) return;
      for (const method of [route.method].flat()) {
        const api = route.config?.api;
        if (api && 'hidden' in api) continue;
        if (!api) {
          // Fastify adds a HEAD route beside each GET; it is the GET's own.
          if (method === 'HEAD' && documented.some((d) => d.method === 'GET' && d.url === route.url)) continue;
          undocumented.push(`${method} ${route.url}`);
          continue;
        }
        if (method === 'HEAD' && documented.some((d) => d.method === 'GET' && d.url === route.url && d.api === api)) continue;
        documented.push({ method, url: route.url, scope: route.config?.scope, api });
      }
    },
    /** `METHOD /url` of each API route registered without a description; the coverage test wants none. */
    undocumented: (): readonly string[] => undocumented,
    document(): Record<string, unknown> {
      if (built) return built;
      const paths: Record<string, Record<string, unknown>> = {};
      for (const { method, url, scope, api } of documented) {
        const errors = scope === undefined || api.security === 'none' ? {} : OWNER_ERRORS(scope);
        const responses = Object.fromEntries(Object.entries({ ...errors, ...api.responses }).map(([status, r]) => [status, response(r)]));
        const needs = scope === undefined || scope === 'owner' ? '' : ` API tokens need the \`${scope}\` scope.`;
        const ownerNote = scope === 'owner' ? ' Needs the owner\'s session or passphrase; API tokens are refused.' : '';
        (paths[toPath(url)] ??= {})[method.toLowerCase()] = {
          operationId: operationId(method, url),
          summary: api.summary,
          ...(api.description || needs || ownerNote ? { description: `${api.description ?? ''}${needs}${ownerNote}`.trim() } : {}),
          tags: [api.tag],
          ...(scope === undefined || scope === 'owner' ? {} : { 'x-token-scope': scope }),
          parameters: [...parameters('path', api.params), ...parameters('query', api.query), ...parameters('header', api.headers)],
          ...requestBody(api.body),
          responses,
          security: security(scope, api),
        };
      }
      built = {
        openapi: '3.1.0',
        info: {
          title: 'PicoShare API',
          version: '1',
          description: 'The owner API of this PicoShare server, generated from the schemas that validate each request. Errors are plain text.',
        },
        paths,
        components: {
          securitySchemes: {
            cookieAuth: { type: 'apiKey', in: 'cookie', name: 'sharedSecret', description: 'The login session set by POST /api/auth.' },
            basicAuth: { type: 'http', scheme: 'basic', description: 'The passphrase as the password; the user name is ignored.' },
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'psk_…', description: 'An API token; its scope (upload, files, admin) limits the routes it opens.' },
          },
        },
      };
      return built;
    },
  };
}

export type ApiDocs = ReturnType<typeof createApiDocs>;
