// One file to the server as a resumable upload (tus 1.0, issue 13): PATCHes
// small enough for any proxy's body cap, retried with backoff when the
// connection drops or the server restarts, and continued after a page reload
// from the upload URL tus-js-client keeps in localStorage.
import { Upload } from 'tus-js-client';
import { OFFLINE_MESSAGE, readableError } from '../lib/api.js';

// Under Cloudflare's 100 MB body cap with room to spare.
export const DEFAULT_PATCH_BYTES = 50 * 1000 * 1000;
// Waits between attempts: quick at first, then every 30 s for about half an hour.
const RETRY_DELAYS = [1000, 3000, 5000, 10000, 20000, ...Array(60).fill(30000)];

function readable(err) {
  const response = err.originalResponse;
  if (!response) return OFFLINE_MESSAGE;
  return readableError(response.getStatus(), response.getBody() ?? '');
}

/**
 * Starts the upload. `onProgress(loaded, total)` follows the bytes the server
 * has or is receiving; `onRetry(seconds)` says a lost connection will be retried.
 * Resolves with the new file's ID, rejects with a readable Error.
 */
export function sendResumable({ endpoint, file, metadata, patchBytes = DEFAULT_PATCH_BYTES, onProgress, onRetry }) {
  let upload;
  let cancelled = false;
  let settle;
  const done = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });

  function create(resumeFrom) {
    upload = new Upload(file, {
      endpoint,
      chunkSize: patchBytes,
      retryDelays: RETRY_DELAYS,
      metadata,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      // The endpoint's fingerprint too: the owner's and a guest link's uploads of one file are not the same.
      fingerprint: async (f) => ['picoshare', endpoint, f.name, f.type, f.size, f.lastModified].join('-'),
      onUploadUrlAvailable: () => {
        // tus-js-client starts over from byte 0 when a HEAD fails with a 5xx (a
        // proxy's 502 while the server restarts); without an endpoint it retries.
        upload.options.endpoint = null;
      },
      onShouldRetry: (err, attempt) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        const retry = status === 0 || status >= 500 || status === 409 || status === 423;
        if (retry && attempt < RETRY_DELAYS.length) onRetry(RETRY_DELAYS[attempt] / 1000);
        return retry;
      },
      onProgress,
      onSuccess: () => settle.resolve(upload.url.split('/').pop()),
      onError: (err) => {
        if (cancelled) return;
        // The stored upload expired or was removed: start this file afresh, once.
        if (resumeFrom && err.originalResponse?.getStatus() === 404) {
          create(null);
          upload.start();
          return;
        }
        settle.reject(new Error(readable(err)));
      },
    });
    if (resumeFrom) upload.resumeFromPreviousUpload(resumeFrom);
  }

  const started = new Upload(file, { endpoint, fingerprint: async (f) => ['picoshare', endpoint, f.name, f.type, f.size, f.lastModified].join('-') })
    .findPreviousUploads()
    .then((previous) => {
      create(previous.length > 0 ? previous[0] : null);
      if (!cancelled) upload.start();
    })
    .catch((err) => settle.reject(err));

  return {
    done,
    pause: () => started.then(() => upload.abort(false)),
    resume: () => started.then(() => upload.start()),
    cancel: async () => {
      cancelled = true;
      await started;
      // Terminates the upload on the server: its bytes are deleted at once.
      await upload.abort(true).catch(() => {});
      settle.reject(new Error('Upload cancelled.'));
    },
  };
}
