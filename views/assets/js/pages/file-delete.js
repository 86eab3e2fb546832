// Deletes the file for good, then shows the file list.
import { callApi } from '../lib/api.js';
import { flashOnNextPage } from '../lib/flash.js';
import { showError } from '../lib/form-error.js';

const button = document.getElementById('delete-btn');
button.addEventListener('click', async () => {
  button.disabled = true;
  try {
    await callApi('DELETE', `/api/entry/${encodeURIComponent(button.dataset.entryId)}`);
    flashOnNextPage(button.dataset.filename ? `Deleted ${button.dataset.filename}.` : 'File deleted.');
    window.location.assign('/files');
  } catch (err) {
    showError(document.getElementById('form-error'), err.message);
    button.disabled = false;
  }
});
