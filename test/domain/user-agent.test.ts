import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeUserAgent } from '../../src/domain/user-agent.js';

const cases = [
  { description: 'Chrome on Windows', input: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', want: ['Chrome', 'Windows'] },
  { description: 'headless Chrome counts as Chrome', input: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36', want: ['Chrome', 'Linux'] },
  { description: 'Firefox on macOS', input: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0', want: ['Firefox', 'macOS'] },
  { description: 'Safari on iPhone', input: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', want: ['Safari', 'iOS'] },
  { description: 'Edge is not Chrome', input: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', want: ['Edge', 'Windows'] },
  { description: 'Samsung Internet on Android', input: 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36', want: ['Samsung Browser', 'Android'] },
  { description: 'curl', input: 'curl/8.5.0', want: ['curl', 'Unknown'] },
  { description: 'nothing', input: null, want: ['Unknown', 'Unknown'] },
];

for (const { description, input, want } of cases) {
  test(description, () => {
    const { browser, platform } = summarizeUserAgent(input);
    assert.deepEqual([browser, platform], want);
  });
}
