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

// The label's limit is 200 bytes (an accented letter takes two, an emoji four);
// the counter says how much is used once it matters.
const label = document.getElementById('label');
const counter = document.querySelector('.char-count[data-for="label"]');
const LABEL_LIMIT = Number(counter.dataset.limit);
const utf8Length = (text) => new TextEncoder().encode(text).length;
// The server's words for the same refusal, which upstream's tests look for.
const LABEL_TOO_LONG = 'Invalid request: label too long';
label.addEventListener('input', () => {
  const used = utf8Length(label.value);
  label.setAttribute('aria-invalid', String(used > LABEL_LIMIT));
  counter.classList.toggle('over', used > LABEL_LIMIT);
  counter.textContent = used > LABEL_LIMIT ? `Too long: ${used} / ${LABEL_LIMIT}` : used >= LABEL_LIMIT * 0.75 ? `${used} / ${LABEL_LIMIT}` : `Up to ${LABEL_LIMIT} characters`;
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  hideError(error);
  // Refused here rather than sent (issue 14), in the server's own words.
  if (utf8Length(label.value) > LABEL_LIMIT) {
    showError(error, LABEL_TOO_LONG);
    label.focus();
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  const megabytes = optionalCount('max-file-size');
  try {
    await callApi('POST', '/api/guest-links', {
      label: label.value,
      urlExpirationTime: expirationAfterDays(Number(document.getElementById('expiration-select').value)),
      fileLifetime: document.getElementById('file-expiration-select').value,
      maxFileBytes: megabytes === null ? null : Math.round(megabytes * MIB),
      maxFileUploads: optionalCount('file-upload-limit'),
      maxDownloads: optionalCount('file-max-downloads'),
    // This form shows the server's text whole: "Invalid request: label too
    // long" is what upstream's tests and users' scripts look for (ui-contract.md).
    }, { keepPrefix: true });
    window.location.assign('/guest-links');
  } catch (err) {
    showError(error, err.message);
    button.disabled = false;
  }
});
