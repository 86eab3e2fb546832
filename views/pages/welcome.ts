import type { ViewContext } from '../context.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

/** `/` for visitors who are not the owner: what this site is. */
export function welcomePage(ctx: ViewContext) {
  return layout(ctx, {
    title: 'PicoShare',
    body: html`
      <div class="welcome">
        <h1>What is PicoShare?</h1>
        <p class="lead">PicoShare is a minimalist service for sharing files with a link.</p>
        <ul class="feature-list">
          <li><strong>Direct links.</strong> Every file gets a link that opens it right away, with no
            sign-up page, no ads and no waiting in between.</li>
          <li><strong>Only the owner uploads.</strong> This server belongs to one person. Others can upload
            to it only through a guest link the owner gave them.</li>
          <li><strong>Any size, any type.</strong> Files are stored exactly as they were sent: no
            re-encoding, no compression, no stripped metadata.</li>
          <li><strong>Files expire.</strong> The owner chooses how long each file stays, from a day to forever.</li>
          <li><strong>Free and open source.</strong> PicoShare is released under the AGPL. Anyone can
            <a href="https://github.com/mtlynch/picoshare">run their own</a>.</li>
        </ul>
        <p class="welcome-owner">Is this your server? <a href="/login">Log in</a> to share files.</p>
      </div>`,
  });
}
