// The files list: select files and share them behind one link (issue 17);
// copy or delete a bundle.
import { callApi } from '../lib/api.js';
import { copyText } from '../lib/clipboard.js';
import { showToast } from '../lib/toast.js';

const button = document.getElementById('share-together');
const count = document.getElementById('selected-count');
const error = document.getElementById('share-error');
const boxes = () => [...document.querySelectorAll('.select-file input:checked')];

document.addEventListener('change', (event) => {
  if (!event.target.closest?.('.select-file') || !button) return;
  const n = boxes().length;
  button.disabled = n === 0;
  count.textContent = n === 0 ? 'Select files to share them behind one link.' : `${n} selected.`;
});

button?.addEventListener('click', async () => {
  button.disabled = true;
  error.hidden = true;
  try {
    const response = await callApi('POST', '/api/bundles', { entryIds: boxes().map((box) => box.value) });
    const { id } = await response.json();
    window.location.assign(`/b/${id}`);
  } catch (err) {
    error.querySelector('.alert-message').textContent = err.message;
    error.hidden = false;
    button.disabled = false;
  }
});

document.addEventListener('click', async (event) => {
  const copy = event.target.closest?.('[data-copy-bundle]');
  if (copy) {
    try {
      await copyText(new URL(copy.dataset.copyBundle, window.location.origin).href);
      showToast('Copied link');
    } catch (err) {
      showToast(`Could not copy the link: ${err.message}`, { error: true });
    }
    return;
  }
  const remove = event.target.closest?.('[data-delete-bundle]');
  if (!remove) return;
  try {
    await callApi('DELETE', `/api/bundle/${encodeURIComponent(remove.dataset.deleteBundle)}`);
    remove.closest('tr').remove();
    showToast('Bundle deleted; its files are kept');
  } catch (err) {
    showToast(err.message, { error: true });
  }
});
