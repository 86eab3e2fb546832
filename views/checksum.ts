import type { Digest } from '../src/domain/digest.js';
import { html, type SafeHtml } from './html.js';

/** A shell word for a filename: single-quoted, any quote inside closed and escaped. */
const shellQuote = (name: string): string => `'${name.replaceAll("'", `'\\''`)}'`;

/**
 * The line a recipient pastes into a shell, in the folder where the file was
 * saved, to check it arrived intact (issue 17): `sha256sum -c` reads
 * "<hex>  <name>" lines from its input.
 */
export const sha256sumLine = (hex: string, filename: string): string => `echo ${shellQuote(`${hex}  ${filename}`)} | sha256sum -c`;

/** A file's SHA-256 and its copyable check, or a word that it is still being computed. */
export function checksum(digest: Digest | undefined, filename: string): SafeHtml {
  if (!digest) return html`<span class="checksum-pending">Being computed…</span>`;
  const hex = digest.sha256.toString('hex');
  const line = sha256sumLine(hex, filename);
  return html`<span class="checksum"><code class="sha256">${hex}</code>
    <span class="checksum-check"><code class="sha256sum-line">${line}</code>
    <button type="button" class="button button-small" data-copy="${line}" aria-label="Copy the sha256sum -c command">Copy</button></span></span>`;
}
