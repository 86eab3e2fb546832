// Creates a guest link through POST /api/guest-links, then lists the links.
import { callApi } from '../lib/api.js';
import { expirationAfterDays } from '../lib/dates.js';
import { hideError, showError } from '../lib/form-error.js';

const MIB = 1024 * 1024;
const form = document.getElementById('guest-link-form');
const error = document.getElementById('form-error');

/** A whole number from an optional field; null when empty (no limit). */
function optionalCount(id) {
  const value = document.getElementById(id).value.trim();
  return value === '' ? null : Number(value);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  hideError(error);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  const megabytes = optionalCount('max-file-size');
  try {
    await callApi('POST', '/api/guest-links', {
      label: document.getElementById('label').value,
      urlExpirationTime: expirationAfterDays(Number(document.getElementById('expiration-select').value)),
      fileLifetime: document.getElementById('file-expiration-select').value,
      maxFileBytes: megabytes === null ? null : Math.round(megabytes * MIB),
      maxFileUploads: optionalCount('file-upload-limit'),
    });
    window.location.assign('/guest-links');
  } catch (err) {
    showError(error, err.message);
    button.disabled = false;
  }
});
