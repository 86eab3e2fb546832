import { escapeHtml, html, trusted, type HtmlValue, type SafeHtml } from './html.js';
import { icon, iconRef, type IconName } from './icons.js';

/** An error box; its text is set by a page script when `message` is absent. */
export const errorAlert = (id: string, message?: string): SafeHtml =>
  html`<div id="${id}" class="alert alert-error" role="alert"${message ? '' : html` hidden`}><p class="alert-message">${message ?? ''}</p></div>`;

/**
 * A link that looks and acts as a button: upstream's tests find "Edit",
 * "Information" and "Create new" by the role button, and they are links.
 */
export function linkButton(
  href: string,
  label: string,
  options: { className?: string; icon?: IconName; iconOnly?: boolean; back?: boolean; sprite?: boolean } = {},
): SafeHtml {
  const classes = ['button', options.className, options.iconOnly ? 'button-icon' : undefined].filter(Boolean).join(' ');
  const name = options.iconOnly ? html` aria-label="${label}" title="${label}"` : '';
  return html`<a class="${classes}" role="button" href="${href}"${name}${options.back ? html` data-back` : ''}>${options.icon ? (options.sprite ? iconRef(options.icon) : icon(options.icon)) : ''}${options.iconOnly ? '' : html`<span>${label}</span>`}</a>`;
}

/** A date input wrapped as upstream's expiration picker (`#expiration-picker #expiration`). */
export function expirationPicker(options: { value: string; min: string; hidden?: boolean; disabled?: boolean; label: string }): SafeHtml {
  return html`<div id="expiration-picker" class="expiration-picker"${options.hidden ? html` hidden` : ''}>
    <label for="expiration">${options.label}</label>
    <input type="date" id="expiration" value="${options.value}" min="${options.min}" required${options.disabled ? html` disabled` : ''}>
  </div>`;
}

/** A labelled fact on the information pages: `<section><h2>…</h2><p class="value">…</p></section>`. */
export const fact = (heading: string, value: HtmlValue, className = ''): SafeHtml =>
  html`<section class="fact ${className}"><h2>${heading}</h2><p class="value">${value}</p></section>`;

/**
 * A list table with the explicit ARIA roles upstream's tests query by
 * (ui-contract.md); a `null` heading is an actions column, named for screen
 * readers only. On phones each row becomes a card labelled by its cells' `data-label`.
 */
export const dataTable = (className: string, headings: readonly (string | null)[], rows: HtmlValue): SafeHtml =>
  html`<div class="table-container">
      <table role="table" class="table ${className}">
        <thead role="rowgroup"><tr role="row">
          ${headings.map((h) => html`<th role="columnheader" scope="col">${h ?? html`<span class="visually-hidden">Actions</span>`}</th>`)}
        </tr></thead>
        <tbody role="rowgroup">${rows}</tbody>
      </table>
    </div>`;

const count = (n: number): string => n.toLocaleString('en-US');

export interface PagerView {
  /** Rows before this page, rows on it and rows in all. */
  offset: number;
  shown: number;
  total: number;
  /** `['file', 'files']`. */
  noun: readonly [string, string];
  /** The first page's URL, absent on the first page; the next one's, absent on the last. */
  firstHref?: string | undefined;
  nextHref?: string | undefined;
}

/** "1–100 of 50,000 files" and links to the first and next pages (lists are paged by key: issue 10). */
export function pager(view: PagerView): SafeHtml {
  const noun = view.total === 1 ? view.noun[0] : view.noun[1];
  const range = view.shown === 0 ? `0 of ${count(view.total)}` : `${count(view.offset + 1)}–${count(view.offset + view.shown)} of ${count(view.total)}`;
  const links = [
    view.firstHref && html`<a class="button" href="${view.firstHref}">First page</a>`,
    view.nextHref && html`<a class="button" rel="next" href="${view.nextHref}">Next page</a>`,
  ].filter(Boolean);
  return html`<nav class="pager" aria-label="Pages">
      <p class="pager-count">${range} ${noun}</p>
      ${links.length ? html`<div class="pager-links">${links}</div>` : ''}
    </nav>`;
}

/** A GET form that filters a list by `?q=`. */
export function searchForm(action: string, query: string | undefined, label: string): SafeHtml {
  return html`<form class="search-form" role="search" method="get" action="${action}">
      <label class="visually-hidden" for="search">${label}</label>
      <input type="search" id="search" name="q" value="${query ?? ''}" placeholder="${label}" maxlength="255" autocomplete="off">
      <button type="submit" class="button">Search</button>
      ${query ? html`<a class="button" href="${action}">Clear</a>` : ''}
    </form>`;
}

/**
 * A file name that may wrap after `_` and `.` too, as it does at spaces and
 * hyphens, so that `IMG_20240101_093000.jpg` breaks between its parts rather
 * than mid-word on a phone (issue 14); `overflow-wrap` in the stylesheets is
 * only the last resort. <wbr> adds no text: the name reads and copies the same.
 */
export const wrappableName = (name: string): SafeHtml =>
  trusted(name.split(/(?<=[_.])(?=.)/).map(escapeHtml).join('<wbr>'));
