import { html, type HtmlValue, type SafeHtml } from './html.js';
import { icon, type IconName } from './icons.js';

/** An error box; its text is set by a page script when `message` is absent. */
export const errorAlert = (id: string, message?: string): SafeHtml =>
  html`<div id="${id}" class="alert alert-error" role="alert"${message ? '' : html` hidden`}><p class="alert-message">${message ?? ''}</p></div>`;

/**
 * A link that looks and acts as a button: upstream's tests find "Edit",
 * "Information" and "Create new" by the role button, and they are links.
 */
export function linkButton(href: string, label: string, options: { className?: string; icon?: IconName; iconOnly?: boolean; back?: boolean } = {}): SafeHtml {
  const classes = ['button', options.className, options.iconOnly ? 'button-icon' : undefined].filter(Boolean).join(' ');
  const name = options.iconOnly ? html` aria-label="${label}" title="${label}"` : '';
  return html`<a class="${classes}" role="button" href="${href}"${name}${options.back ? html` data-back` : ''}>${options.icon ? icon(options.icon) : ''}${options.iconOnly ? '' : html`<span>${label}</span>`}</a>`;
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
