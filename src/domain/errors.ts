// Domain errors carry no HTTP status: src/http/errors.ts maps each class to one.

/** Input that breaks a rule; the message is safe to show the client. */
export class ValidationError extends Error {
  override name = 'ValidationError';
}

/** The database or the disk under it has no room left (SQLITE_FULL, ENOSPC). */
export class DiskFullError extends Error {
  override name = 'DiskFullError';
  constructor(cause?: unknown) {
    super('insufficient storage', { cause });
  }
}

/** A guest link that is disabled, expired or full (picoshare.md §4.2). */
export class GuestLinkInactiveError extends Error {
  override name = 'GuestLinkInactiveError';
  constructor() {
    super('Guest link is no longer active');
  }
}

/** A size limit was crossed while a body streamed in. */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
}
