import type { ViewContext } from '../context.js';
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';

// Renders the generated OpenAPI document (src/http/api-docs.ts) on our own
// origin, with the site's look and CSP: no third-party viewer, no CDN.

type Json = Record<string, unknown>;
interface Parameter { name: string; in: string; required: boolean; description?: string; schema: Json }
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { description?: string; content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
  security: Record<string, string[]>[];
}

const SCHEME_NAMES: Record<string, string> = { cookieAuth: 'session cookie', basicAuth: 'Basic (passphrase)', bearerAuth: 'Bearer token' };

function typeOf(schema: Json): string {
  const type = schema.type;
  if (Array.isArray(type)) return type.join(' | ');
  if (typeof type === 'string') return schema.enum ? `${type}: ${(schema.enum as unknown[]).join(', ')}` : type;
  return 'any';
}

const schemaBlock = (schema: Json): SafeHtml =>
  html`<details class="explainer"><summary>Schema</summary><pre class="schema">${JSON.stringify(schema, null, 2)}</pre></details>`;

function auth(op: Operation): SafeHtml {
  if (op.security.length === 0) return html`<p class="muted">No authentication.</p>`;
  const ways = op.security.map((s) => Object.entries(s).map(([name, scopes]) => `${SCHEME_NAMES[name] ?? name}${scopes.length ? ` (scope ${scopes.join(', ')})` : ''}`).join(''));
  return html`<p>Auth: ${ways.join(' or ')}</p>`;
}

function parameters(op: Operation): SafeHtml | string {
  if (op.parameters.length === 0) return '';
  return html`<table class="table api-params"><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>
    ${op.parameters.map((p) => html`<tr><td><code>${p.name}</code>${p.required ? html` <span class="muted">required</span>` : ''}</td><td>${p.in}</td><td>${typeOf(p.schema)}</td><td>${p.description ?? ''}</td></tr>`)}
  </tbody></table>`;
}

function body(op: Operation): SafeHtml | string {
  if (!op.requestBody) return '';
  return html`<h4>Request body</h4>${op.requestBody.description ? html`<p>${op.requestBody.description}</p>` : ''}
    ${Object.entries(op.requestBody.content).map(([type, { schema }]) => html`<p><code>${type}</code></p>${schemaBlock(schema)}`)}`;
}

function responses(op: Operation): SafeHtml {
  return html`<h4>Responses</h4><dl class="api-responses">
    ${Object.entries(op.responses).map(([status, r]) => html`<div><dt>${status}</dt><dd>${r.description}
      ${Object.entries(r.content ?? {}).map(([type, { schema }]) => html`<div><code>${type}</code>${type === 'application/json' ? schemaBlock(schema) : ''}</div>`)}</dd></div>`)}
  </dl>`;
}

function operation(method: string, path: string, op: Operation): SafeHtml {
  return html`<section class="card api-op" id="${op.operationId}">
    <h3><span class="api-method">${method.toUpperCase()}</span> <code>${path}</code></h3>
    <p><strong>${op.summary}</strong></p>
    ${op.description ? html`<p>${op.description}</p>` : ''}
    ${auth(op)}
    ${parameters(op)}
    ${body(op)}
    ${responses(op)}
  </section>`;
}

export function apiDocsPage(ctx: ViewContext, document: Json): SafeHtml {
  const byTag = new Map<string, SafeHtml[]>();
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op)]);
    }
  }
  return layout(ctx, {
    title: 'PicoShare - API',
    body: html`
      <h1>API</h1>
      <p class="lead">Generated from the schemas that validate each request; the same description as
        <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). Errors are plain text.
        ${ctx.signedIn ? html`Create tokens for scripts on the <a href="/tokens">API tokens</a> page.` : ''}</p>
      <div class="stack">
        ${[...byTag].map(([tag, ops]) => html`<h2>${tag}</h2>${ops}`)}
      </div>`,
  });
}
