export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
  /** Replaces the whole Content-Disposition header. */
  disposition?: string;
}

export const BOUNDARY = 'test-boundary-7MA4YWxkTrZu0gW';

/** A multipart/form-data body as browsers and curl send it. */
export function multipart(parts: Part[], boundary = BOUNDARY): { payload: Buffer; headers: Record<string, string> } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: `;
    head += part.disposition ?? `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    head += '\r\n';
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A single `file` part, the common case. */
export function fileForm(data: Buffer | string, filename = 'file.bin', contentType = 'application/octet-stream') {
  return multipart([{ name: 'file', filename, contentType, data }]);
}
