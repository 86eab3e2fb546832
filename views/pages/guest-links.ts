import { isGuestLinkActive } from '../../src/domain/guest-link.js';
import { lifetimeName } from '../../src/domain/lifetime.js';
import type { GuestLinkWithUsage } from '../../src/store/guest-links.js';
import type { ViewContext } from '../context.js';
import { dataTable, linkButton, pager, type PagerView } from '../components.js';
import { formatDate, formatExpiration, formatSize } from '../format.js';
import { html } from '../html.js';
import { iconRef, iconSprite } from '../icons.js';
import { layout } from '../layout.js';

export interface GuestLinksView {
  /** One page of the links, newest first. */
  links: GuestLinkWithUsage[];
  paging: Omit<PagerView, 'shown' | 'noun'>;
  now: Date;
  origin: string;
}

const labelText = (label: string) => (label ? html`${label}` : html`<i>unnamed</i>`);

type Status = 'disabled' | 'expired' | 'full';
const STATUS_TEXT: Record<Status, string> = { disabled: 'Disabled', expired: 'Expired', full: 'Limit reached' };

/** Why a link takes no uploads (picoshare.md §4.2); empty for an active link. */
function statuses({ link, filesUploaded }: GuestLinkWithUsage, now: Date): Status[] {
  const reasons: Status[] = [];
  if (link.isDisabled) reasons.push('disabled');
  if (link.urlExpiration.getTime() <= now.getTime()) reasons.push('expired');
  if (link.maxFileUploads !== null && filesUploaded >= link.maxFileUploads) reasons.push('full');
  return reasons;
}

/** `2026-11-24 (365 days)`: may wrap between the date and the days, never inside either. */
function unbroken(text: string) {
  const space = text.indexOf(' ');
  if (space < 0) return html`<span class="nowrap">${text}</span>`;
  return html`<span class="nowrap">${text.slice(0, space)}</span> <span class="nowrap">${text.slice(space + 1)}</span>`;
}

/**
 * A badge after the label and a space (which, unlike a margin, vanishes when
 * the badge wraps to a line of its own); the page script adds and removes the
 * Disabled one.
 */
const statusBadge = (status: Status) =>
  html`<span class="status-badge" data-status="${status}">${STATUS_TEXT[status]}</span>`;

// The label cell comes first and the file lifetime at index 4 (ui-contract.md).
// The label (link or span) stays the cell's first element: the page script swaps it.
function row(usage: GuestLinkWithUsage, view: GuestLinksView) {
  const { link, filesUploaded } = usage;
  const active = isGuestLinkActive(link, filesUploaded, view.now);
  const label = active ? html`<a href="/g/${link.id}">${labelText(link.label)}</a>` : html`<span>${labelText(link.label)}</span>`;
  // Both icons are there; the stylesheet shows the one for the current action.
  const action = link.isDisabled ? 'Enable' : 'Disable';
  const toggle = html`<button type="button" class="button button-icon toggle-btn" aria-label="${action}" title="${action}" data-action="${action.toLowerCase()}">${iconRef('pause')}${iconRef('play')}</button>`;
  return html`<tr role="row" class="${active ? '' : 'inactive'}" data-link-id="${link.id}">
      <td role="cell" class="cell-label">${label}${statuses(usage, view.now).map((s) => html` ${statusBadge(s)}`)}</td>
      <td role="cell" class="cell-date" data-label="Created">${formatDate(link.creationTime)}</td>
      <td role="cell" class="cell-expiry" data-label="Link expires">${unbroken(formatExpiration(link.urlExpiration, view.now))}</td>
      <td role="cell" class="cell-uploads" data-label="Uploads">${filesUploaded} / ${link.maxFileUploads ?? 'Unlimited'}</td>
      <td role="cell" class="cell-lifetime" data-label="File expiration">${lifetimeName(link.fileLifetimeMs)}</td>
      <td role="cell" class="cell-size" data-label="Max file size">${link.maxFileBytes === null ? 'Unlimited' : formatSize(link.maxFileBytes)}</td>
      <td role="cell" class="cell-actions"><div class="row-actions">
        <button type="button" class="button button-icon copy-btn" aria-label="Copy" title="Copy link" data-copy="${view.origin}/g/${link.id}">${iconRef('copy')}</button>
        ${toggle}
        <button type="button" class="button button-icon button-danger-quiet" aria-label="Delete" title="Delete" data-action="delete">${iconRef('trash')}</button>
      </div></td>
    </tr>`;
}

/** The owner's guest links (picoshare.md §4.5). */
export function guestLinksPage(ctx: ViewContext, view: GuestLinksView) {
  const table = view.links.length
    ? html`${iconSprite(['copy', 'pause', 'play', 'trash'])}${dataTable(
        'guest-links-table',
        ['Label', 'Created', 'Link expires', 'Uploads', 'File expiration', 'Max file size', null],
        view.links.map((l) => row(l, view)),
      )}${pager({ ...view.paging, shown: view.links.length, noun: ['guest link', 'guest links'] })}`
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
