import { DAY_MS } from '../../src/domain/expiration.js';
import type { ViewContext } from '../context.js';
import { errorAlert, expirationPicker } from '../components.js';
import type { ExpirationOption } from '../expiration-options.js';
import { formatDate, formatSize } from '../format.js';
import { html } from '../html.js';
import { icon } from '../icons.js';
import { layout } from '../layout.js';

export interface GuestUploadView {
  linkId: string;
  maxFileBytes: number | null;
}

export interface UploadView {
  options: ExpirationOption[];
  now: Date;
  /** Present on a guest link's page: no note, no custom date, no Edit button. */
  guest?: GuestUploadView;
  /** The most bytes one request of a resumable upload carries (PS_UPLOAD_REQUEST_SIZE). */
  requestBytes?: number;
}

// A new custom date starts a month out, as upstream's picker does.
const CUSTOM_DEFAULT_DAYS = 30;

function expirationField(view: UploadView) {
  const tomorrow = new Date(view.now.getTime() + DAY_MS);
  const options = view.options.map(
    (o, i) =>
      html`<option value="${o.days}"${o.selected ? html` selected` : ''}${view.guest && i === view.options.length - 1 ? html` data-link-max` : ''}>${o.label}</option>`,
  );
  return html`<div class="field expiration-container">
      <label for="expiration-select">Expiration</label>
      <select id="expiration-select" autocomplete="off">${options}${view.guest ? '' : html`<option value="custom">Custom</option>`}</select>
      ${view.guest
        ? ''
        : expirationPicker({
            label: 'Expires on',
            value: formatDate(new Date(view.now.getTime() + CUSTOM_DEFAULT_DAYS * DAY_MS)),
            min: formatDate(tomorrow),
            hidden: true,
          })}
    </div>`;
}

const noteField = html`<div class="field">
    <label for="note">Note <span class="optional">(optional)</span></label>
    <input type="text" id="note" maxlength="500" placeholder="For Joe at ExampleCo" autocomplete="off">
    <p class="hint">Only you can see the note.</p>
  </div>`;

// Several files at once get one bundle link too, unless unticked (issue 17).
const oneLinkField = html`<div class="field">
    <label class="checkbox"><input type="checkbox" id="one-link" checked> One link for all</label>
    <p class="hint">When you upload several files, also get one link to all of them.</p>
  </div>`;

// Ours (issue 15): both optional; a guest link's own default limit applies
// (and caps this one) on the server.
const limitFields = html`<div class="field">
    <label for="max-downloads">Download limit <span class="optional">(optional)</span></label>
    <input type="number" id="max-downloads" min="1" max="1000" step="1" inputmode="numeric" placeholder="Unlimited" autocomplete="off">
    <p class="hint">Whole downloads allowed; the link stops working after them.</p>
  </div>
  <div class="field">
    <label for="file-passphrase">Passphrase <span class="optional">(optional)</span></label>
    <input type="password" id="file-passphrase" maxlength="256" autocomplete="new-password">
    <p class="hint">Anyone downloading the file must type it.</p>
  </div>`;

/** The owner's `/` and a guest's `/g/{id}`: pick, drop or paste files (ui-contract.md). */
export function uploadPage(ctx: ViewContext, view: UploadView) {
  const guest = view.guest;
  const data = guest
    ? html` data-guest-link-id="${guest.linkId}"${guest.maxFileBytes === null ? '' : html` data-max-file-bytes="${guest.maxFileBytes}"`}`
    : '';
  const request = view.requestBytes === undefined ? '' : html` data-request-bytes="${view.requestBytes}"`;
  return layout(ctx, {
    title: 'PicoShare - Upload',
    script: 'js/pages/upload.js',
    current: 'upload',
    body: html`
      <h1>Upload</h1>
      ${guest ? html`<p class="lead">You have been invited to upload files here. The person who sent you this link will see them;
        anyone you give the links shown after the upload can download them too.</p>` : ''}
      <div id="upload-form" class="upload-form"${data}${request}>
        <div class="file drop-zone">
          <label class="file-label">
            <input class="file-input" type="file" name="file" multiple>
            <span class="file-cta">${icon('upload')}<span class="file-cta-text"><strong>Choose files</strong> <span class="file-cta-hint">or drop them anywhere on this page</span></span></span>
          </label>
        </div>
        <textarea id="pastebox" class="pastebox" rows="1" placeholder="…or paste text or an image here" aria-label="Paste text or an image to upload it" spellcheck="false"></textarea>
        ${guest?.maxFileBytes ? html`<p class="hint">Each file may be up to ${formatSize(guest.maxFileBytes)}.</p>` : ''}
        <div class="upload-options">
          ${expirationField(view)}
          ${guest ? '' : noteField}
          ${oneLinkField}
          ${limitFields}
        </div>
        ${errorAlert('upload-error')}
      </div>
      <section id="upload-result" class="upload-result" hidden>
        <div class="message" role="status" tabindex="-1"><p class="message-body">Uploading…</p></div>
        <div id="bundle-result" class="bundle-result" hidden></div>
        <ul id="result-links" class="upload-list"></ul>
        <div class="actions">
          ${guest ? '' : html`<a id="edit-btn" class="button" role="button" href="/files" hidden>${icon('edit')}<span>Edit</span></a>`}
          <button type="button" id="upload-another-btn" class="button button-primary">Upload Another</button>
        </div>
      </section>
      <div class="drop-overlay" aria-hidden="true"><p>${icon('upload')}<span>Drop files to upload them</span></p></div>`,
  });
}
