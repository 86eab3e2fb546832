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

/** For a body of several files (the share target): each `file` part becomes an upload of its own. */
export interface ReceiveManyOptions extends Omit<ReceiveOptions, 'upload'> {
  /** Begins the upload of the next file; may refuse (busy, quota). */
  begin: () => Upload;
  /** Stores one received file (commits its upload); runs as each file ends, so its slot frees early. */
  store: (file: Omit<ReceivedFile, 'fields'>, upload: Upload) => Promise<void>;
  maxFiles: number;
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
  let file: Omit<ReceivedFile, 'fields'> | undefined;
  let taken = false;
  const fields = await receiveParts(request, options, [options.upload], {
    // Only the first part named `file` that carries a filename is the upload.
    next: () => {
      if (taken) return undefined;
      taken = true;
      return options.upload;
    },
    received: async (received) => {
      file = received;
    },
    check: () => {
      if (!file) throw new ValidationError('http: no such file');
      if (options.upload.size === 0) throw new ValidationError('file must be non-empty');
    },
  });
  return { ...file!, fields };
}

/**
 * As receiveMultipart, for every `file` part (up to `maxFiles`), each stored by
 * `store` as soon as it has arrived. Returns the text fields; fails if no file
 * came. A failure deletes the file being received; those already stored stay.
 */
export async function receiveMultipartFiles(request: FastifyRequest, options: ReceiveManyOptions): Promise<Map<string, string>> {
  const uploads: Upload[] = [];
  let stored = 0;
  const fields = await receiveParts(request, options, uploads, {
    next: () => {
      if (uploads.length >= options.maxFiles) throw new ValidationError(`too many files: at most ${options.maxFiles} at once`);
      const upload = options.begin();
      uploads.push(upload);
      return upload;
    },
    received: async (file, upload) => {
      if (upload.size === 0) throw new ValidationError('file must be non-empty');
      await options.store(file, upload);
      stored++;
    },
    check: () => {
      if (stored === 0) throw new ValidationError('http: no such file');
    },
  });
  return fields;
}

interface FileParts {
  /** The upload for the next file part, or undefined to skip it. */
  next(): Upload | undefined;
  /** Runs once a file's bytes are all stored. */
  received(file: Omit<ReceivedFile, 'fields'>, upload: Upload): Promise<void>;
  /** Runs once the whole body is read, and throws to refuse it. */
  check(): void;
}

async function receiveParts(
  request: FastifyRequest,
  options: Omit<ReceiveOptions, 'upload'>,
  uploads: Upload[],
  parts: FileParts,
): Promise<Map<string, string>> {
  const abortAll = () => Promise.all(uploads.map((upload) => upload.abort()));
  let boundary: string;
  try {
    boundary = multipartBoundary(request.headers['content-type']);
  } catch (err) {
    await abortAll();
    throw err;
  }
  // partHwm sizes each part's buffer; the typings predate the option.
  const dicerConfig = { boundary, partHwm: STREAM_HWM, highWaterMark: STREAM_HWM };
  const dicer = new Dicer(dicerConfig as ConstructorParameters<typeof Dicer>[0]);
  const fields = new Map<string, string>();
  const work: Promise<unknown>[] = [];

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
      if (name !== 'file') {
        part.resume();
        return;
      }
      let file: Omit<ReceivedFile, 'fields'>;
      let upload: Upload | undefined;
      try {
        const filename = parseFilename(baseName(rawFilename));
        file = { filename, contentType: uploadContentType(header['content-type']?.[0], filename) };
        upload = parts.next();
      } catch (err) {
        part.resume();
        fail(err);
        return;
      }
      if (!upload) {
        part.resume();
        return;
      }
      const target = upload;
      work.push(
        pipeline([part, ...(options.filters?.() ?? []), target.sink])
          .then(() => parts.received(file, target))
          .catch(fail),
      );
    });
  };

  const parsed = new Promise<void>((resolve) => dicer.once('finish', resolve));
  dicer.on('part', onPart);
  dicer.on('error', () => fail(new ValidationError('unexpected EOF')));
  const body = pipeBody(request.raw, dicer, options.body);
  body.aborted.catch(fail);

  try {
    await Promise.race([parsed, failed]);
    // Every part has been read; the files' last chunks may still be inserting.
    await Promise.race([Promise.all(work), failed]);
    parts.check();
    return fields;
  } catch (err) {
    body.discard();
    await abortAll();
    throw err;
  } finally {
    body.release();
  }
}
