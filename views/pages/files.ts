import type { Entry } from '../../src/domain/entry.js';
import type { ViewContext } from '../context.js';
import { dataTable, linkButton } from '../components.js';
import { formatDate, formatExpiration, formatSize } from '../format.js';
import { html } from '../html.js';
import { icon } from '../icons.js';
import { layout } from '../layout.js';

export interface FilesView {
  entries: Entry[];
  now: Date;
  origin: string;
}

// Column order and the test-data-* attributes are what upstream's tests and
// users' scripts read (ui-contract.md): filename, note, size, uploaded,
// expires, actions. Explicit roles keep the table a table for assistive
// technology when narrow screens lay rows out as cards.
function row(entry: Entry, view: FilesView) {
  const shortLink = `${view.origin}/-${entry.id}`;
  return html`<tr role="row" test-data-filename="${entry.filename}">
      <td role="cell" class="cell-filename" test-data-id="filename"><a href="/-${entry.id}">${entry.filename}</a></td>
      <td role="cell" class="cell-note" data-label="Note">${entry.note ? html`<span test-data-id="note" title="${entry.note}">${entry.note}</span>` : ''}</td>
      <td role="cell" class="cell-size" data-label="Size">${formatSize(entry.size)}</td>
      <td role="cell" class="cell-uploaded" data-label="Uploaded">${formatDate(entry.uploadTime)}</td>
      <td role="cell" class="cell-expires" data-label="Expires">${formatExpiration(entry.expirationTime, view.now)}</td>
      <td role="cell" class="cell-actions"><div class="row-actions">
        ${linkButton(`/files/${entry.id}/info`, 'Information', { icon: 'info', iconOnly: true })}
        ${linkButton(`/files/${entry.id}/edit`, 'Edit', { icon: 'edit', iconOnly: true })}
        <button type="button" class="button button-icon" aria-label="Copy" title="Copy link" data-copy="${shortLink}">${icon('copy')}</button>
      </div></td>
    </tr>`;
}

export function filesPage(ctx: ViewContext, view: FilesView) {
  const body = view.entries.length
    ? dataTable(
        'files-table',
        ['Filename', 'Note', 'Size', 'Uploaded', 'Expires', null],
        view.entries.map((e) => row(e, view)),
      )
    : html`<div class="empty-state card"><p>No files yet.</p><p><a href="/">Upload one</a>, or drop files on the upload page.</p></div>`;
  return layout(ctx, {
    title: 'PicoShare - Files',
    current: 'files',
    body: html`
      <div class="page-head">
        <h1>Files</h1>
        ${view.entries.length ? html`<p class="page-meta">${view.entries.length} ${view.entries.length === 1 ? 'file' : 'files'}</p>` : ''}
      </div>
      ${body}`,
  });
}
