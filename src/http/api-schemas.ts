import { z } from 'zod';
import { TOKEN_SCOPES } from '../domain/api-token.js';
import { BUNDLE_ID_LENGTH, ENTRY_ID_LENGTH, GUEST_LINK_ID_LENGTH, ID_ALPHABET } from '../domain/ids.js';
import { MAX_PAGE_SIZE } from '../domain/page.js';
import { textError, type ApiResponse } from './api-docs.js';

// Schemas shared by several routes' descriptions (api-docs.ts). Each matches the
// parser the routes run (src/domain), which keeps upstream's error wording.

const idOf = (length: number, what: string) =>
  z.string().length(length).regex(new RegExp(`^[${ID_ALPHABET}]+$`)).describe(what);

export const entryIdParams = z.object({ id: idOf(ENTRY_ID_LENGTH, 'The file\'s ID.') });
export const guestLinkIdParams = z.object({ id: idOf(GUEST_LINK_ID_LENGTH, 'The guest link\'s ID.') });
export const bundleIdParams = z.object({ id: idOf(BUNDLE_ID_LENGTH, 'The bundle\'s ID.') });
export const filenameParams = z.object({ filename: z.string().min(1).describe('The file\'s name, percent-encoded.') });

const rfc3339 = z.string().describe('An RFC 3339 date-time, such as 2030-01-02T15:04:05Z.');
export const expirationQuery = (required: boolean, what: string) =>
  z.object({ expiration: (required ? rfc3339 : rfc3339.optional()).describe(what) });

export const pageQuerySchema = z.object({
  limit: z.string().regex(/^\d+$/).optional().describe(`Items per page, 1 to ${MAX_PAGE_SIZE}; 100 by default.`),
  cursor: z.string().optional().describe('The `cursor` of the `Link: rel="next"` header of the previous page.'),
});

export const pageHeaders = {
  'x-total-count': 'Items in the whole list.',
  link: 'RFC 8288 links to the next (rel="next") and first (rel="first") pages.',
};

export const timestamp = z.string().describe('RFC 3339, UTC, whole seconds.');

export const idJson = z.object({ id: z.string() });
export const createdJson = z.object({ id: z.string(), url: z.string().describe('The download link with the filename.') });

export const entryJson = z.object({
  id: z.string(),
  filename: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  uploadTime: timestamp,
  expirationTime: timestamp,
  note: z.string().nullable(),
  guestLinkId: z.string().nullable(),
  downloadCount: z.number().int(),
  sha256: z.string().nullable().describe('The SHA-256 of the file\'s bytes in hex; null until it is known.'),
  maxDownloads: z.number().int().nullable().describe('Whole downloads allowed; null for unlimited.'),
  downloadsLeft: z.number().int().nullable().describe('Whole downloads left before the link answers 410; null for unlimited.'),
  passphraseProtected: z.boolean().describe('Whether recipients need a passphrase (never shown).'),
});

export const downloadJson = z.object({ time: timestamp, clientIp: z.string(), userAgent: z.string().nullable() });

export const guestLinkJson = z.object({
  id: z.string(),
  label: z.string(),
  maxFileBytes: z.number().int().nullable(),
  maxFileUploads: z.number().int().nullable(),
  creationTime: timestamp,
  urlExpirationTime: timestamp,
  fileLifetime: z.string().describe('A Go duration, such as 720h0m0s.'),
  fileLifetimeName: z.string(),
  isDisabled: z.boolean(),
  filesUploaded: z.number().int(),
  isActive: z.boolean(),
  maxDownloads: z.number().int().nullable().describe('The download limit each file uploaded through the link gets; null for none.'),
});

export const settingsJson = z.object({
  defaultExpirationDays: z.number().int(),
  defaultNeverExpire: z.boolean(),
  webhookUrl: z.string().nullable().describe('Receives a JSON POST when a guest upload completes.'),
  ntfyUrl: z.string().nullable().describe('An ntfy topic URL, notified when a guest upload completes.'),
  notifyPrivateAddresses: z.boolean().describe('Whether notifications may reach private, loopback and link-local addresses.'),
});

export const notificationTestJson = z.object({
  results: z.array(z.object({ channel: z.enum(['webhook', 'ntfy']), ok: z.boolean(), detail: z.string() })),
});

export const apiTokenJson = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  active: z.boolean(),
});
export const createdTokenJson = z.object({ id: z.string(), token: z.string().describe('The secret, shown this once.') });

export const ok = (description = 'Done; the body is empty.'): ApiResponse => ({ description });
export const badRequest = textError('Malformed input; the message names the field.');
export const notFound = (what: string) => textError(`No such ${what}.`);

/** What every upload route may answer besides success. */
export const uploadErrors: Record<number, ApiResponse> = {
  400: badRequest,
  408: textError('The body stopped arriving.'),
  413: textError('The file is larger than allowed.'),
  503: { ...textError('Too many uploads at once; try again later.'), headers: { 'retry-after': 'Seconds to wait.' } },
  507: textError('insufficient storage'),
};

export const bundleCreatedJson = z.object({ id: z.string(), url: z.string().describe('The bundle\'s page; its zip is the same URL with .zip.') });

export const bundleJson = z.object({
  id: z.string(),
  title: z.string().nullable(),
  createdTime: timestamp,
  fileCount: z.number().int().describe('Files of the bundle that still exist.'),
  guestLinkId: z.string().nullable().describe('The guest link whose guest made it, if any.'),
});
