import type { Entry } from '../domain/entry.js';
import type { GuestLink } from '../domain/guest-link.js';
import type { FileEvent } from './messages.js';

/** The notification of a guest's upload; `link` is the file's absolute download URL. */
export function guestUploadEvent(entry: Entry, guestLink: GuestLink, link: string): FileEvent {
  return {
    event: 'guest-upload',
    id: entry.id,
    name: entry.filename,
    size: entry.size,
    link,
    guestLinkId: guestLink.id,
    // Upstream stores no label as the empty string.
    guestLinkLabel: guestLink.label === '' ? null : guestLink.label,
    time: entry.uploadTime.toISOString(),
  };
}

/**
 * The notification of a file whose last allowed download was just counted
 * (issue 15); `link` is its absolute URL when the server knows its own origin.
 */
export function downloadLimitEvent(entry: Entry, link: string | null, now: Date): FileEvent {
  return {
    event: 'download-limit',
    id: entry.id,
    name: entry.filename,
    size: entry.size,
    link,
    guestLinkId: entry.guestLinkId,
    guestLinkLabel: null,
    time: now.toISOString(),
  };
}

/** What the settings page's button sends: a made-up file, so receivers can be tried out. */
export function testEvent(now: Date, origin: string): FileEvent {
  return {
    event: 'test',
    id: 'test',
    name: 'test-notification.txt',
    size: 0,
    link: `${origin}/`,
    guestLinkId: null,
    guestLinkLabel: null,
    time: now.toISOString(),
  };
}
