// Copy buttons for the new token and the snippets on the API tokens page.
import { copyText } from '../lib/clipboard.js';
import { showToast } from '../lib/toast.js';

for (const button of document.querySelectorAll('[data-copy-target]')) {
  button.addEventListener('click', async () => {
    const target = document.getElementById(button.dataset.copyTarget);
    try {
      await copyText(target.textContent);
      showToast('Copied');
    } catch (err) {
      showToast(`Could not copy: ${err.message}`, { error: true });
    }
  });
}

// The page that shows a new secret answers a form post; replacing its history
// entry makes a reload fetch the list again instead of creating another token.
if (document.getElementById('created-token')) history.replaceState(null, '', '/tokens');
