import type { ApiToken } from '../../src/domain/api-token.js';
import { isTokenLive } from '../../src/domain/api-token.js';
import type { Snippet } from '../../src/http/client-configs.js';
import { errorAlert, pager, type PagerView } from '../components.js';
import type { ViewContext } from '../context.js';
import { formatDate } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { layout } from '../layout.js';

export interface ApiTokensView {
  tokens: ApiToken[];
  paging: Omit<PagerView, 'shown' | 'noun'>;
  now: Date;
  snippets: Snippet[];
  /** A token just created: its secret, shown this once. */
  created?: { name: string; token: string } | undefined;
  error?: string | undefined;
}

const SCOPE_TEXT = { upload: 'Upload', files: 'Files', admin: 'Admin' } as const;
export const EXPIRY_CHOICES = [
  ['never', 'Never'],
  ['30', 'In 30 days'],
  ['90', 'In 90 days'],
  ['365', 'In a year'],
] as const;

function status(token: ApiToken, now: Date): string {
  if (token.revokedAt) return `Revoked ${formatDate(token.revokedAt)}`;
  if (!isTokenLive(token, now)) return 'Expired';
  return 'Active';
}

function row(token: ApiToken, now: Date): SafeHtml {
  const live = isTokenLive(token, now);
  return html`<tr class="${live ? '' : 'inactive'}" data-token-id="${token.id}">
      <td class="cell-label">${token.name}</td>
      <td data-label="Scope">${SCOPE_TEXT[token.scope]}</td>
      <td data-label="Created">${formatDate(token.createdAt)}</td>
      <td data-label="Last used">${token.lastUsedAt ? formatDate(token.lastUsedAt) : 'Never'}</td>
      <td data-label="Expires">${token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</td>
      <td data-label="Status">${status(token, now)}</td>
      <td class="cell-actions">${live ? html`<form method="post" action="/tokens/${token.id}/revoke"><button type="submit" class="button button-danger-quiet">Revoke</button></form>` : ''}</td>
    </tr>`;
}

const copyButton = (target: string, label: string) =>
  html`<button type="button" class="button button-small copy-btn" data-copy-target="${target}" aria-label="${label}">Copy</button>`;

function createdAlert(created: { name: string; token: string }): SafeHtml {
  return html`<section class="card alert alert-success" id="created-token" role="status">
      <h2>Token “${created.name}” created</h2>
      <p>Copy it now: it is shown only this once, and only its hash is stored.</p>
      <div class="link-row"><code id="new-token">${created.token}</code> ${copyButton('new-token', 'Copy token')}</div>
      <p class="hint">In a shell: <code id="new-token-export">export PICOSHARE_TOKEN=${created.token}</code> ${copyButton('new-token-export', 'Copy export line')}</p>
    </section>`;
}

export function apiTokensPage(ctx: ViewContext, view: ApiTokensView): SafeHtml {
  const table = view.tokens.length
    ? html`<div class="table-container"><table class="table" aria-label="API tokens">
        <thead><tr><th>Name</th><th>Scope</th><th>Created</th><th>Last used</th><th>Expires</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${view.tokens.map((t) => row(t, view.now))}</tbody></table></div>
        ${pager({ ...view.paging, shown: view.tokens.length, noun: ['token', 'tokens'] })}`
    : html`<p class="empty-state card">No API tokens yet.</p>`;
  return layout(ctx, {
    title: 'PicoShare - API Tokens',
    script: 'js/pages/api-tokens.js',
    current: 'system',
    body: html`
      <h1>API tokens</h1>
      <p class="lead">Tokens let scripts and apps use this server without the passphrase. Each is limited to a scope and can be
        revoked at any time. <a href="/api/docs">API reference</a></p>
      <div class="stack">
        ${view.created ? createdAlert(view.created) : ''}
        <form class="card form" method="post" action="/tokens" id="token-form">
          <h2>New token</h2>
          <div class="field"><label for="token-name">Name</label><input type="text" id="token-name" name="name" required maxlength="100" placeholder="backup script"></div>
          <div class="field-row">
            <div class="field"><label for="token-scope">Scope</label>
              <select id="token-scope" name="scope">
                <option value="upload">Upload: create files, nothing else</option>
                <option value="files">Files: upload, list, edit and delete files</option>
                <option value="admin">Admin: everything, guest links and settings too</option>
              </select></div>
            <div class="field"><label for="token-expiry">Expires</label>
              <select id="token-expiry" name="expires">${EXPIRY_CHOICES.map(([value, label]) => html`<option value="${value}">${label}</option>`)}</select></div>
          </div>
          ${errorAlert('form-error', view.error)}
          <div class="actions"><button type="submit" class="button button-primary">Create token</button></div>
        </form>
        ${table}
        <section class="card">
          <h2>ShareX</h2>
          <p>A custom uploader for <a href="https://getsharex.com/">ShareX</a>, with a new <strong>upload</strong> token for this server
            inside. Open the downloaded file to add it.</p>
          <form method="post" action="/tokens/sharex"><button type="submit" class="button">Download ShareX uploader (.sxcu)</button></form>
        </section>
        <section class="card">
          <h2>From the command line</h2>
          ${view.snippets.map((s) => html`<h3>${s.title}</h3><div class="snippet"><pre id="${s.id}">${s.text}</pre>${copyButton(s.id, `Copy ${s.title}`)}</div>`)}
        </section>
      </div>`,
  });
}
