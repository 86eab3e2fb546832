import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { TestFile } from './test-files.js';

// Fixed, so the body's length is known before sending; random file bytes contain
// this sequence with negligible probability.
const BOUNDARY = 'picoshare-bench-2f9c61d4e8a7b053';
// Fewer, larger reads keep the bench's own CPU use low on a two-core machine.
const READ_BYTES = 256 * 1024;

export interface RequestBody {
  stream: Readable;
  length: number;
  contentType: string;
}

/** A multipart/form-data body with one `file` part, streamed from disk as a browser sends it. */
export function multipartBody(file: TestFile): RequestBody {
  const preamble = Buffer.from(
    `--${BOUNDARY}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const epilogue = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield preamble;
    yield* createReadStream(file.path, { highWaterMark: READ_BYTES });
    yield epilogue;
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    length: preamble.length + file.size + epilogue.length,
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

/** The file itself as the body, as `curl -T` sends it. */
/** Bytes [start, start + length) of a file, as one tus PATCH sends them. */
export function rangeBody(file: TestFile, start: number, length: number): RequestBody {
  return {
    stream: createReadStream(file.path, { highWaterMark: READ_BYTES, start, end: start + length - 1 }),
    length,
    contentType: 'application/offset+octet-stream',
  };
}

export function rawBody(file: TestFile): RequestBody {
  return {
    stream: createReadStream(file.path, { highWaterMark: READ_BYTES }),
    length: file.size,
    contentType: 'application/octet-stream',
  };
}
