// One file's row in the upload list: name, progress, then its links or what
// went wrong (with Retry when sending it again may help).
import { element } from '../lib/dom.js';
import { formatBytes, formatDuration } from '../lib/format.js';
import '../components/upload-links.js';

export class UploadItem {
  /** `onCancel` runs when the person gives up on this file. */
  constructor(file, onCancel) {
    this.name = file.name;
    this.cancel = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Cancel upload of ${file.name}` }, 'Cancel');
    this.cancel.addEventListener('click', onCancel);
    this.retryButton = null;
    this.head = element(
      'div',
      { class: 'upload-item-head' },
      element('span', { class: 'upload-name' }, file.name),
      element('span', { class: 'upload-size' }, formatBytes(file.size)),
      this.cancel,
    );
    this.progress = element('progress', { class: 'upload-progress', max: '100', value: '0', 'aria-label': `Upload of ${file.name}` });
    this.status = element('p', { class: 'upload-status' }, 'Waiting…');
    this.li = element('li', { class: 'upload-item', 'data-state': 'waiting' }, this.head, this.progress, this.status);
  }

  /** Back to waiting its turn, as a new row would be (after Retry). */
  wait() {
    const hadFocus = this.retryButton !== null && document.activeElement === this.retryButton;
    this.retryButton?.remove();
    this.retryButton = null;
    this.li.dataset.state = 'waiting';
    this.head.append(this.cancel);
    this.progress.value = 0;
    this.status.before(this.progress);
    this.status.textContent = 'Waiting…';
    this.status.className = 'upload-status';
    this.status.removeAttribute('role');
    // Focus stays in the row rather than falling back to the page's top.
    if (hadFocus) this.cancel.focus();
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

  /** Shows why the file failed; with `onRetry`, a Retry button that sends it again. */
  fail(message, onRetry) {
    const hadFocus = document.activeElement === this.cancel;
    this.li.dataset.state = 'failed';
    this.cancel.remove();
    this.progress.remove();
    this.status.textContent = message;
    this.status.className = 'upload-status upload-error';
    this.status.setAttribute('role', 'alert');
    if (!onRetry) return;
    this.retryButton = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Retry upload of ${this.name}` }, 'Retry');
    this.retryButton.addEventListener('click', onRetry);
    this.head.append(this.retryButton);
    if (hadFocus) this.retryButton.focus();
  }
}
