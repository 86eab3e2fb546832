import { Upload, type UploadOptions } from 'tus-js-client';

export interface TusResult {
  url: string;
  /** The entry ID: the upload URL's last segment. */
  id: string;
}

/** Uploads `bytes` with the real tus-js-client; resolves on success, rejects on its final error. */
export function tusUpload(bytes: Buffer, options: UploadOptions & { endpoint: string }): { done: Promise<TusResult>; upload: Upload } {
  let upload!: Upload;
  const done = new Promise<TusResult>((resolve, reject) => {
    upload = new Upload(bytes, {
      ...options,
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
