import type { FastifyInstance } from 'fastify';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface Family {
  name: string;
  help: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }[];
}

export const parseMetrics = (text: string): Family[] => parsePrometheusTextFormat(text) as Family[];

/** The sample of `name` whose labels include `labels`; 0 when the series does not exist yet. */
export function sample(families: Family[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  const series = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!series) return 0;
  return Number(series.value ?? series.count);
}

export async function scrape(app: FastifyInstance, token: string): Promise<Family[]> {
  const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}: ${res.body}`);
  return parseMetrics(res.body);
}

/**
 * The `_count` series of histogram `name`, read from the text itself: the
 * parser merges a histogram's labelled series into one.
 */
export function histogramCounts(text: string, name: string): { labels: Record<string, string>; count: number }[] {
  const out: { labels: Record<string, string>; count: number }[] = [];
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}_count\\{(.*)\\} (\\S+)$`).exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    out.push({ labels, count: Number(m[2]) });
  }
  return out;
}
