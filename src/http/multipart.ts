import { Dicer } from '@fastify/busboy';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { uploadContentType } from '../domain/content-type.js';
import { ValidationError } from '../domain/errors.js';
import { baseName, parseFilename } from '../domain/filename.js';
import type { Upload } from '../store/uploads.js';
import { parseMediaValue } from './multipart-headers.js';
import { pipeBody, type BodyOptions } from './request-body.js';

const STREAM_HWM = 64 * 1024;
// Text fields are short (a note is at most 500 bytes); a longer one is kept cut
// here, which every field rule then rejects as too long.
const MAX_FIELD_BYTES = 16 * 1024;
// A part's headers are a few hundred bytes; busboy cuts longer ones silently,
// so their parsed size is measured, and more than this refused (issue 12).
const MAX_PART_HEADER_BYTES = 16 * 1024;
// RFC 2046 allows 70 characters; busboy's search cannot take more than 252.
const MAX_BOUNDARY_LENGTH = 200;

export interface ReceivedFile {
  filename: string;
  /** The part's Content-Type when well-formed, '' when absent, else a guess from the filename. */
  contentType: string;
  /** The text fields asked for, first value of each name (Go's FormValue). */
  fields: Map<string, string>;
}

export interface ReceiveOptions {
  /** Begun by the caller; aborted here on any failure. */
  upload: Upload;
  body: BodyOptions;
  /** Names of the text fields to read; other fields are skipped unread, so they cost no memory. */
  fields: readonly string[];
  /** Stages the file's bytes pass through before storage, e.g. a size limit. */
  filters?: () => Transform[];
  /** Sees each text field as it arrives and throws to refuse the request. */
  checkField?: (name: string, value: string) => void;
}

export function multipartBoundary(contentType: string | undefined): string {
  const media = parseMediaValue(contentType);
  if (media?.type !== 'multipart/form-data') {
    throw new ValidationError("request Content-Type isn't multipart/form-data");
  }
  const boundary = media.params.get('boundary');
  if (!boundary) throw new ValidationError('no multipart boundary param in Content-Type');
  if (boundary.length > MAX_BOUNDARY_LENGTH) {
    throw new ValidationError(`multipart boundary longer than ${MAX_BOUNDARY_LENGTH} characters`);
  }
  return boundary;
}

function headerBytes(header: Record<string, string[] | undefined>): number {
  let bytes = 0;
  for (const [name, values] of Object.entries(header)) {
    for (const value of values ?? []) bytes += name.length + value.length + 4;
  }
  return bytes;
}

function readField(part: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const pieces: Buffer[] = [];
    let length = 0;
    part.on('data', (data: Buffer) => {
      if (length < MAX_FIELD_BYTES) pieces.push(data.subarray(0, MAX_FIELD_BYTES - length));
      length += data.length;
    });
    part.on('end', () => resolve(Buffer.concat(pieces).toString('utf8')));
    part.on('error', reject);
  });
}

/**
 * Streams a multipart/form-data request: the `file` part goes straight into chunk
 * rows as it arrives (decision U1), text fields are collected. Any failure,
 * including a client abort, deletes what was written (decision U3) and leaves
 * the rest of the body to be discarded.
 *
 * Rejections use upstream's wording without its `invalid request: ` prefix.
 */
export async function receiveMultipart(request: FastifyRequest, options: ReceiveOptions): Promise<ReceivedFile> {
  let boundary: string;
  try {
    boundary = multipartBoundary(request.headers['content-type']);
  } catch (err) {
    await options.upload.abort();
    throw err;
  }
  // partHwm sizes each part's buffer; the typings predate the option.
  const dicerConfig = { boundary, partHwm: STREAM_HWM, highWaterMark: STREAM_HWM };
  const dicer = new Dicer(dicerConfig as ConstructorParameters<typeof Dicer>[0]);
  const fields = new Map<string, string>();
  const work: Promise<unknown>[] = [];
  let file: Omit<ReceivedFile, 'fields'> | undefined;

  let fail!: (err: unknown) => void;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  // Rejections are read by the race below, or not at all once it has settled.
  failed.catch(() => {});

  const onPart = (part: Readable): void => {
    part.on('error', fail);
    part.once('header', (header: Record<string, string[] | undefined>) => {
      if (headerBytes(header) > MAX_PART_HEADER_BYTES) {
        part.resume();
        fail(new ValidationError('multipart part header too large'));
        return;
      }
      const disposition = parseMediaValue(header['content-disposition']?.[0]);
      if (disposition?.type !== 'form-data') {
        part.resume();
        return;
      }
      const name = disposition.params.get('name') ?? '';
      const rawFilename = disposition.params.get('filename');
      if (rawFilename === undefined || rawFilename === '') {
        if (!options.fields.includes(name)) {
          part.resume();
          return;
        }
        work.push(
          readField(part).then((value) => {
            if (fields.has(name)) return;
            options.checkField?.(name, value);
            fields.set(name, value);
          }).catch(fail),
        );
        return;
      }
      // Only the first part named `file` that carries a filename is the upload.
      if (name !== 'file' || file) {
        part.resume();
        return;
      }
      try {
        const filename = parseFilename(baseName(rawFilename));
        file = { filename, contentType: uploadContentType(header['content-type']?.[0], filename) };
      } catch (err) {
        part.resume();
        fail(err);
        return;
      }
      work.push(pipeline([part, ...(options.filters?.() ?? []), options.upload.sink]).catch(fail));
    });
  };

  const parsed = new Promise<void>((resolve) => dicer.once('finish', resolve));
  dicer.on('part', onPart);
  dicer.on('error', () => fail(new ValidationError('unexpected EOF')));
  const body = pipeBody(request.raw, dicer, options.body);
  body.aborted.catch(fail);

  try {
    await Promise.race([parsed, failed]);
    // Every part has been read; the file's last chunks may still be inserting.
    await Promise.race([Promise.all(work), failed]);
    if (!file) throw new ValidationError('http: no such file');
    if (options.upload.size === 0) throw new ValidationError('file must be non-empty');
    return { ...file, fields };
  } catch (err) {
    body.discard();
    await options.upload.abort();
    throw err;
  } finally {
    body.release();
  }
}
