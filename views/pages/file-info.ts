import type { Digest } from '../../src/domain/digest.js';
import type { Entry } from '../../src/domain/entry.js';
import type { EntryLimitState } from '../../src/domain/entry-limits.js';
import type { GuestLink } from '../../src/domain/guest-link.js';
import { formatTimestamp } from '../../src/domain/time.js';
import type { ViewContext } from '../context.js';
import { checksum } from '../checksum.js';
import { fact, linkButton, wrappableName } from '../components.js';
import { formatExpiration, formatLongTime, formatSize } from '../format.js';
import { html } from '../html.js';
import { layout } from '../layout.js';
import { limitText, NO_LIMITS } from '../limit-facts.js';

export interface FileInfoView {
  entry: Entry;
  downloads: number;
  /** The guest link the file came through, if it still exists. */
  guestLink: GuestLink | undefined;
  now: Date;
  /** Known once computed (issue 17). */
  digest?: Digest | undefined;
  limits?: EntryLimitState | undefined;
}

// picoshare.md §5.8 fixes the link to the guest page `/g/<id>`; the owner's
// page for managing the link is offered beside the value, not in it.
function uploadedBy(entry: Entry, link: GuestLink | undefined) {
  if (entry.guestLinkId === null) return fact('Uploaded by', 'You', 'fact-uploaded-by');
  return html`<section class="fact fact-uploaded-by"><h2>Uploaded by</h2><p class="value">Guest link: <a href="/g/${entry.guestLinkId}">${link?.label || entry.guestLinkId}</a></p>
      <p class="fact-aside"><a href="/guest-links">Manage guest links</a></p></section>`;
}

/** One section per fact, each an h2 and a `.value` (ui-contract.md). */
export function fileInfoPage(ctx: ViewContext, view: FileInfoView) {
  const { entry } = view;
  return layout(ctx, {
    title: 'PicoShare - File Information',
    script: 'js/pages/file-info.js',
    current: 'files',
    body: html`
      <h1>File Information</h1>
      <div class="info-grid">
        <section class="fact fact-links">
          <h2>Links</h2>
          <upload-links file-id="${entry.id}" filename="${entry.filename}"></upload-links>
        </section>
        <div class="facts card">
          ${fact('Filename', wrappableName(entry.filename), 'fact-filename')}
          ${fact('Size', formatSize(entry.size))}
          ${fact('SHA-256', checksum(view.digest, entry.filename), 'fact-sha256')}
          ${fact('Expires', formatExpiration(entry.expirationTime, view.now))}
          ${fact('Downloads', html`${view.downloads} (<a href="/files/${entry.id}/downloads">History</a>)`)}
          ${fact('Download limit', limitText(view.limits ?? NO_LIMITS), 'fact-download-limit')}
          ${fact('Passphrase', view.limits?.passphraseProtected ? 'Protected' : 'None', 'fact-passphrase')}
          ${fact('Upload time', html`<time datetime="${formatTimestamp(entry.uploadTime)}" data-format="long">${formatLongTime(entry.uploadTime)}</time>`, 'fact-upload-time')}
          ${uploadedBy(entry, view.guestLink)}
          ${fact('Note', entry.note ?? 'None', entry.note ? 'fact-note' : 'fact-note is-empty')}
        </div>
      </div>
      <div class="actions">
        ${linkButton(`/files/${entry.id}/edit`, 'Edit', { className: 'button-primary', icon: 'edit' })}
        ${linkButton('/files', 'Close', { back: true })}
      </div>`,
  });
}
