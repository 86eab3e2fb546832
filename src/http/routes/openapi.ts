import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { apiDocsPage } from '../../../views/pages/api-docs.js';
import type { ApiDocs } from '../api-docs.js';
import type { Pages } from '../page-context.js';
import { sendJson } from '../responses.js';

export interface OpenApiRouteOptions {
  docs: ApiDocs;
  pages: Pages;
}

/** The OpenAPI document and its page: public, as they describe nothing secret. */
export const openApiRoutes: FastifyPluginAsync<OpenApiRouteOptions> = async (app, { docs, pages }) => {
  app.get('/api/openapi.json', {
    config: { api: { tag: 'docs', summary: 'This document (OpenAPI 3.1)', responses: { 200: { description: 'The OpenAPI document.', json: z.object({ openapi: z.string() }).loose() } } } },
  }, async (_request, reply) => sendJson(reply, docs.document()));

  app.get('/api/docs', {
    config: { api: { tag: 'docs', summary: 'This document as a web page', responses: { 200: { description: 'An HTML page.' } } } },
  }, async (request, reply) => {
    const ctx = await pages.context(request, reply);
    return pages.send(reply, ctx, apiDocsPage(ctx, docs.document()));
  });
};
