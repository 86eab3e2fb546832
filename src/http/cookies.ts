import type { FastifyRequest } from 'fastify';

/** Upstream's cookie name, kept so existing browser sessions and scripts find it. */
export const SESSION_COOKIE = 'sharedSecret';
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

/** Attributes as upstream's (decision A1), plus Secure when the request came over HTTPS. */
export function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

export const clearSessionCookie = (request: FastifyRequest): string => sessionCookie(request, '', 0);
