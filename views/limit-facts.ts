import { downloadsLeft, type EntryLimitState } from '../src/domain/entry-limits.js';
import { html } from './html.js';

// How a file's download limit and passphrase (issue 15) read on the owner's pages.

export const NO_LIMITS: EntryLimitState = { maxDownloads: null, downloadsCounted: 0, passphraseProtected: false };

/** `2 of 5 left`, `Used up (5 of 5)`, or `Unlimited`. */
export function limitText(limits: EntryLimitState): string {
  const left = downloadsLeft(limits);
  if (left === null) return 'Unlimited';
  return left === 0 ? `Used up (${limits.maxDownloads} of ${limits.maxDownloads})` : `${left} of ${limits.maxDownloads} left`;
}

/** Badges beside a file's name in the list: limited, used up, protected. */
export function limitBadges(limits: EntryLimitState | undefined) {
  if (!limits) return '';
  const left = downloadsLeft(limits);
  return html`${left === null ? '' : html` <span class="status-badge" data-status="${left === 0 ? 'full' : 'limited'}" test-data-id="downloads-left" title="Downloads left">${left === 0 ? 'Used up' : `${left} left`}</span>`}${limits.passphraseProtected ? html` <span class="status-badge" data-status="protected" test-data-id="protected">Passphrase</span>` : ''}`;
}
