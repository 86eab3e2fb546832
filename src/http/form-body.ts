import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';

// The login and settings forms post a few short fields.
const FORM_BODY_LIMIT = 16 * 1024;

/** Lets a scope's routes receive HTML form posts (application/x-www-form-urlencoded). */
export function acceptFormPosts(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
    done(null, new URLSearchParams(body as string)),
  );
}

/** The fields of a form post, or 400 for any other body. */
export function formFields(body: unknown): URLSearchParams {
  if (!(body instanceof URLSearchParams)) throw new HttpError(400, 'expected a form submission');
  return body;
}
