import { databaseDiskBytes, readResidentMemory } from './proc.js';

// Often enough to catch short peaks, rarely enough to cost the bench nothing.
const INTERVAL_MS = 20;

export interface Samples {
  peakRss: number;
  peakAnon: number;
  peakDiskBytes: number;
  count: number;
}

/** Samples the server's RSS and the database's size on disk until stopped. */
export function startSampler(pid: number, dbPath: string): { stop(): Samples } {
  const samples: Samples = { peakRss: 0, peakAnon: 0, peakDiskBytes: 0, count: 0 };
  const sample = (): void => {
    try {
      const memory = readResidentMemory(pid);
      samples.peakRss = Math.max(samples.peakRss, memory.rss);
      samples.peakAnon = Math.max(samples.peakAnon, memory.anon);
      samples.peakDiskBytes = Math.max(samples.peakDiskBytes, databaseDiskBytes(dbPath));
      samples.count++;
    } catch {
      // The server is gone; whoever waits on it reports that.
    }
  };
  sample();
  const timer = setInterval(sample, INTERVAL_MS);
  return {
    stop(): Samples {
      clearInterval(timer);
      sample();
      return samples;
    },
  };
}
