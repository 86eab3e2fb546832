// A notice for the next page ("Changes saved"), kept in the tab's session
// storage so that the next page's URL stays the one people and tests expect.
import { showToast } from './toast.js';

const KEY = 'picoshare-flash';

/** Shows `message` on the next page this tab opens. */
export function flashOnNextPage(message) {
  try {
    sessionStorage.setItem(KEY, message);
  } catch {
    // Storage turned off: the next page simply says nothing.
  }
}

/** Shows the notice the previous page left, once. */
export function showFlash() {
  let message = null;
  try {
    message = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
  } catch {
    return;
  }
  if (message) showToast(message);
}
