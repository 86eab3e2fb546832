import type { OutgoingRequest } from './send.js';

/** What happened, as the webhook's JSON says it (README: Notifications). */
export interface FileEvent {
  event: 'guest-upload' | 'file-expired' | 'download-limit' | 'test';
  id: string;
  name: string;
  size: number;
  /** The absolute download URL. */
  link: string | null;
  guestLinkId: string | null;
  guestLinkLabel: string | null;
  /** ISO 8601, UTC. */
  time: string;
}

export type Channel = 'webhook' | 'ntfy';

const USER_AGENT = 'PicoShare notifications';

const TITLES: Record<FileEvent['event'], string> = {
  'guest-upload': 'New guest upload',
  'file-expired': 'File expired',
  'download-limit': 'Download limit reached',
  test: 'Test notification',
};

function describe(event: FileEvent): string {
  const via = event.guestLinkLabel ? ` via guest link "${event.guestLinkLabel}"` : event.guestLinkId ? ' via a guest link' : '';
  const size = `${event.size} bytes`;
  if (event.event === 'test') return 'PicoShare can reach this address.';
  if (event.event === 'guest-upload') return `${event.name} (${size}) was uploaded${via}.`;
  if (event.event === 'file-expired') return `${event.name} (${size}) expired and was deleted.`;
  return `${event.name} (${size}) reached its download limit.`;
}

export function webhookRequest(url: string, event: FileEvent): OutgoingRequest {
  return { url, headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT }, body: JSON.stringify(event) };
}

/**
 * ntfy's publish API: the message as the body, the rest as headers. Headers
 * carry ASCII only, so the filename goes in the body and the title is fixed.
 */
export function ntfyRequest(url: string, event: FileEvent): OutgoingRequest {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'user-agent': USER_AGENT, title: `PicoShare: ${TITLES[event.event]}` };
  if (event.link !== null) headers.click = event.link;
  return { url, headers, body: describe(event) };
}
