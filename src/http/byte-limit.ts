import { Transform, type TransformCallback } from 'node:stream';
import { TooLargeError } from '../domain/errors.js';

/** Passes bytes through until more than `max` have gone by, then fails. */
export class ByteLimit extends Transform {
  #seen = 0;
  readonly #max: number;
  readonly #message: string;

  constructor(max: number, message: string) {
    super();
    this.#max = max;
    this.#message = message;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.#max) callback(new TooLargeError(this.#message));
    else callback(null, chunk);
  }
}
