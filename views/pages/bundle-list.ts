import type { BundleSummary } from '../../src/domain/bundle.js';
import { dataTable } from '../components.js';
import { formatDate } from '../format.js';
import { html } from '../html.js';

/** The owner's newest bundles under the files list (issue 17); all of them through GET /api/bundles. */
export function bundleList(bundles: readonly BundleSummary[]) {
  if (bundles.length === 0) return '';
  const rows = bundles.map(
    (b) => html`<tr role="row" data-bundle-id="${b.id}">
      <td role="cell" data-label="Bundle"><a href="/b/${b.id}">${b.title ?? `Bundle ${b.id}`}</a></td>
      <td role="cell" data-label="Files">${b.fileCount}</td>
      <td role="cell" data-label="Created">${formatDate(b.createdTime)}</td>
      <td role="cell" class="cell-actions"><div class="row-actions">
        <button type="button" class="button button-icon" aria-label="Copy" title="Copy link" data-copy-bundle="/b/${b.id}">Copy</button>
        <button type="button" class="button" data-delete-bundle="${b.id}">Delete</button>
      </div></td>
    </tr>`,
  );
  return html`<section class="bundles" aria-labelledby="bundles-heading">
      <h2 id="bundles-heading">Bundles</h2>
      <p class="hint">Deleting a bundle keeps its files.</p>
      ${dataTable('bundles-table', ['Bundle', 'Files', 'Created', null], rows)}
    </section>`;
}
