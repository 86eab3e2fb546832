import { ValidationError } from './errors.js';

const MAX_NOTE_BYTES = 500;
// Defence in depth: notes are escaped wherever shown, but tags like these are a
// sign of someone probing for XSS, so upstream refuses them outright.
const ILLEGAL_TAG = /<\s*\/?((script)|(iframe))\s*>/;

/** A file note; the empty string means "no note" and becomes null. */
export function parseNote(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (Buffer.byteLength(raw) > MAX_NOTE_BYTES) throw new ValidationError('note is too long');
  // 'null' and 'undefined' are almost always a front-end bug, not a user's words.
  if (raw === 'null') throw new ValidationError("value of 'null' is not allowed");
  if (raw === 'undefined') throw new ValidationError("value of 'undefined' is not allowed");
  if (ILLEGAL_TAG.test(raw)) throw new ValidationError('note must not contain HTML tags');
  return raw;
}
