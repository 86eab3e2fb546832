import type { Entry } from '../../src/domain/entry.js';
import { DAY_MS, isNever } from '../../src/domain/expiration.js';
import { formatTimestamp } from '../../src/domain/time.js';
import type { ViewContext } from '../context.js';
import { errorAlert, expirationPicker, linkButton } from '../components.js';
import { formatDate, formatExpiration } from '../format.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

export interface FileEditView {
  entry: Entry;
  now: Date;
}

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
          ${expirationPicker({ label: 'Expires on', value: formatDate(date), min: formatDate(new Date(now.getTime() + DAY_MS)), disabled: !expires })}
          <p class="hint" id="expiration-summary" aria-live="polite">Expires: ${expires ? formatExpiration(date, now) : 'Never'}</p>
        </div>
        <div class="field">
          <label for="note">Note <span class="optional">(optional)</span></label>
          <textarea id="note" name="note" rows="2" maxlength="500" placeholder="For Joe at ExampleCo" autocomplete="off">
${entry.note ?? ''}</textarea>
          <p class="hint">Only you can see the note.</p>
        </div>
        ${errorAlert('form-error')}
        <div class="actions">
          <button type="submit" class="button button-primary">Save</button>
          ${linkButton('/files', 'Cancel', { back: true })}
          ${linkButton(`/files/${entry.id}/confirm-delete`, 'Delete', { className: 'button-danger push-end', icon: 'trash' })}
        </div>
      </form>`,
  });
}
