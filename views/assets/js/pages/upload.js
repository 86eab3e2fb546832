// The upload page (owner's `/`, guest's `/g/{id}`): every picked, dropped or
// pasted file becomes its own upload, with its own progress and links; one
// failing does not stop the others.
import { expirationAfterDays, localMidnight } from '../lib/dates.js';
import { formatBytes } from '../lib/format.js';
import { bundleOnFinish } from '../upload/bundle-link.js';
import { watchDrops, watchPastes } from '../upload/file-sources.js';
import { UploadItem } from '../upload/upload-item.js';
import { UploadQueue } from '../upload/upload-queue.js';

// Two files travel at once: small files don't queue behind a big one, and the
// server's single writer is not flooded.
const PARALLEL_UPLOADS = 2;

const form = document.getElementById('upload-form');
const formError = document.getElementById('upload-error');
const result = document.getElementById('upload-result');
const list = document.getElementById('result-links');
const summary = result.querySelector('.message-body');
const actions = result.querySelector('.actions');
const editButton = document.getElementById('edit-btn');
const select = document.getElementById('expiration-select');
const picker = document.getElementById('expiration-picker');
const dateInput = document.getElementById('expiration');
const note = document.getElementById('note');
const maxDownloads = document.getElementById('max-downloads');
const passphrase = document.getElementById('file-passphrase');
const guestLinkId = form.dataset.guestLinkId;
const maxFileBytes = form.dataset.maxFileBytes ? Number(form.dataset.maxFileBytes) : null;
// Each request of a resumable upload stays under the proxy's body cap (PS_UPLOAD_REQUEST_SIZE).
const patchBytes = form.dataset.requestBytes ? Number(form.dataset.requestBytes) : undefined;
const bundleFinished = bundleOnFinish({ checkbox: document.getElementById('one-link'), container: document.getElementById('bundle-result'), guestLinkId });

const message = result.querySelector('.message');
const queue = new UploadQueue({ parallel: PARALLEL_UPLOADS, onChange: () => {
  updateTitle();
  updateSummary();
} });
// Files picked while the expiration was not valid (a past custom date): kept,
// and sent once it is, rather than thrown away.
let held = [];

function showPicker() {
  if (picker) picker.hidden = select.value !== 'custom';
}

/** The expiration to ask for; null lets the server apply the guest link's own limit. */
function chosenExpiration() {
  const option = select.selectedOptions[0];
  if (option.value === 'custom') {
    if (!dateInput.value || (dateInput.min && dateInput.value < dateInput.min)) {
      throw new Error('Choose an expiration date after today.');
    }
    return localMidnight(dateInput.value);
  }
  // The guest link's longest lifetime is measured on the server's clock, so a
  // browser clock running a little fast can't overshoot it.
  if (option.hasAttribute('data-link-max')) return null;
  return expirationAfterDays(Number(option.value));
}

// Every file goes as a resumable upload (issue 13); multipart stays for scripts.
const endpoint = guestLinkId ? `/api/guest/${encodeURIComponent(guestLinkId)}/tus` : '/api/tus';

/** The upload's metadata but the file's own: the expiration asked for, the note, the download limit and passphrase. */
function uploadMetadata() {
  const expiration = chosenExpiration();
  return {
    ...(expiration === null ? {} : { expiration }),
    ...(note?.value ? { note: note.value } : {}),
    ...(maxDownloads?.value ? { maxDownloads: maxDownloads.value } : {}),
    ...(passphrase?.value ? { passphrase: passphrase.value } : {}),
  };
}

function updateTitle() {
  const jobs = queue.jobs;
  const active = jobs.filter((job) => job.state !== 'failed');
  const total = active.reduce((sum, job) => sum + job.total, 0);
  const loaded = active.reduce((sum, job) => sum + job.loaded, 0);
  document.title = `PicoShare ↑ ${total > 0 ? Math.floor((loaded / total) * 100) : 0}%`;
}

function updateSummary() {
  const jobs = queue.jobs;
  const done = jobs.filter((job) => job.state === 'done');
  const failed = jobs.filter((job) => job.state === 'failed');
  const finished = queue.settled;
  actions.hidden = !finished;
  if (!finished) {
    result.dataset.state = 'working';
    summary.textContent = jobs.length === 1 ? 'Uploading…' : `Uploading ${jobs.length} files… ${done.length} done.`;
    return;
  }
  void bundleFinished(done.map((job) => job.id));
  if (failed.length === 0) {
    result.dataset.state = 'done';
    summary.textContent = 'Upload complete!';
    document.title = 'PicoShare - Complete';
  } else {
    result.dataset.state = done.length === 0 ? 'failed' : 'partial';
    summary.textContent =
      done.length === 0
        ? jobs.length === 1 ? 'Upload failed.' : 'All uploads failed.'
        : `${done.length} of ${jobs.length} files uploaded; ${failed.length} failed.`;
    document.title = 'PicoShare - Upload failed';
  }
  editButton?.toggleAttribute('hidden', !(done.length === 1 && jobs.length === 1));
  if (editButton && done.length === 1) editButton.href = `/files/${done[0].id}/edit`;
}

function showFormError(text) {
  formError.querySelector('.alert-message').textContent = text;
  formError.hidden = false;
}

function upload(files) {
  if (files.length === 0) return;
  let metadata;
  try {
    metadata = uploadMetadata();
  } catch (err) {
    held = files;
    showFormError(`${err.message} ${files.length === 1 ? 'Your file is' : 'Your files are'} kept and upload${files.length === 1 ? 's' : ''} once it is.`);
    return;
  }
  held = [];
  formError.hidden = true;
  const focusWasInForm = form.contains(document.activeElement);
  form.hidden = true;
  result.hidden = false;
  // The focused control just disappeared with the form: focus moves to what
  // replaced it, not to the top of the page.
  if (focusWasInForm || document.activeElement === document.body) message.focus();
  for (const file of files) {
    const item = new UploadItem(file, () => queue.cancel(job), (paused) => queue.pause(job, paused));
    list.append(item.li);
    const refusal = maxFileBytes !== null && file.size > maxFileBytes
      ? `This file is ${formatBytes(file.size)}; this guest link takes files up to ${formatBytes(maxFileBytes)}.`
      : null;
    const job = queue.add({ file, endpoint, metadata, patchBytes, item, refusal });
  }
  updateSummary();
}

/** A change of expiration: shows the date field for Custom, and sends held files once the date is valid. */
function expirationChanged() {
  showPicker();
  if (held.length > 0) upload(held);
}

const input = form.querySelector('.file-input');
function pickedFiles() {
  const files = [...input.files];
  input.value = '';
  upload(files);
}
input.addEventListener('change', pickedFiles);
select.addEventListener('change', expirationChanged);
dateInput?.addEventListener('change', expirationChanged);
watchDrops(upload);
watchPastes(document.getElementById('pastebox'), upload);

document.getElementById('upload-another-btn').addEventListener('click', () => window.location.reload());

// Leaving mid-upload would cut the files off; the browser asks first.
window.addEventListener('beforeunload', (event) => {
  if (queue.running > 0) event.preventDefault();
});

// What was done before this script ran (it is deferred) counts as if it ran
// from the start: an expiration already changed, files already picked (issue 14).
showPicker();
if (input.files.length > 0) pickedFiles();
document.documentElement.dataset.uploadReady = '';
performance.mark('upload-ready');
