import { extname } from 'node:path';
import mime from 'mime-types';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
// RFC 9110 §8.3.1: type "/" subtype *( OWS ";" OWS parameter ), a parameter
// being token "=" ( token / quoted-string ). Quoted strings hold visible ASCII,
// spaces and tabs, and backslash escapes of the same.
const QUOTED = '"(?:[\\t\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\t\\x20-\\x7e])*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/** Whether a Content-Type value is a well-formed media type with parameters. */
export const isMediaType = (value: string): boolean => MEDIA_TYPE.test(value);

/** The type a file's extension suggests, e.g. `text/plain; charset=utf-8`, else generic binary. */
export const guessContentType = (filename: string): string => mime.contentType(extname(filename)) || 'application/octet-stream';

/**
 * The content type to store for an upload (issue 12): the client's when it is
 * a well-formed media type, none when the client sent none (as upstream
 * stores it), else a guess from the filename, never the client's bytes.
 */
export function uploadContentType(raw: string | undefined, filename: string): string {
  const value = (raw ?? '').trim();
  if (value === '' || isMediaType(value)) return value;
  return guessContentType(filename);
}
