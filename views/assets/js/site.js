// What every page does: the navigation menu, logging out, Back buttons, copy
// buttons and dates in the visitor's time zone.
import { OFFLINE_MESSAGE } from './lib/api.js';
import { copyText } from './lib/clipboard.js';
import { formatLongTime } from './lib/format.js';
import { showToast } from './lib/toast.js';
import { setUpMenubar } from './lib/menubar.js';
import { showFlash } from './lib/flash.js';

setUpMenubar(document.querySelector('[role="menubar"]'));
showFlash();

document.getElementById('navbar-log-out')?.addEventListener('click', async () => {
  try {
    await fetch('/api/auth', { method: 'DELETE', credentials: 'same-origin' });
    window.location.assign('/');
  } catch {
    showToast(OFFLINE_MESSAGE, { error: true });
  }
});

// Cancel and Close return where the visitor came from when that was a page of
// this site; otherwise they follow their link.
for (const link of document.querySelectorAll('[data-back]')) {
  link.addEventListener('click', (event) => {
    const referrer = document.referrer ? new URL(document.referrer) : null;
    if (referrer?.origin !== window.location.origin || window.history.length < 2) return;
    event.preventDefault();
    window.history.back();
  });
}

for (const button of document.querySelectorAll('[data-copy]')) {
  button.addEventListener('click', async () => {
    try {
      await copyText(button.dataset.copy);
      showToast('Copied link');
    } catch (err) {
      showToast(`Could not copy the link: ${err.message}`, { error: true });
    }
  });
}

for (const time of document.querySelectorAll('time[data-format="long"]')) {
  time.textContent = formatLongTime(new Date(time.dateTime));
}

// The service worker makes the site an installable app; without it (an old
// browser, plain http to a remote host) the site works the same.
navigator.serviceWorker?.register('/sw.js').catch(() => undefined);
