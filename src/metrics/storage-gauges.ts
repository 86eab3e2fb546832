import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../domain/clock.js';
import { statDisk } from '../store/disk-guard.js';
import type { Store } from '../store/store.js';

export interface StorageGaugeDeps {
  store: Store;
  clock: Clock;
  /** The database file; without it (tests) the file sizes and free disk are left out. */
  dbPath: string | undefined;
}

const fileSize = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/**
 * Figures read when Prometheus scrapes, not kept up to date on every write:
 * one aggregate query over `entries` and a few stat calls per scrape.
 */
export function registerStorageGauges(registry: Registry, { store, clock, dbPath }: StorageGaugeDeps): void {
  const registers = [registry];
  let totals: { count: number; bytes: number } | undefined;
  // Both gauges come from one query; the first of them to be collected runs it.
  const readTotals = () => (totals ??= store.entries.entryTotals(clock.now()));
  new Gauge({
    name: 'picoshare_stored_files',
    help: 'Files stored and not expired.',
    registers,
    collect() {
      totals = undefined;
      this.set(readTotals().count);
    },
  });
  new Gauge({
    name: 'picoshare_stored_bytes',
    help: 'Bytes of the files stored and not expired.',
    registers,
    collect() {
      this.set(readTotals().bytes);
    },
  });
  if (dbPath === undefined) return;
  new Gauge({
    name: 'picoshare_database_bytes',
    help: 'Size of the SQLite database file.',
    registers,
    collect() {
      this.set(fileSize(dbPath));
    },
  });
  new Gauge({
    name: 'picoshare_database_wal_bytes',
    help: 'Size of the SQLite write-ahead log.',
    registers,
    collect() {
      this.set(fileSize(`${dbPath}-wal`));
    },
  });
  new Gauge({
    name: 'picoshare_disk_free_bytes',
    help: 'Bytes free for the server on the disk holding the database.',
    registers,
    collect() {
      this.set((store.writer.disk?.report() ?? statDisk(dirname(dbPath))).freeBytes);
    },
  });
}
