import type { Entry } from '../../src/domain/entry.js';
import type { ViewContext } from '../context.js';
import { errorAlert, linkButton, wrappableName } from '../components.js';
import { formatSize } from '../format.js';
import { html } from '../html.js';
import { icon } from '../icons.js';
import { layout } from '../layout.js';

/** Asks before a file is deleted for good. */
export function fileDeletePage(ctx: ViewContext, entry: Entry) {
  return layout(ctx, {
    title: 'PicoShare - Delete',
    script: 'js/pages/file-delete.js',
    current: 'files',
    body: html`
      <div class="narrow">
        <h1>Delete file</h1>
        <div class="card confirm">
          <p class="confirm-question">Permanently delete <strong class="filename">${wrappableName(entry.filename)}</strong> (${formatSize(entry.size)})?</p>
          <p class="hint">The file and its download history are removed. Its links stop working for everyone.</p>
          ${errorAlert('form-error')}
          <div class="actions">
            <button type="button" id="delete-btn" class="button button-danger" data-entry-id="${entry.id}" data-filename="${entry.filename}">${icon('trash')}<span>Delete</span></button>
            ${linkButton(`/files/${entry.id}/edit`, 'Cancel', { back: true })}
          </div>
        </div>
      </div>`,
  });
}
