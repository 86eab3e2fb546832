import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** What we know of a file's bytes (issue 17): SHA-256 for people, CRC-32 for zip readers. */
export interface Digest {
  sha256: Buffer;
  crc32: number;
}

/**
 * Running SHA-256 and CRC-32 over bytes as they pass, in one pass, holding
 * nothing but the two states. The chunk writer feeds it; so does the read-back
 * of stored chunks.
 */
export class StreamDigest {
  readonly #hash: Hash;
  #crc: number;
  #done: Digest | undefined;

  constructor(hash: Hash = createHash('sha256'), crc = 0) {
    this.#hash = hash;
    this.#crc = crc;
  }

  /**
   * An independent copy of the running state: a resumable upload's request
   * hashes into a fork, which replaces the original only once the bytes it saw
   * are stored (issue 17).
   */
  fork(): StreamDigest {
    if (this.#done) throw new Error('digest already finished');
    return new StreamDigest(this.#hash.copy(), this.#crc);
  }

  update(bytes: Uint8Array): void {
    if (this.#done) throw new Error('digest already finished');
    this.#hash.update(bytes);
    this.#crc = crc32(bytes, this.#crc);
  }

  /** The digest of everything passed so far; no more bytes may follow. */
  finish(): Digest {
    this.#done ??= { sha256: this.#hash.digest(), crc32: this.#crc };
    return this.#done;
  }
}

export const sha256Hex = (digest: Digest): string => digest.sha256.toString('hex');
