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

/** Too many uploads or downloads are under way (overall, or from one client); try again later. */
export class BusyError extends Error {
  override name = 'BusyError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The owner's storage quota (PS_STORAGE_QUOTA) has no room for this file. */
export class QuotaExceededError extends Error {
  override name = 'QuotaExceededError';
  constructor() {
    super('insufficient storage: the storage quota is reached');
  }
}

/** A request body stopped arriving for longer than the idle timeout. */
export class BodyIdleError extends Error {
  override name = 'BodyIdleError';
  constructor(seconds: number) {
    super(`request body timed out: nothing received for ${seconds} s`);
  }
}

/** Another request is writing the same resumable upload right now (tus: 423 Locked). */
export class UploadLockedError extends Error {
  override name = 'UploadLockedError';
  constructor() {
    super('upload is locked: another request is writing it; try again when that one ends');
  }
}
