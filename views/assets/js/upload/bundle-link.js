// "One link for all" (issue 17): once a multi-file upload has finished, the
// files that made it are put in one bundle, and its link shown above theirs.
import { callApi } from '../lib/api.js';
import { copyText } from '../lib/clipboard.js';
import { element } from '../lib/dom.js';
import { showToast } from '../lib/toast.js';

/**
 * Returns what the page calls when every upload has settled, with the IDs of
 * those that succeeded. Does nothing for a single file, when the box is
 * unticked, or a second time.
 */
export function bundleOnFinish({ checkbox, container, guestLinkId }) {
  let made = false;
  return async (entryIds) => {
    if (made || !checkbox?.checked || entryIds.length < 2) return;
    made = true;
    const url = guestLinkId ? `/api/guest/${encodeURIComponent(guestLinkId)}/bundle` : '/api/bundles';
    const box = element('div', { id: 'bundle-link', class: 'link-box' }, element('span', { class: 'link-box-label' }, 'One link for all'));
    container.hidden = false;
    container.replaceChildren(box);
    try {
      const response = await callApi('POST', url, { entryIds });
      const { url: link } = await response.json();
      const copy = element('button', { type: 'button', class: 'button button-small', 'aria-label': 'Copy the link for all files' }, 'Copy');
      copy.addEventListener('click', async () => {
        try {
          await copyText(link);
          showToast('Copied link');
        } catch (err) {
          showToast(`Could not copy the link: ${err.message}`, { error: true });
        }
      });
      box.append(element('div', { class: 'link-row' }, element('a', { id: 'bundle-url', href: link }, link), copy));
    } catch (err) {
      box.append(element('p', { class: 'alert alert-error', role: 'alert' }, `Could not make one link for all: ${err.message}`));
    }
  };
}
