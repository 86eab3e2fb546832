// <upload-links file-id="…" filename="…">: a file's full and short links with
// copy buttons, and a QR code of the short link. Its parts live in a shadow
// root, so several on one page can each have upstream's ids (#verbose-link-box,
// #short-link-box, #link) that scripts and tests look for.
import { copyText } from '../lib/clipboard.js';
import { element } from '../lib/dom.js';

import { showToast } from '../lib/toast.js';

/**
 * `url` is what the link opens and Copy copies; `text` is what it shows: the
 * full link reads with its filename as typed, not percent-encoded.
 */
function linkBox(id, label, url, text = url) {
  const copy = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Copy ${label.toLowerCase()}` }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await copyText(url);
      showToast('Copied link');
    } catch (err) {
      showToast(`Could not copy the link: ${err.message}`, { error: true });
    }
  });
  return element(
    'div',
    { id, class: 'link-box' },
    element('span', { class: 'link-box-label' }, label),
    element('div', { class: 'link-row' }, element('a', { id: 'link', href: url, title: text }, text), copy, ...shareButton(label, url)),
  );
}

// On a phone, the system's share sheet (Web Share API) beside Copy: straight
// to a chat or a mail. Desktops that have the API get Copy alone, as they paste.
const canShare = () => typeof navigator.share === 'function' && window.matchMedia('(pointer: coarse)').matches;

function shareButton(label, url) {
  if (!canShare()) return [];
  const share = element('button', { type: 'button', class: 'button button-small', 'aria-label': `Share ${label.toLowerCase()}` }, 'Share');
  share.addEventListener('click', async () => {
    try {
      await navigator.share({ url });
    } catch (err) {
      // The person closed the sheet: nothing went wrong.
      if (err.name !== 'AbortError') showToast(`Could not share the link: ${err.message}`, { error: true });
    }
  });
  return [share];
}

class UploadLinks extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const id = this.getAttribute('file-id');
    const filename = this.getAttribute('filename');
    // Files may be served from a host of their own (PS_DOWNLOAD_ORIGIN).
    const origin = document.querySelector('meta[name="download-origin"]')?.content || window.location.origin;
    const shortLink = `${origin}/-${id}`;
    const fullLink = `${shortLink}/${encodeURIComponent(filename)}`;

    const root = this.attachShadow({ mode: 'open' });
    // The page's own (already cached) stylesheets style the inside too; the
    // page's CSP admits them only with its nonce.
    for (const sheet of document.querySelectorAll('link[rel="stylesheet"]')) {
      root.append(element('link', { rel: 'stylesheet', nonce: sheet.nonce, href: sheet.href }));
    }
    const qr = element('figure', { class: 'qr' }, element('figcaption', {}, 'Scan to open'));
    import('../lib/qr-svg.js').then(({ qrSvg }) => qr.prepend(qrSvg(shortLink, `QR code of ${shortLink}`)));
    root.append(
      element(
        'div',
        { class: 'upload-links' },
        element('div', { class: 'link-boxes' }, linkBox('verbose-link-box', 'Full link', fullLink, `${shortLink}/${filename}`), linkBox('short-link-box', 'Short link', shortLink)),
        qr,
      ),
    );
  }
}

customElements.define('upload-links', UploadLinks);
