// Buttons that copy their `data-copy` text (the sha256sum -c lines, issue 17).
import { copyText } from './clipboard.js';
import { showToast } from './toast.js';

export function watchCopyButtons(root = document) {
  root.addEventListener('click', async (event) => {
    const button = event.target.closest?.('[data-copy]');
    if (!button) return;
    try {
      await copyText(button.dataset.copy);
      showToast('Copied');
    } catch (err) {
      showToast(`Could not copy: ${err.message}`, { error: true });
    }
  });
}
