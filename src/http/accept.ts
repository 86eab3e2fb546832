import type { FastifyRequest } from 'fastify';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Whether the client asked for HTML above everything else: a browser's
 * navigation (`text/html,…,*\/*;q=0.8`) does, curl's `*\/*`, fetch()'s default
 * and an absent header do not, so scripts keep upstream's plain text.
 */
export function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (!accept || accept.length > 1024) return false;
  let html = 0;
  let other = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (!Number.isFinite(weight)) continue;
    if (HTML_TYPES.has(type.trim())) html = Math.max(html, weight);
    else other = Math.max(other, weight);
  }
  return html > 0 && html >= other;
}
