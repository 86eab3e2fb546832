import type { Entry } from '../../src/domain/entry.js';
import { MAX_DOWNLOADS_LIMIT, type EntryLimitState } from '../../src/domain/entry-limits.js';
import { DAY_MS, isNever } from '../../src/domain/expiration.js';
import { formatTimestamp } from '../../src/domain/time.js';
import type { ViewContext } from '../context.js';
import { errorAlert, expirationPicker, linkButton } from '../components.js';
import { formatDate, formatExpiration } from '../format.js';
import { html } from '../html.js';
import { layout } from '../layout.js';
import { limitText, NO_LIMITS } from '../limit-facts.js';

export interface FileEditView {
  entry: Entry;
  now: Date;
  limits?: EntryLimitState | undefined;
}

/** Ours (issue 15): the limit and the passphrase, which is never shown back. */
function limitFields(limits: EntryLimitState) {
  return html`<div class="field">
      <label for="max-downloads">Download limit <span class="optional">(optional)</span></label>
      <input type="number" id="max-downloads" min="1" max="${MAX_DOWNLOADS_LIMIT}" step="1" inputmode="numeric" placeholder="Unlimited"
        value="${limits.maxDownloads ?? ''}" autocomplete="off">
      <p class="hint" id="downloads-left">Now: ${limitText(limits)}. Empty means unlimited.</p>
    </div>
    <div class="field">
      <label for="file-passphrase">${limits.passphraseProtected ? 'New passphrase' : 'Passphrase'} <span class="optional">(optional)</span></label>
      <input type="password" id="file-passphrase" maxlength="256" autocomplete="new-password"
        placeholder="${limits.passphraseProtected ? 'Unchanged' : 'None'}">
      ${limits.passphraseProtected
        ? html`<label class="checkbox"><input type="checkbox" id="remove-passphrase"> Remove the passphrase</label>`
        : html`<p class="hint">Anyone downloading the file must type it.</p>`}
    </div>`;
}

// A file due within a day (lifetimes start at 5 minutes, issue 15) keeps its
// own date valid, so the form can still be saved without moving it.
const minDate = (date: Date, now: Date) => new Date(Math.min(date.getTime(), now.getTime() + DAY_MS));

// A file that never expires gets this date offered when expiry is switched on.
const DEFAULT_DAYS = 30;

/** Filename, expiry and note of one file (picoshare.md §5.5). */
export function fileEditPage(ctx: ViewContext, view: FileEditView) {
  const { entry, now } = view;
  const expires = entry.expirationTime !== null && !isNever(entry.expirationTime);
  const date = expires ? entry.expirationTime! : new Date(now.getTime() + DEFAULT_DAYS * DAY_MS);
  return layout(ctx, {
    title: 'PicoShare - Edit',
    script: 'js/pages/file-edit.js',
    current: 'files',
    body: html`
      <h1>Edit file</h1>
      <form id="edit-form" class="card form" data-entry-id="${entry.id}"
        data-original-date="${expires ? formatDate(date) : ''}" data-original-expiration="${expires ? formatTimestamp(date) : ''}">
        <div class="field">
          <label for="filename">Filename</label>
          <input type="text" id="filename" name="filename" value="${entry.filename}" required autocomplete="off" spellcheck="false">
        </div>
        <div class="field">
          <label class="checkbox"><input type="checkbox" id="expire-checkbox"${expires ? html` checked` : ''}> Delete after expiration</label>
          ${expirationPicker({ label: 'Expires on', value: formatDate(date), min: formatDate(minDate(date, now)), disabled: !expires })}
          <p class="hint" id="expiration-summary" aria-live="polite">Expires: ${expires ? formatExpiration(date, now) : 'Never'}</p>
        </div>
        <div class="field">
          <label for="note">Note <span class="optional">(optional)</span></label>
          <textarea id="note" name="note" rows="2" maxlength="500" placeholder="For Joe at ExampleCo" autocomplete="off">
${entry.note ?? ''}</textarea>
          <p class="hint">Only you can see the note.</p>
        </div>
        ${limitFields(view.limits ?? NO_LIMITS)}
        ${errorAlert('form-error')}
        <div class="actions">
          <button type="submit" class="button button-primary">Save</button>
          ${linkButton('/files', 'Cancel', { back: true })}
          ${linkButton(`/files/${entry.id}/confirm-delete`, 'Delete', { className: 'button-danger push-end', icon: 'trash' })}
        </div>
      </form>`,
  });
}
