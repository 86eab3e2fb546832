import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../domain/errors.js';
import type { Auth } from '../auth.js';
import { textError } from '../api-docs.js';
import { badRequest, ok } from '../api-schemas.js';
import { acceptJsonOfAnyType, parseJson } from '../body-parsers.js';
import { optionalString, parseWith } from '../schemas.js';

const loginBody = z.object({ sharedSecretKey: optionalString });

/** Log in and out: POST and DELETE /api/auth (upstream A1, A2). */
export const authRoutes: FastifyPluginAsync<{ auth: Auth }> = async (app, { auth }) => {
  acceptJsonOfAnyType(app);

  app.post('/api/auth', {
    config: {
      api: {
        tag: 'auth',
        summary: 'Log in',
        description: 'Sets the `sharedSecret` session cookie. Any content type is read as JSON.',
        body: { json: loginBody },
        responses: {
          200: { description: 'Logged in.', headers: { 'set-cookie': 'The session cookie.' } },
          400: badRequest,
          401: textError('incorrect shared secret'),
          429: { ...textError('Too many failed attempts from this client.'), headers: { 'retry-after': 'Seconds to wait.' } },
        },
      },
    },
  }, async (request, reply) => {
    let secret: string;
    try {
      secret = parseWith(loginBody, parseJson(request.body)).sharedSecretKey;
    } catch {
      throw new ValidationError('malformed request');
    }
    if (secret === '') throw new ValidationError('invalid shared secret');
    const cookie = await auth.login(request, secret);
    return reply.header('set-cookie', cookie).send();
  });

  app.delete('/api/auth', {
    config: { api: { tag: 'auth', summary: 'Log out', description: 'Ends the session, if any, and clears the cookie.', responses: { 200: ok() } } },
  }, async (request, reply) => {
    return reply.header('set-cookie', await auth.logout(request)).send();
  });
};
