import type { EntryId } from './ids.js';

export interface Download {
  time: Date;
  clientIp: string | null;
  userAgent: string | null;
}

export interface NewDownload extends Download {
  entryId: EntryId;
}

/** The most recent download from each IP, newest first (upstream's `?unique=true`). */
export function latestPerIp(newestFirst: readonly Download[]): Download[] {
  const seen = new Set<string | null>();
  return newestFirst.filter((d) => !seen.has(d.clientIp) && (seen.add(d.clientIp), true));
}
