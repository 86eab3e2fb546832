import type { DiskUsage } from '../../src/system-info.js';
import type { ViewContext } from '../context.js';
import { formatPercent, formatSize } from '../format.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

export interface InformationView {
  disk: DiskUsage | undefined;
  uploadBytes: number;
  fileCount: number;
  databaseBytes: number | undefined;
  version: string;
}

function diskSection(disk: DiskUsage) {
  return html`<section class="card">
      <h2>Disk usage</h2>
      <progress class="meter" max="${disk.totalBytes}" value="${disk.usedBytes}" aria-label="Disk usage">${formatPercent(disk.usedBytes, disk.totalBytes)}</progress>
      <p>Server disk usage: <strong>${formatSize(disk.usedBytes)}</strong> (${formatPercent(disk.usedBytes, disk.totalBytes)}) used of ${formatSize(disk.totalBytes)} total.</p>
    </section>`;
}

/** Disk use, PicoShare's own use and the version (picoshare.md §6.4). */
export function informationPage(ctx: ViewContext, view: InformationView) {
  return layout(ctx, {
    title: 'PicoShare - System Information',
    current: 'system',
    body: html`
      <h1>System Information</h1>
      <div class="stack">
        ${view.disk ? diskSection(view.disk) : ''}
        <section class="card">
          <h2>PicoShare usage</h2>
          <dl class="stats">
            <div><dt>Upload data</dt><dd>${formatSize(view.uploadBytes)} <span class="muted">in ${view.fileCount} ${view.fileCount === 1 ? 'file' : 'files'}</span></dd></div>
            <div><dt>Database files</dt><dd>${view.databaseBytes === undefined ? 'Unknown' : formatSize(view.databaseBytes)}</dd></div>
          </dl>
          <details class="explainer">
            <summary>Why is the database bigger than the uploads?</summary>
            <p>When files are deleted or expire, the database keeps their space and reuses it for new
              uploads instead of giving it back to the disk. Running SQLite's <code>VACUUM</code> (or starting
              the server with <code>--vacuum</code>) returns it, at the cost of rewriting the whole database.</p>
          </details>
        </section>
        <section class="card">
          <h2>Version</h2>
          <p class="version">Version: <strong>${view.version}</strong></p>
        </section>
      </div>`,
  });
}
