// What the download history shows of a User-Agent header: the browser's and the
// operating system's names, as upstream shows them (it uses mileusna/useragent).
// Order matters: most browsers also claim to be the ones they descend from
// (Edge says Chrome and Safari, Chrome says Safari), so the specific ones come first.

export interface UserAgentSummary {
  browser: string;
  platform: string;
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Browser'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\bYaBrowser\//, 'Yandex Browser'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  // Headless Chrome is Chrome: automated tests expect that name.
  [/\b(Chrome|CriOS|HeadlessChrome|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
  [/\bWget\//, 'Wget'],
  [/\bpython-requests\//, 'Python Requests'],
  [/\bGo-http-client\//, 'Go'],
];

const PLATFORMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

const firstMatch = (table: [RegExp, string][], text: string): string | undefined =>
  table.find(([pattern]) => pattern.test(text))?.[1];

/** Names for a raw User-Agent header; `Unknown` for what is not recognised. */
export function summarizeUserAgent(userAgent: string | null): UserAgentSummary {
  const text = userAgent ?? '';
  return {
    browser: firstMatch(BROWSERS, text) ?? 'Unknown',
    platform: firstMatch(PLATFORMS, text) ?? 'Unknown',
  };
}
