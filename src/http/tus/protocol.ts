import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TusUpload } from '../../domain/tus-upload.js';
import { HttpError } from '../errors.js';
import { CHECKSUM_ALGORITHMS } from './checksum.js';

// tus 1.0.0: https://tus.io/protocols/resumable-upload
export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,creation-with-upload,creation-defer-length,termination,expiration,checksum';
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

const DIGITS = /^\d{1,16}$/;

/** Every request but OPTIONS names the protocol version; another is refused with 412. */
export function requireTusVersion(request: FastifyRequest): void {
  if (request.headers['tus-resumable'] !== TUS_VERSION) {
    throw new HttpError(412, `unsupported tus version: this server speaks tus ${TUS_VERSION}`, { 'tus-version': TUS_VERSION });
  }
}

/** A non-negative integer header, or undefined when absent; 400 when malformed. */
export function byteCountHeader(request: FastifyRequest, name: string): number | undefined {
  const value = request.headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !DIGITS.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new HttpError(400, `invalid ${name} header`);
  }
  return Number(value);
}

/** Upload-Length, or null for Upload-Defer-Length: 1; exactly one of them. */
export function creationLength(request: FastifyRequest): number | null {
  const length = byteCountHeader(request, 'upload-length');
  const deferred = request.headers['upload-defer-length'];
  if (deferred !== undefined && deferred !== '1') throw new HttpError(400, 'invalid upload-defer-length header');
  if ((length === undefined) === (deferred === undefined)) {
    throw new HttpError(400, 'exactly one of Upload-Length and Upload-Defer-Length is required');
  }
  return length ?? null;
}

/** Whether the request carries bytes for the upload (PATCH, or a POST with creation-with-upload). */
export function hasUploadBody(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === OFFSET_CONTENT_TYPE;
}

/** The headers every answer about one upload carries (expiration extension). */
export function uploadHeaders(reply: FastifyReply, upload: TusUpload, expires: Date): FastifyReply {
  reply.header('upload-expires', expires.toUTCString());
  reply.header('cache-control', 'no-store');
  if (upload.length === null) reply.header('upload-defer-length', '1');
  else reply.header('upload-length', String(upload.length));
  return reply;
}

/** OPTIONS: what this endpoint supports. */
export function sendCapabilities(reply: FastifyReply, maxSize: number | null): FastifyReply {
  reply.header('tus-version', TUS_VERSION).header('tus-extension', TUS_EXTENSIONS).header('tus-checksum-algorithm', CHECKSUM_ALGORITHMS.join(','));
  if (maxSize !== null) reply.header('tus-max-size', String(maxSize));
  return reply.code(204).send();
}
