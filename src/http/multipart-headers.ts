// Reads multipart part headers as Go's mime.ParseMediaType does, so uploads that
// upstream accepts (and refuses) are accepted (and refused) here too.

export interface MediaValue {
  /** Lower-cased, e.g. `form-data`. */
  type: string;
  /** Parameter names lower-cased; values decoded as UTF-8. */
  params: Map<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
// `form-data`, or `type/subtype` as in Content-Type.
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)?/;
// RFC 2045 tspecials: the only characters a backslash escapes in Go's parser,
// which keeps the backslashes of Windows paths that old browsers send unescaped.
const TSPECIALS = '()<>@,;:\\"/[]?=';

/** Header values arrive as one char per byte; names in forms are UTF-8. */
const utf8 = (binary: string): string => Buffer.from(binary, 'latin1').toString('utf8');

function readQuoted(text: string, start: number): [string, number] | undefined {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return [value, i + 1];
    if (c === '\\' && i + 1 < text.length && TSPECIALS.includes(text[i + 1]!)) {
      value += text[++i];
    } else {
      value += c;
    }
  }
  return undefined;
}

/** RFC 2231 extended value: charset'language'percent-encoded (UTF-8 only, like Go). */
function decodeExtended(value: string): string | undefined {
  const m = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!m || !/^(utf-8|us-ascii)$/i.test(m[1]!)) return undefined;
  try {
    return decodeURIComponent(m[2]!);
  } catch {
    return undefined;
  }
}

/** Parses e.g. `form-data; name="file"; filename="a.txt"`; undefined if malformed. */
export function parseMediaValue(header: string | undefined): MediaValue | undefined {
  if (header === undefined) return undefined;
  let rest = header.trim();
  const type = MEDIA_TYPE.exec(rest)?.[0];
  if (!type) return undefined;
  rest = rest.slice(type.length);
  const params = new Map<string, string>();
  const extended = new Map<string, string>();
  for (;;) {
    rest = rest.trimStart();
    if (rest === '') break;
    if (rest[0] !== ';') return undefined;
    rest = rest.slice(1).trimStart();
    if (rest === '') break; // a trailing ';' is tolerated
    const name = TOKEN.exec(rest)?.[0];
    if (!name) return undefined;
    rest = rest.slice(name.length).trimStart();
    if (rest[0] !== '=') return undefined;
    rest = rest.slice(1).trimStart();
    let value: string;
    if (rest[0] === '"') {
      const quoted = readQuoted(rest, 0);
      if (!quoted) return undefined;
      [value, rest] = [quoted[0], rest.slice(quoted[1])];
    } else {
      const token = TOKEN.exec(rest)?.[0];
      if (!token) return undefined;
      [value, rest] = [token, rest.slice(token.length)];
    }
    const key = name.toLowerCase();
    if (params.has(key) || extended.has(key)) return undefined; // duplicates are an error in Go
    if (key.endsWith('*')) extended.set(key.slice(0, -1), value);
    else params.set(key, utf8(value));
  }
  for (const [key, value] of extended) {
    const decoded = decodeExtended(value);
    if (decoded !== undefined) params.set(key, decoded);
  }
  return { type: type.toLowerCase(), params };
}
