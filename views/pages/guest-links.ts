import { isGuestLinkActive } from '../../src/domain/guest-link.js';
import { lifetimeName } from '../../src/domain/lifetime.js';
import type { GuestLinkWithUsage } from '../../src/store/guest-links.js';
import type { ViewContext } from '../context.js';
import { dataTable, linkButton } from '../components.js';
import { formatDate, formatExpiration, formatSize } from '../format.js';
import { html } from '../html.js';
import { icon } from '../icons.js';
import { layout } from '../layout.js';

export interface GuestLinksView {
  links: GuestLinkWithUsage[];
  now: Date;
  origin: string;
}

const labelText = (label: string) => (label ? html`${label}` : html`<i>unnamed</i>`);

// The label cell comes first and the file lifetime at index 4 (ui-contract.md).
function row({ link, filesUploaded }: GuestLinkWithUsage, view: GuestLinksView) {
  const active = isGuestLinkActive(link, filesUploaded, view.now);
  const label = active ? html`<a href="/g/${link.id}">${labelText(link.label)}</a>` : html`<span>${labelText(link.label)}</span>`;
  // Both icons are there; the stylesheet shows the one for the current action.
  const action = link.isDisabled ? 'Enable' : 'Disable';
  const toggle = html`<button type="button" class="button button-icon toggle-btn" aria-label="${action}" title="${action}" data-action="${action.toLowerCase()}">${icon('pause')}${icon('play')}</button>`;
  return html`<tr role="row" class="${active ? '' : 'inactive'}" data-link-id="${link.id}">
      <td role="cell" class="cell-label">${label}</td>
      <td role="cell" data-label="Created">${formatDate(link.creationTime)}</td>
      <td role="cell" data-label="Link expires">${formatExpiration(link.urlExpiration, view.now)}</td>
      <td role="cell" data-label="Uploads">${filesUploaded} / ${link.maxFileUploads ?? 'Unlimited'}</td>
      <td role="cell" data-label="File expiration">${lifetimeName(link.fileLifetimeMs)}</td>
      <td role="cell" data-label="Max file size">${link.maxFileBytes === null ? 'Unlimited' : formatSize(link.maxFileBytes)}</td>
      <td role="cell" class="cell-actions"><div class="row-actions">
        <button type="button" class="button button-icon copy-btn" aria-label="Copy" title="Copy link" data-copy="${view.origin}/g/${link.id}">${icon('copy')}</button>
        ${toggle}
        <button type="button" class="button button-icon button-danger-quiet" aria-label="Delete" title="Delete" data-action="delete">${icon('trash')}</button>
      </div></td>
    </tr>`;
}

/** The owner's guest links (picoshare.md §4.5). */
export function guestLinksPage(ctx: ViewContext, view: GuestLinksView) {
  const table = view.links.length
    ? dataTable(
        'guest-links-table',
        ['Label', 'Created', 'Link expires', 'Uploads', 'File expiration', 'Max file size', null],
        view.links.map((l) => row(l, view)),
      )
    : html`<p class="empty-state card">No guest links yet.</p>`;
  return layout(ctx, {
    title: 'PicoShare - Guest Links',
    script: 'js/pages/guest-links.js',
    current: 'guest-links',
    body: html`
      <div class="page-head">
        <h1>Guest Links</h1>
        ${linkButton('/guest-links/new', 'Create new', { className: 'button-primary', icon: 'plus' })}
      </div>
      <p class="lead">A guest link lets someone upload files to you without logging in. Send one to anyone
        who needs an easy way to share a file with you; you decide how long it works and how much it takes.</p>
      ${table}`,
  });
}
