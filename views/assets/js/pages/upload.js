// The upload page (owner's `/`, guest's `/g/{id}`): every picked, dropped or
// pasted file becomes its own upload, with its own progress and links; one
// failing does not stop the others.
import { expirationAfterDays, localMidnight } from '../lib/dates.js';
import { formatBytes } from '../lib/format.js';
import { watchDrops, watchPastes } from '../upload/file-sources.js';
import { RateMeter } from '../upload/rate-meter.js';
import { sendFile } from '../upload/send-file.js';
import { UploadItem } from '../upload/upload-item.js';

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

const jobs = [];
const queue = [];
let running = 0;

select.addEventListener('change', () => {
  if (picker) picker.hidden = select.value !== 'custom';
});

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

function uploadUrl() {
  const base = guestLinkId ? `/api/guest/${encodeURIComponent(guestLinkId)}` : '/api/entry';
  const expiration = chosenExpiration();
  return expiration === null ? base : `${base}?expiration=${encodeURIComponent(expiration)}`;
}

const settled = (job) => job.state === 'done' || job.state === 'failed';

function updateTitle() {
  const active = jobs.filter((job) => job.state !== 'failed');
  const total = active.reduce((sum, job) => sum + job.total, 0);
  const loaded = active.reduce((sum, job) => sum + job.loaded, 0);
  document.title = `PicoShare ↑ ${total > 0 ? Math.floor((loaded / total) * 100) : 0}%`;
}

function updateSummary() {
  const done = jobs.filter((job) => job.state === 'done');
  const failed = jobs.filter((job) => job.state === 'failed');
  const finished = jobs.every(settled);
  actions.hidden = !finished;
  if (!finished) {
    result.dataset.state = 'working';
    summary.textContent = jobs.length === 1 ? 'Uploading…' : `Uploading ${jobs.length} files… ${done.length} done.`;
    return;
  }
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
  if (editButton && done.length === 1 && jobs.length === 1) {
    editButton.href = `/files/${done[0].id}/edit`;
    editButton.hidden = false;
  }
}

async function run(job) {
  running++;
  job.state = 'uploading';
  job.item.showProgress(0, job.total, 0);
  const meter = new RateMeter();
  const { done, cancel } = sendFile({
    url: job.url,
    file: job.file,
    fields: job.fields,
    onProgress: (loaded, total) => {
      job.loaded = loaded;
      job.total = total;
      job.item.showProgress(loaded, total, meter.update(loaded));
      updateTitle();
    },
  });
  job.abort = cancel;
  try {
    job.id = await done;
    job.loaded = job.total;
    job.state = 'done';
    job.item.succeed(job.id, job.file.name);
  } catch (err) {
    job.state = 'failed';
    job.item.fail(err.message);
  }
  running--;
  startQueued();
  updateSummary();
}

/** Stops one file: a queued one never starts, a running one is aborted (and fails as cancelled). */
function cancelJob(job) {
  if (job.state === 'uploading') {
    job.abort();
    return;
  }
  if (job.state !== 'waiting') return;
  queue.splice(queue.indexOf(job), 1);
  job.state = 'failed';
  job.item.fail('Upload cancelled.');
  updateSummary();
}

function startQueued() {
  while (running < PARALLEL_UPLOADS && queue.length > 0) void run(queue.shift());
}

function upload(files) {
  if (files.length === 0) return;
  let url;
  try {
    url = uploadUrl();
  } catch (err) {
    formError.querySelector('.alert-message').textContent = err.message;
    formError.hidden = false;
    return;
  }
  formError.hidden = true;
  const fields = note?.value ? { note: note.value } : {};
  if (maxDownloads?.value) fields.maxDownloads = maxDownloads.value;
  if (passphrase?.value) fields.passphrase = passphrase.value;
  form.hidden = true;
  result.hidden = false;
  for (const file of files) {
    const job = { file, url, fields, state: 'waiting', loaded: 0, total: file.size };
    job.item = new UploadItem(file, () => cancelJob(job));
    jobs.push(job);
    list.append(job.item.li);
    if (maxFileBytes !== null && file.size > maxFileBytes) {
      job.state = 'failed';
      job.item.fail(`This file is ${formatBytes(file.size)}; this guest link takes files up to ${formatBytes(maxFileBytes)}.`);
    } else {
      queue.push(job);
    }
  }
  startQueued();
  updateSummary();
}

const input = form.querySelector('.file-input');
input.addEventListener('change', () => {
  upload([...input.files]);
  input.value = '';
});
watchDrops(upload);
watchPastes(document.getElementById('pastebox'), upload);

document.getElementById('upload-another-btn').addEventListener('click', () => window.location.reload());

// Leaving mid-upload would cut the files off; the browser asks first.
window.addEventListener('beforeunload', (event) => {
  if (running > 0) event.preventDefault();
});
