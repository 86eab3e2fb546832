import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectText, login, screenshot, startSession, textFile, uploadFiles, type Session } from './support.js';

// How the pages look: light and dark (following the system), desktop and a
// 375-pixel phone, without console errors (CSP refusals show up there).
// Screenshots of each go to test-results/screenshots/ for people to look at.
// axe-core finds no accessibility violation on any of them (issue 14).

// Evaluated rather than added as a <script>: the pages' CSP admits only their own.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const VARIANTS = [
  { name: 'desktop-light', viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
  { name: 'desktop-dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
  { name: 'phone-light', viewport: { width: 375, height: 812 }, colorScheme: 'light' },
  { name: 'phone-dark', viewport: { width: 375, height: 812 }, colorScheme: 'dark' },
] as const;

export type Variant = (typeof VARIANTS)[number];

let session: Session;
let ids: { entry: string; guestLink: string; inactiveLink: string };

/**
 * Every page in these variants, one test each. Two test files share the four
 * variants, so that each stays well within the runner's per-file timeout on
 * busy machines (axe-core takes a while per page).
 */
export function checkLooks(variants: readonly Variant[]): void {
  before(async () => {
    session = await startSession();
    const setup = await session.newPage();
    await login(setup);
    await setup.locator('#note').fill('For Joe at ExampleCo');
    await uploadFiles(setup, [textFile('quarterly-report.pdf', 'not really a PDF', 'application/pdf')]);
    const shortLink = String(await setup.locator('#short-link-box #link').textContent());
    await setup.request.get(shortLink);
    const api = setup.request;
    const create = async (label: string) =>
      ((await (await api.post('/api/guest-links', { data: { label, urlExpirationTime: '2999-12-31T00:00:00Z', fileLifetime: '720h0m0s', maxFileBytes: 104857600, maxFileUploads: 5 } })).json()) as { id: string }).id;
    const guestLink = await create('For Jane’s tax documents');
    const inactiveLink = await create('Old link');
    await api.put(`/api/guest-links/${inactiveLink}/disable`);
    ids = { entry: shortLink.slice(shortLink.lastIndexOf('-') + 1), guestLink, inactiveLink };
  });
  after(() => session.close());

  const ownerPages = () => [
    { name: 'upload', path: '/' },
    { name: 'files', path: '/files' },
    { name: 'file-info', path: `/files/${ids.entry}/info` },
    { name: 'file-edit', path: `/files/${ids.entry}/edit` },
    { name: 'file-delete', path: `/files/${ids.entry}/confirm-delete` },
    { name: 'downloads', path: `/files/${ids.entry}/downloads` },
    { name: 'guest-links', path: '/guest-links' },
    { name: 'guest-link-new', path: '/guest-links/new' },
    { name: 'settings', path: '/settings' },
    { name: 'information', path: '/information' },
  ];
  const publicPages = () => [
    { name: 'welcome', path: '/' },
    { name: 'login', path: '/login' },
    { name: 'guest-upload', path: `/g/${ids.guestLink}` },
    { name: 'guest-inactive', path: `/g/${ids.inactiveLink}` },
    { name: 'error-file-missing', path: '/-abcdefghij' },
    { name: 'error-guest-link', path: '/g/abcdefghijkmnopq' },
  ];

  /** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
  function luminance(color: string): number {
    const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

  async function check(page: Page, variant: Variant, name: string, errors: string[]): Promise<void> {
    const look = await page.evaluate(() => {
      const { document, getComputedStyle, innerWidth } = globalThis as any;
      const body = getComputedStyle(document.body);
      return { background: body.backgroundColor as string, color: body.color as string, scrollWidth: document.documentElement.scrollWidth as number, innerWidth: innerWidth as number };
    });
    const background = luminance(look.background);
    if (variant.colorScheme === 'dark') assert.ok(background < 0.05, `${name}: dark background, got ${look.background}`);
    else assert.ok(background > 0.85, `${name}: light background, got ${look.background}`);
    assert.ok(contrast(background, luminance(look.color)) >= 7, `${name}: text contrast`);
    assert.ok(look.scrollWidth <= look.innerWidth, `${name} at ${variant.name}: page is ${look.scrollWidth}px wide in a ${look.innerWidth}px window`);
    // An error page's own 4xx is the one console error it may have.
    assert.deepEqual(errors.filter((e) => !(name.startsWith('error-') && /status of 40\d/.test(e))), [], `${name}: console errors`);
    errors.length = 0;
    await page.evaluate(`${AXE}\n;0`);
    const violations = await page.evaluate<string[]>(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
    );
    assert.deepEqual(violations, [], `${name} at ${variant.name}: axe-core violations`);
    // axe-core's own inline styles are refused by the page's CSP: not the page's errors.
    errors.length = 0;
    await screenshot(page, `${name}-${variant.name}`);
  }

  describe('every page, light and dark, desktop and phone', () => {
    for (const variant of variants) {
      test(variant.name, async () => {
        const page = await session.newPage({ viewport: variant.viewport, colorScheme: variant.colorScheme });
        const errors: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(message.text());
        });
        page.on('pageerror', (err) => errors.push(err.message));

        for (const { name, path } of publicPages()) {
          await page.goto(path);
          await check(page, variant, name, errors);
        }
        await login(page);
        for (const { name, path } of ownerPages()) {
          await page.goto(path);
          await page.locator('body').waitFor();
          await check(page, variant, name, errors);
        }
        await page.goto('/');
        await page.locator('.file-input').setInputFiles([textFile('holiday-photos-with-a-rather-long-name.zip', 'zip'), textFile('notes.txt', 'notes')]);
        await expectText(page.locator('#upload-result .message-body'), 'Upload complete!');
        await page.locator('#upload-result .qr svg').first().waitFor();
        await check(page, variant, 'upload-result', errors);
      });
    }
  });
}
