import type { DiskReport } from '../../src/store/disk-guard.js';
import type { DiskUsage } from '../../src/system-info.js';
import type { ViewContext } from '../context.js';
import { formatPercent, formatSize } from '../format.js';
import { html } from '../html.js';
import { layout } from '../layout.js';

export interface InformationView {
  disk: DiskUsage | undefined;
  /** Free space against the upload reserve (issue 11); unknown in some tests. */
  room: DiskReport | undefined;
  uploadBytes: number;
  fileCount: number;
  databaseBytes: number | undefined;
  version: string;
}

const ROOM_STATES = {
  ok: 'OK',
  low: 'Low: under twice the reserve. Delete files or grow the disk before uploads are refused.',
  full: 'Full: uploads are refused until files are deleted.',
};

function roomLine(room: DiskReport) {
  return html`<p>Free space: <strong>${formatSize(room.freeBytes)}</strong>, and ${formatSize(room.reusableBytes)} left by deleted
      files inside the database; uploads keep ${formatSize(room.reserveBytes)} free.
      State: <strong class="disk-${room.state}">${ROOM_STATES[room.state]}</strong></p>`;
}

function diskSection(disk: DiskUsage, room: DiskReport | undefined) {
  return html`<section class="card">
      <h2>Disk usage</h2>
      <progress class="meter" max="${disk.totalBytes}" value="${disk.usedBytes}" aria-label="Disk usage">${formatPercent(disk.usedBytes, disk.totalBytes)}</progress>
      <p>Server disk usage: <strong>${formatSize(disk.usedBytes)}</strong> (${formatPercent(disk.usedBytes, disk.totalBytes)}) used of ${formatSize(disk.totalBytes)} total.</p>
      ${room ? roomLine(room) : ''}
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
        ${view.disk ? diskSection(view.disk, view.room) : ''}
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
