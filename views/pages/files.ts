import type { BundleSummary } from '../../src/domain/bundle.js';
import type { Entry } from '../../src/domain/entry.js';
import type { EntryLimitState } from '../../src/domain/entry-limits.js';
import type { ViewContext } from '../context.js';
import { dataTable, errorAlert, linkButton, pager, searchForm, wrappableName, type PagerView } from '../components.js';
import { bundleList } from './bundle-list.js';
import { formatDate, formatExpiration, formatSize } from '../format.js';
import { html } from '../html.js';
import { iconRef, iconSprite } from '../icons.js';
import { layout } from '../layout.js';
import { limitBadges } from '../limit-facts.js';

export interface FilesView {
  /** One page of the list, newest first. */
  entries: Entry[];
  /** Downloads of the files on this page, by ID (those with none are absent). */
  downloads: ReadonlyMap<string, number>;
  /** Where the page sits in the list, and links to the others. */
  paging: Omit<PagerView, 'shown' | 'noun'>;
  /** The filename search, when there is one. */
  query: string | undefined;
  now: Date;
  origin: string;
  /** The newest bundles (issue 17). */
  bundles?: BundleSummary[];
  /** Download limits and passphrases of the files on this page (issue 15). */
  limits?: Map<string, EntryLimitState>;
}

// Column order and the test-data-* attributes are what upstream's tests and
// users' scripts read (ui-contract.md): filename, note, size, uploaded,
// expires, actions; Downloads (upstream's too, issue 14) goes before the actions. Explicit roles keep the table a table for assistive
// technology when narrow screens lay rows out as cards.
// Cells are joined without the template's indentation: at 100 rows a page,
// whitespace was a tenth of it.
const downloadsLabel = (n: number): string => `${n.toLocaleString('en-US')} ${n === 1 ? 'download' : 'downloads'}: history`;

function row(entry: Entry, view: FilesView) {
  const shortLink = `${view.origin}/-${entry.id}`;
  const cells = [
    html`<td role="cell" class="cell-filename" test-data-id="filename"><a href="/-${entry.id}">${wrappableName(entry.filename)}</a>${limitBadges(view.limits?.get(entry.id))}</td>`,
    html`<td role="cell" class="cell-note" data-label="Note">${entry.note ? html`<span test-data-id="note" title="${entry.note}">${entry.note}</span>` : ''}</td>`,
    html`<td role="cell" class="cell-size" data-label="Size">${formatSize(entry.size)}</td>`,
    html`<td role="cell" class="cell-uploaded" data-label="Uploaded">${formatDate(entry.uploadTime)}</td>`,
    html`<td role="cell" class="cell-expires" data-label="Expires">${formatExpiration(entry.expirationTime, view.now)}</td>`,
    html`<td role="cell" class="cell-number cell-downloads" data-label="Downloads"><a href="/files/${entry.id}/downloads" aria-label="${downloadsLabel(view.downloads.get(entry.id) ?? 0)}">${(view.downloads.get(entry.id) ?? 0).toLocaleString('en-US')}</a></td>`,
    html`<td role="cell" class="cell-actions"><div class="row-actions">${[
      linkButton(`/files/${entry.id}/info`, 'Information', { icon: 'info', iconOnly: true, sprite: true }),
      linkButton(`/files/${entry.id}/edit`, 'Edit', { icon: 'edit', iconOnly: true, sprite: true }),
      html`<button type="button" class="button button-icon" aria-label="Copy" title="Copy link" data-copy="${shortLink}">${iconRef('copy')}</button>`,
      // In the last cell, so the columns stay where upstream's readers find them.
      html`<label class="checkbox select-file"><input type="checkbox" value="${entry.id}" aria-label="Select ${entry.filename}"></label>`,
    ]}</div></td>`,
  ];
  return html`<tr role="row" test-data-filename="${entry.filename}">${cells}</tr>
`;
}

function list(view: FilesView) {
  if (view.entries.length === 0) {
    return view.query === undefined
      ? html`<div class="empty-state card"><p>No files yet.</p><p><a href="/">Upload one</a>, or drop files on the upload page.</p></div>`
      : html`<p class="empty-state card">No file names contain “${view.query}”.</p>`;
  }
  return html`${iconSprite(['info', 'edit', 'copy'])}
    ${shareTogether}
    ${dataTable('files-table', ['Filename', 'Note', 'Size', 'Uploaded', 'Expires', 'Downloads', null], view.entries.map((e) => row(e, view)))}
    ${pager({ ...view.paging, shown: view.entries.length, noun: ['file', 'files'] })}`;
}

// Select files, then one link for them all (issue 17).
const shareTogether = html`<div class="share-together">
    <button type="button" class="button" id="share-together" disabled>Share together</button>
    <span class="hint" id="selected-count">Select files to share them behind one link.</span>
    ${errorAlert('share-error')}
  </div>`;

export function filesPage(ctx: ViewContext, view: FilesView) {
  const anyFiles = view.paging.total > 0 || view.query !== undefined;
  return layout(ctx, {
    title: 'PicoShare - Files',
    current: 'files',
    script: 'js/pages/files.js',
    body: html`
      <div class="page-head">
        <h1>Files</h1>
        ${anyFiles ? searchForm('/files', view.query, 'Search file names') : ''}
      </div>
      ${list(view)}
      ${bundleList(view.bundles ?? [])}`,
  });
}
