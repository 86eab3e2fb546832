import type { ViewContext } from '../context.js';
import { errorAlert } from '../components.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

export interface FileUnlockView {
  /** The URL the form posts to and the browser returns to: the file's own. */
  action: string;
  error?: string;
}

/**
 * The page a browser gets for a passphrase-protected file (issue 15): a plain
 * form, so unlocking works without JavaScript. The file's name is not shown:
 * it may be what the passphrase protects.
 */
export function fileUnlockPage(ctx: ViewContext, view: FileUnlockView) {
  return layout(ctx, {
    title: 'PicoShare - Protected file',
    body: html`
      <div class="narrow">
        <h1>Protected file</h1>
        <form id="unlock-form" class="card form" method="post" action="${view.action}">
          <p>This file is protected by a passphrase.</p>
          <div class="field">
            <label for="passphrase">Passphrase</label>
            <input type="password" id="passphrase" name="passphrase" required autofocus autocomplete="off">
          </div>
          ${view.error ? errorAlert('error', view.error) : ''}
          <div class="actions">
            <input type="submit" class="button button-primary" value="Unlock">
          </div>
        </form>
      </div>`,
  });
}
