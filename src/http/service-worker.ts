import { createHash } from 'node:crypto';

/**
 * The service worker's script: its fixed code (views/service-worker.js) after
 * the list of app-shell URLs it may cache. The version follows that list, so a
 * deploy that changes any asset installs a new worker with a new cache.
 */
export function serviceWorkerScript(code: string, shell: readonly string[]): string {
  const urls = [...shell].sort();
  const version = createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 12);
  return `const SHELL = ${JSON.stringify(urls)};\nconst VERSION = ${JSON.stringify(version)};\n${code}`;
}
