import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { HttpError } from '../errors.js';

/** The checksum extension's algorithms, as OPTIONS lists them (Tus-Checksum-Algorithm). */
export const CHECKSUM_ALGORITHMS = ['sha1', 'sha256'] as const;

/** A body's bytes hashed on their way through, to be compared with what the client declared. */
export class ChecksumTap extends Transform {
  readonly #hash: Hash;
  readonly #expected: Buffer;

  constructor(algorithm: string, expected: Buffer) {
    super();
    this.#hash = createHash(algorithm);
    this.#expected = expected;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    callback(null, chunk);
  }

  /** Once the body has passed: whether it is what the client hashed. */
  matches(): boolean {
    return this.#hash.digest().equals(this.#expected);
  }
}

/** `Upload-Checksum: <algorithm> <base64 digest>`, or undefined when absent; 400 for one we do not take. */
export function parseUploadChecksum(header: string | undefined): ChecksumTap | undefined {
  if (header === undefined) return undefined;
  const [algorithm = '', digest = '', ...rest] = header.trim().split(' ');
  if (!(CHECKSUM_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new HttpError(400, `unsupported checksum algorithm: use one of ${CHECKSUM_ALGORITHMS.join(', ')}`);
  }
  const expected = Buffer.from(digest, 'base64');
  const size = algorithm === 'sha1' ? 20 : 32;
  if (rest.length > 0 || expected.length !== size || expected.toString('base64') !== digest) {
    throw new HttpError(400, 'invalid Upload-Checksum');
  }
  return new ChecksumTap(algorithm, expected);
}
