// One file's row in the upload list: name, progress, then its links or what
// went wrong (with Retry when sending it again may help).
import { element } from '../lib/dom.js';
import { formatBytes, formatDuration } from '../lib/format.js';
import '../components/upload-links.js';

export class UploadItem {
  /** `onCancel` runs when the person gives up on this file; `onPause(paused)` when they pause or resume it. */
  constructor(file, onCancel, onPause) {
    this.name = file.name;
    this.cancel = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Cancel upload of ${file.name}` }, 'Cancel');
    this.cancel.addEventListener('click', onCancel);
    this.pause = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Pause upload of ${file.name}`, hidden: '' }, 'Pause');
    this.pause.addEventListener('click', () => {
      const paused = this.li.dataset.state !== 'paused';
      this.#labelPause(paused);
      if (paused) this.showNotice('paused', 'Paused.');
      onPause(paused);
    });
    this.retryButton = null;
    this.head = element(
      'div',
      { class: 'upload-item-head' },
      element('span', { class: 'upload-name' }, file.name),
      element('span', { class: 'upload-size' }, formatBytes(file.size)),
      this.pause,
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
    this.#labelPause(false);
    this.pause.hidden = true;
    this.head.append(this.pause, this.cancel);
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

  /** Shows why the file failed; with `onRetry`, a Retry button that sends it again. */
  fail(message, onRetry) {
    const hadFocus = document.activeElement === this.cancel;
    this.li.dataset.state = 'failed';
    this.pause.remove();
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

  #labelPause(paused) {
    this.pause.textContent = paused ? 'Resume' : 'Pause';
    this.pause.setAttribute('aria-label', `${paused ? 'Resume' : 'Pause'} upload of ${this.name}`);
  }
}
