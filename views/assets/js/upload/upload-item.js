// One file's row in the upload list: name, progress, then its links or what went wrong.
import { element } from '../lib/dom.js';
import { formatBytes, formatDuration } from '../lib/format.js';
import '../components/upload-links.js';

export class UploadItem {
  /** `onCancel` runs when the person gives up on this file; `onPause(paused)` when they pause or resume it. */
  constructor(file, onCancel, onPause) {
    this.cancel = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Cancel upload of ${file.name}` }, 'Cancel');
    this.cancel.addEventListener('click', onCancel);
    this.pause = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Pause upload of ${file.name}`, hidden: '' }, 'Pause');
    this.pause.addEventListener('click', () => {
      const paused = this.li.dataset.state !== 'paused';
      this.pause.textContent = paused ? 'Resume' : 'Pause';
      this.pause.setAttribute('aria-label', `${paused ? 'Resume' : 'Pause'} upload of ${file.name}`);
      if (paused) this.showNotice('paused', 'Paused.');
      onPause(paused);
    });
    const head = element(
      'div',
      { class: 'upload-item-head' },
      element('span', { class: 'upload-name' }, file.name),
      element('span', { class: 'upload-size' }, formatBytes(file.size)),
      this.pause,
      this.cancel,
    );
    this.progress = element('progress', { class: 'upload-progress', max: '100', value: '0', 'aria-label': `Upload of ${file.name}` });
    this.status = element('p', { class: 'upload-status' }, 'Waiting…');
    this.li = element('li', { class: 'upload-item', 'data-state': 'waiting' }, head, this.progress, this.status);
  }

  /** Shows bytes sent, speed and time left. */
  showProgress(loaded, total, bytesPerSecond) {
    if (this.li.dataset.state === 'paused') return;
    this.li.dataset.state = 'uploading';
    this.pause.hidden = false;
    const percent = total > 0 ? Math.floor((loaded / total) * 100) : 0;
    this.progress.value = percent;
    const parts = [`${percent}%`, `${formatBytes(loaded)} of ${formatBytes(total)}`];
    if (bytesPerSecond > 0 && loaded < total) {
      parts.push(`${formatBytes(bytesPerSecond)}/s`, `${formatDuration((total - loaded) / bytesPerSecond)} left`);
    }
    this.status.textContent = parts.join(' · ');
  }

  /** A line instead of the progress figures: "connection lost, retrying in 3 s", "Paused.". */
  showNotice(state, text) {
    this.li.dataset.state = state;
    this.status.textContent = text;
  }

  succeed(id, filename) {
    this.li.dataset.state = 'done';
    this.pause.remove();
    this.cancel.remove();
    this.progress.remove();
    this.status.remove();
    this.li.append(element('upload-links', { 'file-id': id, filename }));
  }

  fail(message) {
    this.li.dataset.state = 'failed';
    this.pause.remove();
    this.cancel.remove();
    this.progress.remove();
    this.status.textContent = message;
    this.status.className = 'upload-status upload-error';
    this.status.setAttribute('role', 'alert');
  }
}
