import { STATUS_CODES } from 'node:http';
import type { ViewContext } from '../context.js';
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';

/** What a person is told about a failed request. */
export interface ErrorCopy {
  heading: string;
  /** What happened, in a sentence. */
  sentence: string;
  /** What to do next. */
  next: SafeHtml | string;
}

const home = (ctx: ViewContext) => (ctx.signedIn ? html`<a href="/files">Go to your files</a>` : html`<a href="/">Go to the home page</a>`);

/**
 * The words for each failure a visitor can meet, by status and the plain-text
 * message scripts get; the first match wins. New failures (a download limit,
 * a passphrase) add a row here.
 */
const COPIES: readonly { status: number; message: RegExp; copy: (ctx: ViewContext) => ErrorCopy }[] = [
  {
    status: 404,
    message: /^entry not found$/,
    copy: () => ({
      heading: 'File not found',
      sentence: 'This file is not here: it may have expired, or its owner deleted it.',
      next: 'If you still need it, ask the person who shared the link to send it again.',
    }),
  },
  {
    status: 410,
    message: /^download limit reached$/,
    copy: () => ({
      heading: 'Download limit reached',
      sentence: 'This file could be downloaded only a set number of times, and those downloads have all been used.',
      next: 'If you still need it, ask the person who shared the link to send it again.',
    }),
  },
  {
    status: 400,
    message: /^bad entry ID/,
    copy: () => ({
      heading: 'This link is not right',
      sentence: 'The address does not look like a PicoShare file link: part of it may be missing or mistyped.',
      next: 'Check that you copied the whole link, or ask for it again.',
    }),
  },
  {
    status: 0,
    message: /^Invalid guest link ID/,
    copy: () => ({
      heading: 'Guest link not found',
      sentence: 'There is no guest link at this address: it may have been deleted, or the address is mistyped.',
      next: 'Check that you copied the whole link, or ask the person who gave it to you for a new one.',
    }),
  },
  {
    status: 401,
    message: /guest link/i,
    copy: () => ({
      heading: 'Guest link inactive',
      sentence: 'This guest link no longer accepts uploads: it may have expired, reached its limit of files, or been turned off.',
      next: 'If you still need to send a file, ask the person who gave you the link for a new one.',
    }),
  },
  {
    status: 404,
    message: /./,
    copy: (ctx) => ({ heading: 'Page not found', sentence: 'There is nothing at this address.', next: home(ctx) }),
  },
  {
    status: 401,
    message: /./,
    copy: () => ({ heading: 'Log in first', sentence: 'This page is for the owner of this PicoShare.', next: html`<a href="/login">Log in</a>` }),
  },
];

function copyFor(ctx: ViewContext, status: number, message: string): ErrorCopy {
  const row = COPIES.find((c) => (c.status === 0 || c.status === status) && c.message.test(message));
  if (row) return row.copy(ctx);
  if (status >= 500) {
    return { heading: 'Something went wrong', sentence: 'The server could not answer this request.', next: 'Try again in a moment.' };
  }
  return { heading: STATUS_CODES[status] ?? 'Error', sentence: `${message.charAt(0).toUpperCase()}${message.slice(1)}.`, next: home(ctx) };
}

/** An error as a page in the site's look: what happened, what to do next, and the message scripts see. */
export function errorPage(ctx: ViewContext, status: number, message: string) {
  const copy = copyFor(ctx, status, message);
  return layout(ctx, {
    title: `PicoShare - ${copy.heading}`,
    body: html`
      <div class="narrow error-page">
        <h1>${copy.heading}</h1>
        <div class="card">
          <p>${copy.sentence}</p>
          <p>${copy.next}</p>
          <p class="error-details">Error ${status}: ${message}</p>
        </div>
      </div>`,
  });
}
