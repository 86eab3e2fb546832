// Talking to the JSON API. The server answers errors in plain text meant for
// programs ("bad entry ID: …"); people get a sentence instead.

// What the API puts before a validation error ("Bad request: illegal
// characters in filename"): noise to a person filling in a form.
const API_PREFIX = /^(bad request|invalid request):\s*/i;

/**
 * A sentence for a failed response, from its status and the server's text.
 * `keepPrefix` leaves "Invalid request: …" as the server wrote it.
 */
export function readableError(status, text, { keepPrefix = false } = {}) {
  const trimmed = text.trim();
  const message = keepPrefix ? trimmed : trimmed.replace(API_PREFIX, '');
  if (status === 401 && /no longer active/i.test(message)) return 'This guest link is no longer accepting uploads.';
  if (status === 401) return SESSION_ENDED_MESSAGE;
  if (status === 403) return 'The server refused the request because it did not come from this site.';
  if (status === 413) return tooLarge(message);
  if (status === 429) return 'Too many attempts. Wait a moment and try again.';
  if (status === 507) return 'The server has run out of storage space. Free some space, then try again.';
  if (status >= 500) return `The server ran into a problem (error ${status}). Try again in a moment.`;
  if (message === '') return `The request failed (error ${status}).`;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function tooLarge(message) {
  const limit = /up to (\d+) bytes/.exec(message);
  return limit ? `The file is too large: this guest link takes files up to ${formatLimit(Number(limit[1]))}.` : 'The file is too large.';
}

// Binary megabytes, as the guest link form asks for them.
const formatLimit = (bytes) => `${(bytes / 1024 / 1024).toFixed(bytes % 1048576 === 0 ? 0 : 2)} MiB`;

export const SESSION_ENDED_MESSAGE = 'You are not logged in any more. Log in again, then retry.';

export const OFFLINE_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/** Calls the API with an optional JSON body; rejects with a readable Error. */
export async function callApi(method, url, body, { keepPrefix = false } = {}) {
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Error(OFFLINE_MESSAGE);
  }
  if (!response.ok) throw new Error(readableError(response.status, await response.text(), { keepPrefix }));
  return response;
}
