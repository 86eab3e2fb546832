import type { ViewContext } from '../context.js';
import { errorAlert } from '../components.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

export interface LoginView {
  /** Where to go once logged in: a path on this site. */
  next: string;
  error?: string;
}

/**
 * A plain form that posts to /login: logging in works without JavaScript, and
 * the browser lands on the next page only once the session exists.
 */
export function loginPage(ctx: ViewContext, view: LoginView) {
  return layout(ctx, {
    title: 'PicoShare - Log in',
    body: html`
      <div class="narrow">
        <h1>Log in</h1>
        <form id="login-form" class="card form" method="post" action="/login">
          <input type="hidden" name="next" value="${view.next}">
          <div class="field">
            <label for="passphrase">Passphrase</label>
            <input type="password" id="passphrase" name="passphrase" required autofocus autocomplete="current-password">
          </div>
          ${view.error ? errorAlert('error', view.error) : ''}
          <div class="actions">
            <input type="submit" class="button button-primary" value="Authenticate">
          </div>
        </form>
      </div>`,
  });
}
