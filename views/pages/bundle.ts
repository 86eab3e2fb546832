import type { Bundle } from '../../src/domain/bundle.js';
import type { Digest } from '../../src/domain/digest.js';
import type { Entry } from '../../src/domain/entry.js';
import type { ViewContext } from '../context.js';
import { checksum } from '../checksum.js';
import { dataTable } from '../components.js';
import { formatSize } from '../format.js';
import { html } from '../html.js';
import { icon } from '../icons.js';
import { layout } from '../layout.js';

export interface BundleView {
  bundle: Bundle;
  /** The files still there, in order; at most MAX_LISTED of them are shown. */
  files: Entry[];
  digests: Map<string, Digest>;
  /** Where files are served (the download host, when there is one). */
  origin: string;
}

// Past this, the page says how many more the zip holds: a page of 100,000 rows
// helps nobody.
const MAX_LISTED = 1000;

/** `/b/{id}`: what a recipient sees of a bundle (issue 17). */
export function bundlePage(ctx: ViewContext, view: BundleView) {
  const { bundle, files, digests, origin } = view;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const shown = files.slice(0, MAX_LISTED);
  const rows = shown.map(
    (f) => html`<tr role="row" class="bundle-file">
      <td role="cell" data-label="File"><a href="${origin}/-${f.id}">${f.filename}</a></td>
      <td role="cell" data-label="Size">${formatSize(f.size)}</td>
      <td role="cell" data-label="SHA-256">${checksum(digests.get(f.id), f.filename)}</td>
    </tr>`,
  );
  return layout(ctx, {
    title: `PicoShare - ${bundle.title ?? 'Shared files'}`,
    body: html`
      <h1>${bundle.title ?? 'Shared files'}</h1>
      <p class="lead">${files.length === 1 ? '1 file' : `${files.length.toLocaleString('en-US')} files`}, ${formatSize(total)} in all.</p>
      <div class="actions">
        <a class="button button-primary" role="button" id="download-all" href="${origin}/b/${bundle.id}.zip">${icon('upload')}<span>Download all</span></a>
      </div>
      ${dataTable('bundle-files', ['File', 'Size', 'SHA-256'], rows)}
      ${files.length > shown.length ? html`<p class="hint">…and ${(files.length - shown.length).toLocaleString('en-US')} more in the zip.</p>` : ''}
      <p class="hint">To check a file, run its <code>sha256sum -c</code> line where you saved it: it prints <code>OK</code> when the file arrived intact.</p>`,
  });
}
