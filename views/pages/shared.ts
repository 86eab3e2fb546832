import type { Entry } from '../../src/domain/entry.js';
import type { ViewContext } from '../context.js';
import { formatSize } from '../format.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

/** What a share from another app became: each file's links, as after an upload. */
export function sharedPage(ctx: ViewContext, entries: Entry[]) {
  return layout(ctx, {
    title: 'PicoShare - Complete',
    script: 'js/pages/shared.js',
    current: 'upload',
    body: html`
      <h1>Shared</h1>
      <section id="upload-result" class="upload-result" data-state="done">
        <div class="message" role="status"><p class="message-body">${entries.length === 1 ? 'Upload complete!' : `${entries.length} files uploaded.`}</p></div>
        <ul id="result-links" class="upload-list">
          ${entries.map(
            (entry) => html`<li class="upload-item" data-state="done">
              <div class="upload-item-head"><span class="upload-name">${entry.filename}</span><span class="upload-size">${formatSize(entry.size)}</span></div>
              <upload-links file-id="${entry.id}" filename="${entry.filename}"></upload-links>
            </li>`,
          )}
        </ul>
        <div class="actions"><a class="button" href="/files">Files</a><a class="button button-primary" href="/">Upload more</a></div>
      </section>`,
  });
}
