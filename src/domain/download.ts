import type { EntryId } from './ids.js';

export interface Download {
  time: Date;
  clientIp: string | null;
  userAgent: string | null;
}

export interface NewDownload extends Download {
  entryId: EntryId;
}
