import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../domain/errors.js';

/** Go decodes JSON null into a string field as "", and so do these. */
export const optionalString = z
  .string()
  .nullish()
  .transform((s) => s ?? '');

/** Parses with a zod schema; a failure becomes a ValidationError naming the field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new ValidationError(`${field}${issue.message}`);
}

function prefixed(prefix: string, err: unknown): unknown {
  return err instanceof ValidationError || err instanceof SyntaxError ? new ValidationError(`${prefix}${err.message}`) : err;
}

/** Runs a parser, giving its ValidationError (or JSON SyntaxError) a route's prefix. */
export function withPrefix<T>(prefix: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw prefixed(prefix, err);
  }
}

/** withPrefix for work that streams, such as reading an upload. */
export async function withPrefixAsync<T>(prefix: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw prefixed(prefix, err);
  }
}

const queryValue = z.union([z.string(), z.array(z.string())]).optional();

/** A query parameter's first value, as Go's URL.Query().Get returns it. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = parseWith(queryValue, (request.query as Record<string, unknown>)[name]);
  return Array.isArray(value) ? value[0] : value;
}
