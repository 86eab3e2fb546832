// What the download history shows of a User-Agent header: the browser's and the
// operating system's names, as upstream shows them (it uses mileusna/useragent).
// Order matters: most browsers also claim to be the ones they descend from
// (Edge says Chrome and Safari, Chrome says Safari), so the specific ones come first.
//
// Every test is linear in the header's length: a pattern such as
// `Version\/[\d.]+.*\bSafari\/` backtracks quadratically on "Version/1 " repeated
// (issue 10), so "one thing, later another" is two searches, not one pattern.

export interface UserAgentSummary {
  browser: string;
  platform: string;
}

/**
 * Headers are stored and parsed cut to this many UTF-8 bytes: real ones are
 * well under it, and history rows stay small whatever a client sends (issue 10).
 */
export const MAX_USER_AGENT_BYTES = 256;

/** The header cut to MAX_USER_AGENT_BYTES on a character boundary. */
export function truncateUserAgent<T extends string | null>(userAgent: T): T {
  // A UTF-16 unit takes at most 3 bytes: short headers need no encoding.
  if (userAgent === null || userAgent.length * 3 <= MAX_USER_AGENT_BYTES) return userAgent;
  // Every unit takes at least a byte, so this many cover the limit.
  const head = userAgent.slice(0, MAX_USER_AGENT_BYTES);
  const bytes = Buffer.from(head);
  if (bytes.length <= MAX_USER_AGENT_BYTES) return head as T;
  let end = MAX_USER_AGENT_BYTES;
  // Back off continuation bytes (10xxxxxx) to the start of the character cut through.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') as T;
}

type Test = (text: string) => boolean;
const matches = (pattern: RegExp): Test => (text) => pattern.test(text);

/** `first`, and `then` (a global pattern) somewhere after its first match. */
const followedBy = (first: RegExp, then: RegExp): Test => (text) => {
  const found = first.exec(text);
  if (found === null) return false;
  then.lastIndex = found.index + found[0].length;
  return then.test(text);
};

const BROWSERS: [Test, string][] = [
  [matches(/\bEdg(e|A|iOS)?\//), 'Edge'],
  [matches(/\bOPR\/|\bOpera\b/), 'Opera'],
  [matches(/\bSamsungBrowser\//), 'Samsung Browser'],
  [matches(/\bVivaldi\//), 'Vivaldi'],
  [matches(/\bYaBrowser\//), 'Yandex Browser'],
  [matches(/\b(Firefox|FxiOS)\//), 'Firefox'],
  // Headless Chrome is Chrome: automated tests expect that name.
  [matches(/\b(Chrome|CriOS|HeadlessChrome|Chromium)\//), 'Chrome'],
  [followedBy(/\bVersion\/[\d.]/, /\bSafari\//g), 'Safari'],
  [matches(/\bcurl\//), 'curl'],
  [matches(/\bWget\//), 'Wget'],
  [matches(/\bpython-requests\//), 'Python Requests'],
  [matches(/\bGo-http-client\//), 'Go'],
];

const PLATFORMS: [Test, string][] = [
  [matches(/\bAndroid\b/), 'Android'],
  [matches(/\b(iPhone|iPad|iPod)\b/), 'iOS'],
  [matches(/\bCrOS\b/), 'ChromeOS'],
  [matches(/\bWindows\b/), 'Windows'],
  [matches(/\bMac OS X\b|\bMacintosh\b/), 'macOS'],
  [matches(/\bLinux\b|\bX11\b/), 'Linux'],
];

const firstMatch = (table: [Test, string][], text: string): string | undefined => table.find(([test]) => test(text))?.[1];

/** Names for a raw User-Agent header; `Unknown` for what is not recognised. */
export function summarizeUserAgent(userAgent: string | null): UserAgentSummary {
  const text = truncateUserAgent(userAgent ?? '');
  return {
    browser: firstMatch(BROWSERS, text) ?? 'Unknown',
    platform: firstMatch(PLATFORMS, text) ?? 'Unknown',
  };
}
