// One file's row in the upload list: name, progress, then its links or what went wrong.
import { element } from '../lib/dom.js';
import { formatBytes, formatDuration } from '../lib/format.js';
import '../components/upload-links.js';

export class UploadItem {
  /** `onCancel` runs when the person gives up on this file. */
  constructor(file, onCancel) {
    this.cancel = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Cancel upload of ${file.name}` }, 'Cancel');
    this.cancel.addEventListener('click', onCancel);
    const head = element(
      'div',
      { class: 'upload-item-head' },
      element('span', { class: 'upload-name' }, file.name),
      element('span', { class: 'upload-size' }, formatBytes(file.size)),
      this.cancel,
    );
    this.progress = element('progress', { class: 'upload-progress', max: '100', value: '0', 'aria-label': `Upload of ${file.name}` });
    this.status = element('p', { class: 'upload-status' }, 'Waiting…');
    this.li = element('li', { class: 'upload-item', 'data-state': 'waiting' }, head, this.progress, this.status);
  }

  /** Shows bytes sent, speed and time left. */
  showProgress(loaded, total, bytesPerSecond) {
    this.li.dataset.state = 'uploading';
    const percent = total > 0 ? Math.floor((loaded / total) * 100) : 0;
    this.progress.value = percent;
    const parts = [`${percent}%`, `${formatBytes(loaded)} of ${formatBytes(total)}`];
    if (bytesPerSecond > 0 && loaded < total) {
      parts.push(`${formatBytes(bytesPerSecond)}/s`, `${formatDuration((total - loaded) / bytesPerSecond)} left`);
    }
    this.status.textContent = parts.join(' · ');
  }

  succeed(id, filename) {
    this.li.dataset.state = 'done';
    this.cancel.remove();
    this.progress.remove();
    this.status.remove();
    this.li.append(element('upload-links', { 'file-id': id, filename }));
  }

  fail(message) {
    this.li.dataset.state = 'failed';
    this.cancel.remove();
    this.progress.remove();
    this.status.textContent = message;
    this.status.className = 'upload-status upload-error';
    this.status.setAttribute('role', 'alert');
  }
}
