import { Upload, type UploadOptions } from 'tus-js-client';

export interface TusResult {
  url: string;
  /** The entry ID: the upload URL's last segment. */
  id: string;
}

/**
 * Uploads `bytes` with the real tus-js-client; resolves on success, rejects on
 * its final error. Once the upload has a URL the endpoint is dropped: tus-js-client
 * 4 answers a HEAD that fails with a 5xx (a proxy's 502 while the server
 * restarts) by creating a new upload from byte 0; without an endpoint it
 * retries the HEAD instead, and so continues where the server stopped.
 */
export function tusUpload(bytes: Buffer, options: UploadOptions & { endpoint: string }): { done: Promise<TusResult>; upload: Upload } {
  let upload!: Upload;
  const done = new Promise<TusResult>((resolve, reject) => {
    upload = new Upload(bytes, {
      ...options,
      onUploadUrlAvailable: () => {
        upload.options.endpoint = null;
      },
      onSuccess: () => {
        const url = upload.url!;
        resolve({ url, id: url.split('/').pop()! });
      },
      onError: reject,
    });
  });
  upload.start();
  return { done, upload };
}
