// Time to summarise hostile User-Agent headers (issue 10), against the old
// Safari pattern, which backtracked quadratically:
//
//   node --import tsx bench/user-agent.ts
import { summarizeUserAgent } from '../src/domain/user-agent.js';

const OLD_SAFARI = /\bVersion\/[\d.]+.*\bSafari\//;
const INPUTS: [string, string][] = [
  ['"Version/1 " × 1,500 (15 KB)', 'Version/1 '.repeat(1500)],
  ['"Version/1 " × 16,000 (160 KB)', 'Version/1 '.repeat(16_000)],
  ['"Version/" + "1." × 8,000', `Version/${'1.'.repeat(8000)}`],
  ['"A" × 16,000', 'A'.repeat(16_000)],
  ['real Chrome header', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'],
];

function time(run: () => unknown, rounds: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) run();
  return Number(process.hrtime.bigint() - started) / 1e6 / rounds;
}

console.log('input'.padEnd(34), 'summarizeUserAgent'.padStart(20), 'old Safari pattern'.padStart(20));
for (const [name, input] of INPUTS) {
  const now = time(() => summarizeUserAgent(input), 1000);
  // The old pattern on the full header, as it ran before the cut; few rounds, it is slow.
  const old = input.length > 20_000 ? NaN : time(() => OLD_SAFARI.test(input), 3);
  console.log(name.padEnd(34), `${now.toFixed(4)} ms`.padStart(20), `${Number.isNaN(old) ? 'skipped' : `${old.toFixed(2)} ms`}`.padStart(20));
}
