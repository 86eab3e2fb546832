// Saves a file's new name, expiration, note, download limit and passphrase
// through PUT /api/entry/{id}.
import { callApi } from '../lib/api.js';
import { localMidnight } from '../lib/dates.js';
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

expires.addEventListener('change', () => {
  date.disabled = !expires.checked;
});

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
    window.location.assign('/files');
  } catch (err) {
    showError(error, err.message);
    button.disabled = false;
  }
});
