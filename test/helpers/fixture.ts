import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from './scratch.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../../shared/fixtures/picoshare-1.4.4/', import.meta.url));

export interface FixtureManifest {
  sharedSecret: string;
  settings: { defaultExpirationDays: number };
  guestLinks: { id: string; label: string; maxFileBytes: number; maxFileUploads: number; urlExpiration: string; filesUploaded: number }[];
  downloads: Record<string, number>;
  entries: {
    id: string;
    filename: string;
    contentType: string;
    size: number;
    sha256: string;
    note: string | null;
    expiration: string;
    guestLinkId: string | null;
  }[];
}

export const manifest = (): FixtureManifest => JSON.parse(readFileSync(join(FIXTURE_DIR, 'manifest.json'), 'utf8'));

/** A writable copy of the database upstream PicoShare 1.4.4 wrote. */
export function copyFixtureDb(): string {
  const path = join(scratchDir('fixture'), 'store.db');
  copyFileSync(join(FIXTURE_DIR, 'store.db'), path);
  return path;
}
