// Saves a file's new name, expiration, note, download limit and passphrase
// through PUT /api/entry/{id}.
import { callApi } from '../lib/api.js';
import { localMidnight } from '../lib/dates.js';
import { flashOnNextPage } from '../lib/flash.js';
import { hideError, showError } from '../lib/form-error.js';

const form = document.getElementById('edit-form');
const expires = document.getElementById('expire-checkbox');
const date = document.getElementById('expiration');
const error = document.getElementById('form-error');
const maxDownloads = document.getElementById('max-downloads');
const passphrase = document.getElementById('file-passphrase');
const removePassphrase = document.getElementById('remove-passphrase');

/** null removes the passphrase; undefined (left out of the JSON) keeps it. */
function passphraseChange() {
  if (removePassphrase?.checked) return null;
  return passphrase.value === '' ? undefined : passphrase.value;
}

// The date input shows the browser's locale; every other page shows ISO
// dates, so the choice is repeated here as they do (views/format.ts).
const summary = document.getElementById('expiration-summary');
const DAY_MS = 24 * 60 * 60 * 1000;
function summarize() {
  if (!expires.checked || !date.value) {
    summary.textContent = 'Expires: Never';
    return;
  }
  const [year, month, day] = date.value.split('-').map(Number);
  const today = new Date();
  const days = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())) / DAY_MS);
  summary.textContent = `Expires: ${date.value} (${days} ${Math.abs(days) === 1 ? 'day' : 'days'})`;
}

expires.addEventListener('change', () => {
  date.disabled = !expires.checked;
  summarize();
});
date.addEventListener('input', summarize);

/** No expiration means never; an unchanged date keeps the exact original time. */
function expiration() {
  if (!expires.checked) return undefined;
  if (date.value === form.dataset.originalDate) return form.dataset.originalExpiration;
  return localMidnight(date.value);
}

// The note is a text area, where Enter starts a new line: Ctrl+Enter (⌘+Enter) saves.
document.getElementById('note').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  hideError(error);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await callApi('PUT', `/api/entry/${encodeURIComponent(form.dataset.entryId)}`, {
      filename: document.getElementById('filename').value,
      expiration: expiration(),
      note: document.getElementById('note').value,
      maxDownloads: maxDownloads.value === '' ? null : Number(maxDownloads.value),
      passphrase: passphraseChange(),
    });
    flashOnNextPage(`Saved the changes to ${document.getElementById('filename').value}.`);
    window.location.assign('/files');
  } catch (err) {
    showError(error, err.message);
    button.disabled = false;
  }
});
