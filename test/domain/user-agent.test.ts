import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeUserAgent, truncateUserAgent } from '../../src/domain/user-agent.js';

const cases = [
  { description: 'Chrome on Windows', input: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', want: ['Chrome', 'Windows'] },
  { description: 'headless Chrome counts as Chrome', input: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36', want: ['Chrome', 'Linux'] },
  { description: 'Firefox on macOS', input: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0', want: ['Firefox', 'macOS'] },
  { description: 'Safari on iPhone', input: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', want: ['Safari', 'iOS'] },
  { description: 'Edge is not Chrome', input: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', want: ['Edge', 'Windows'] },
  { description: 'Samsung Internet on Android', input: 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36', want: ['Samsung Browser', 'Android'] },
  { description: 'curl', input: 'curl/8.5.0', want: ['curl', 'Unknown'] },
  { description: 'nothing', input: null, want: ['Unknown', 'Unknown'] },
  { description: 'Version/ without Safari/ is not Safari', input: 'Mozilla/5.0 (Macintosh) Version/17.4', want: ['Unknown', 'macOS'] },
  { description: 'Safari/ before Version/ is not Safari', input: 'Safari/604.1 Version/17.4', want: ['Unknown', 'Unknown'] },
  { description: 'Safari/ glued to the version is not Safari', input: 'Version/17.4XSafari/604.1', want: ['Unknown', 'Unknown'] },
  // Hostile headers (issue 10) get the same names as before, from their first
  // 256 bytes; their cost is measured by bench/user-agent.ts, not timed here.
  { description: 'hostile: "Version/1 " repeated', input: 'Version/1 '.repeat(1500), want: ['Unknown', 'Unknown'] },
  { description: 'hostile: "Version/1 " repeated, then Safari/', input: `${'Version/1 '.repeat(20)}Safari/1`, want: ['Safari', 'Unknown'] },
  { description: 'hostile: Safari/ past the cut is not read', input: `${'Version/1 '.repeat(1500)}Safari/1`, want: ['Unknown', 'Unknown'] },
  { description: 'hostile: 15 KB of letters', input: 'A'.repeat(15_000), want: ['Unknown', 'Unknown'] },
  { description: 'hostile: a real header padded to 15 KB', input: `Mozilla/5.0 (Windows NT 10.0) Firefox/125.0 ${'x'.repeat(15_000)}`, want: ['Firefox', 'Windows'] },
  { description: 'hostile: "Edg" repeated', input: 'Edg'.repeat(5000), want: ['Unknown', 'Unknown'] },
  { description: 'hostile: dots and digits', input: `Version/${'1.'.repeat(7000)}`, want: ['Unknown', 'Unknown'] },
];

for (const { description, input, want } of cases) {
  test(description, () => {
    const { browser, platform } = summarizeUserAgent(input);
    assert.deepEqual([browser, platform], want);
  });
}

const cuts = [
  { description: 'null stays null', input: null, want: null },
  { description: 'short text is kept', input: 'curl/8.5.0', want: 'curl/8.5.0' },
  { description: 'exactly 256 ASCII bytes are kept', input: 'a'.repeat(256), want: 'a'.repeat(256) },
  { description: 'ASCII is cut at 256 bytes', input: 'a'.repeat(300), want: 'a'.repeat(256) },
  { description: 'a 2-byte letter across the cut goes', input: `${'a'.repeat(255)}é`, want: 'a'.repeat(255) },
  { description: '3-byte letters: whole ones kept', input: '€'.repeat(100), want: '€'.repeat(85) },
  { description: 'an emoji across the cut goes whole', input: `${'a'.repeat(253)}😀x`, want: 'a'.repeat(253) },
  { description: 'an emoji ending at the cut stays', input: `${'a'.repeat(252)}😀x`, want: `${'a'.repeat(252)}😀` },
];

for (const { description, input, want } of cuts) {
  test(`truncateUserAgent: ${description}`, () => {
    const cut = truncateUserAgent(input);
    assert.equal(cut, want);
    if (cut !== null) assert.ok(Buffer.byteLength(cut) <= 256);
  });
}
