import { DAY_MS, INFINITE_LIFETIME_DAYS } from '../../src/domain/expiration.js';
import { formatGoDuration, INFINITE_LIFETIME_MS } from '../../src/domain/lifetime.js';
import type { ViewContext } from '../context.js';
import { errorAlert, linkButton } from '../components.js';
import { BUILT_IN_DAYS } from '../expiration-options.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

// No maxlength on #label: upstream's tests type 5000 characters and expect the
// server's "Invalid request: label too long" (picoshare.md §10.1). A counter
// shows the limit instead.
const LABELS: Record<number, string> = { 1: '1 day', 7: '7 days', 30: '30 days', 365: '1 year', [INFINITE_LIFETIME_DAYS]: 'Never' };

// URL expiry options carry days, turned into a date when the form is sent;
// file lifetimes are Go durations, as the API and upstream's option values are.
const urlOptions = BUILT_IN_DAYS.map(
  (days) => html`<option value="${days}"${days === INFINITE_LIFETIME_DAYS ? html` selected` : ''}>${LABELS[days]}</option>`,
);
const fileOptions = BUILT_IN_DAYS.map((days) => {
  const ms = days === INFINITE_LIFETIME_DAYS ? INFINITE_LIFETIME_MS : days * DAY_MS;
  return html`<option value="${formatGoDuration(ms)}"${days === INFINITE_LIFETIME_DAYS ? html` selected` : ''}>${LABELS[days]}</option>`;
});

// Limits a new link starts with, sized so that one forgotten link cannot fill
// the 3 GB volume of a 256 MB machine (issue 10); the owner can clear either
// for no limit. The API itself keeps upstream's default of none.
const DEFAULT_MAX_FILE_MB = 1024;
const DEFAULT_MAX_FILES = 10;

export function guestLinkNewPage(ctx: ViewContext) {
  return layout(ctx, {
    title: 'PicoShare - New Guest Link',
    script: 'js/pages/guest-link-new.js',
    current: 'guest-links',
    body: html`
      <div class="narrow">
        <h1>New guest link</h1>
        <form id="guest-link-form" class="card form">
          <div class="field">
            <label for="label">Label <span class="optional">(optional)</span></label>
            <input type="text" id="label" autocomplete="off" placeholder="For Jane's tax documents" aria-describedby="label-hint">
            <p class="hint field-hint" id="label-hint"><span>Only you see the label; guests never do.</span>
              <span class="char-count" data-limit="200" data-for="label">Up to 200 characters</span></p>
          </div>
          <div class="field-row">
            <div class="field">
              <label for="expiration-select">Link expires</label>
              <select id="expiration-select">${urlOptions}</select>
            </div>
            <div class="field">
              <label for="file-expiration-select">Files expire</label>
              <select id="file-expiration-select">${fileOptions}</select>
            </div>
          </div>
          <div class="field-row">
            <div class="field">
              <label for="max-file-size">Max file size <span class="optional">(MiB)</span></label>
              <input type="number" id="max-file-size" min="0.01" step="any" inputmode="decimal" placeholder="Unlimited" value="${DEFAULT_MAX_FILE_MB}" aria-describedby="limits-hint">
            </div>
            <div class="field">
              <label for="file-upload-limit">Max number of files</label>
              <input type="number" id="file-upload-limit" min="1" step="1" inputmode="numeric" placeholder="Unlimited" value="${DEFAULT_MAX_FILES}" aria-describedby="limits-hint">
            </div>
          </div>
          <div class="field">
            <label for="file-max-downloads">Downloads per file <span class="optional">(optional)</span></label>
            <input type="number" id="file-max-downloads" min="1" max="1000" step="1" inputmode="numeric" placeholder="Unlimited" aria-describedby="limits-hint">
          </div>
          <p class="hint" id="limits-hint">Clear a limit to allow any size or number of files. A download limit applies to every file guests upload.</p>
          ${errorAlert('form-error')}
          <div class="actions">
            <button type="submit" class="button button-primary">Create</button>
            ${linkButton('/guest-links', 'Cancel', { back: true })}
          </div>
        </form>
      </div>`,
  });
}
