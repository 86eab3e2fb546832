import type { ViewContext } from '../context.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

/** `/g/{id}` of a link that is disabled, expired or full: 200, as upstream. */
export function guestInactivePage(ctx: ViewContext) {
  return layout(ctx, {
    title: 'PicoShare - Guest Link Inactive',
    body: html`
      <div class="narrow">
        <h1>Guest Link Inactive</h1>
        <div class="card">
          <p>This guest link is no longer accepting uploads: it may have expired, reached its limit of files,
            or been turned off.</p>
          <p>If you still need to send a file, ask the person who gave you the link for a new one.</p>
        </div>
      </div>`,
  });
}
