// One file to the server as multipart/form-data. XMLHttpRequest rather than
// fetch: only it reports upload progress.
import { OFFLINE_MESSAGE, readableError } from '../lib/api.js';

/**
 * Starts the upload; `onProgress(loaded, total)` follows the bytes sent.
 * Resolves with the new file's ID, rejects with a readable Error.
 */
export function sendFile({ url, file, fields = {}, onProgress }) {
  const xhr = new XMLHttpRequest();
  const done = new Promise((resolve, reject) => {
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.total));
    xhr.addEventListener('load', () => {
      if (xhr.status !== 200 && xhr.status !== 201) {
        reject(new Error(readableError(xhr.status, xhr.responseText)));
        return;
      }
      try {
        resolve(JSON.parse(xhr.responseText).id);
      } catch {
        reject(new Error('The server sent an answer this page does not understand.'));
      }
    });
    xhr.addEventListener('error', () => reject(new Error(OFFLINE_MESSAGE)));
    xhr.addEventListener('abort', () => reject(new Error('Upload cancelled.')));
  });
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  // The file goes last so the server has the other fields before its bytes.
  form.append('file', file, file.name);
  xhr.open('POST', url);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.send(form);
  return { done, cancel: () => xhr.abort() };
}
