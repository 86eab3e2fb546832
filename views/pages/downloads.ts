import type { Download } from '../../src/domain/download.js';
import type { Entry } from '../../src/domain/entry.js';
import type { EntryLimitState } from '../../src/domain/entry-limits.js';
import { summarizeUserAgent } from '../../src/domain/user-agent.js';
import { formatTimestamp } from '../../src/domain/time.js';
import type { ViewContext } from '../context.js';
import { dataTable, linkButton, pager, wrappableName, type PagerView } from '../components.js';
import { formatLongTime } from '../format.js';
import { html } from '../html.js';
import { layout } from '../layout.js';
import { limitText } from '../limit-facts.js';

export interface DownloadsView {
  entry: Entry;
  /** One page, newest first, already filtered when `unique` is set. */
  downloads: Download[];
  paging: Omit<PagerView, 'shown' | 'noun'>;
  unique: boolean;
  limits?: EntryLimitState | undefined;
}

function table(downloads: Download[], paging: DownloadsView['paging']) {
  // Downloads are numbered from the oldest, as upstream numbers them.
  const first = paging.total - paging.offset;
  const rows = downloads.map((d, i) => {
    const { browser, platform } = summarizeUserAgent(d.userAgent);
    return html`<tr role="row">
        <td role="cell" class="cell-number">${first - i}</td>
        <td role="cell" data-label="Time"><time datetime="${formatTimestamp(d.time)}" data-format="long">${formatLongTime(d.time)}</time></td>
        <td role="cell" data-label="IP" class="cell-ip">${d.clientIp ?? 'Unknown'}</td>
        <td role="cell" data-label="Browser" title="${d.userAgent ?? ''}">${browser}</td>
        <td role="cell" data-label="Platform">${platform}</td>
      </tr>`;
  });
  return dataTable('downloads-table', ['Download', 'Time', 'Downloader IP', 'Browser', 'Platform'], rows);
}

/** Who fetched a file and when (picoshare.md §5.6). */
export function downloadsPage(ctx: ViewContext, view: DownloadsView) {
  const { entry, downloads, unique, paging } = view;
  const filter = html`<label class="checkbox unique-filter"><input type="checkbox" id="unique-ips-only"${unique ? html` checked` : ''}> Unique IPs only</label>`;
  const content =
    paging.total === 0 && !unique
      ? html`<p class="empty-state card">No downloads yet.</p>`
      : html`${filter}${table(downloads, paging)}${pager({ ...paging, shown: downloads.length, noun: unique ? ['IP address', 'IP addresses'] : ['download', 'downloads'] })}`;
  return layout(ctx, {
    title: 'PicoShare - Downloads',
    script: 'js/pages/downloads.js',
    current: 'files',
    body: html`
      <h1>Downloads</h1>
      <h2 class="subject">${wrappableName(entry.filename)}</h2>
      ${view.limits?.maxDownloads != null ? html`<p class="lead" id="downloads-left">Download limit: ${limitText(view.limits)}. Only whole files received count toward it.</p>` : ''}
      ${content}
      <div class="actions">${linkButton(`/files/${entry.id}/info`, 'Close', { back: true })}</div>`,
  });
}
