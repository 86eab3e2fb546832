import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASIC, login, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { uploadEntry } from './pages-support.js';

// What a hostile visitor or guest could put into text the owner later views.
const HOSTILE = '<img src=x onerror=alert(1)>';

let t: TestApp;
let cookie: string;
let entryId: string;
let guestLinkId: string;
before(async () => {
  t = await startTestApp();
  cookie = await login(t.app);
  entryId = await uploadEntry(t.app, `${HOSTILE}.txt`, { note: `note ${HOSTILE}` });
  guestLinkId = await createGuestLink(t.app, { label: `label ${HOSTILE}` });
  // A download whose user agent is hostile too.
  await t.app.inject({ method: 'GET', url: `/-${entryId}`, headers: { 'user-agent': `agent ${HOSTILE}` } });
});
after(() => t.close());

const pages = () => [
  '/',
  '/login',
  `/g/${guestLinkId}`,
  '/files',
  `/files/${entryId}/info`,
  `/files/${entryId}/edit`,
  `/files/${entryId}/confirm-delete`,
  `/files/${entryId}/downloads`,
  '/guest-links',
  '/guest-links/new',
  '/settings',
  '/information',
];

/** Every attribute of every tag, as [name, value]: escaped text has no `<`, so tags are found reliably. */
function attributes(body: string): [string, string][] {
  const found: [string, string][] = [];
  for (const [tag] of body.matchAll(/<[a-zA-Z][^>]*>/g)) {
    for (const m of tag.matchAll(/\s([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      found.push([m[1]!, m[2] ?? m[3] ?? m[4] ?? '']);
    }
  }
  return found;
}

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('Content-Security-Policy', () => {
  test('every page has one with a fresh nonce, and every <script> and stylesheet carries that nonce', async () => {
    const seen = new Set<string>();
    for (const url of pages()) {
      for (let i = 0; i < 2; i++) {
        const res = await get(url);
        const csp = String(res.headers['content-security-policy']);
        const nonce = /'nonce-([A-Za-z0-9+/]{22}==)'/.exec(csp)?.[1];
        assert.ok(nonce, `${url}: no nonce in ${csp}`);
        assert.ok(!seen.has(nonce), `${url}: nonce reused`);
        seen.add(nonce);
        assert.equal(
          csp,
          `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'nonce-${nonce}'; img-src 'self' data:; ` +
            "media-src 'self' data:; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none';",
        );
        assert.match(csp, /frame-ancestors 'none';$/);
        const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        assert.ok(scripts.length >= 1, url);
        const sheets = [...res.body.matchAll(/<link\b[^>]*rel="(?:stylesheet|modulepreload)"[^>]*>/g)].map((m) => m[0]);
        assert.ok(sheets.length >= 1, url);
        assert.doesNotMatch(res.body, /<style\b/, `${url}: inline <style>`);
        for (const tag of [...scripts, ...sheets]) assert.ok(tag.includes(`nonce="${nonce}"`), `${url}: ${tag}`);
      }
    }
  });

  test('pages have no inline event handlers, javascript: URLs or style attributes', async () => {
    for (const url of pages()) {
      for (const [name, value] of attributes((await get(url)).body)) {
        assert.doesNotMatch(name, /^(on|style$)/i, `${url}: ${name}`);
        assert.doesNotMatch(value, /^\s*javascript:/i, `${url}: ${name}=${value}`);
      }
    }
  });

  test('downloads have a policy of their own that loads nothing from other sites (test/http/security-csp)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/-${entryId}` });
    assert.match(String(res.headers['content-security-policy']), /^default-src 'none'; /);
  });
});

describe('escaping', () => {
  test('filenames, notes, labels and user agents never reach a page as markup', async () => {
    for (const url of pages()) {
      const body = (await get(url)).body;
      assert.ok(!body.includes('<img src=x'), `${url} contains raw markup`);
    }
  });

  test('they are shown as text where the owner looks for them', async () => {
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    // <wbr> lets a long name wrap after its dot (issue 14).
    assert.ok((await get('/files')).body.includes(`>${escaped}.<wbr>txt</a>`));
    assert.ok((await get('/files')).body.includes(`note ${escaped}`));
    assert.ok((await get(`/files/${entryId}/info`)).body.includes(`filename="${escaped}.txt"`));
    assert.ok((await get(`/files/${entryId}/edit`)).body.includes(`value="${escaped}.txt"`));
    assert.ok((await get(`/files/${entryId}/downloads`)).body.includes(`title="agent ${escaped}"`));
    assert.ok((await get('/guest-links')).body.includes(`label ${escaped}`));
  });

  test('quotes cannot break out of attributes', async () => {
    const id = await uploadEntry(t.app, 'renamed.txt');
    const filename = 'a" autofocus onfocus="alert(1).txt';
    const edit = await t.app.inject({ method: 'PUT', url: `/api/entry/${id}`, headers: { authorization: BASIC }, payload: JSON.stringify({ filename }) });
    assert.equal(edit.statusCode, 200, edit.body);
    const body = (await t.app.inject({ method: 'GET', url: `/files/${id}/edit`, headers: { authorization: BASIC } })).body;
    assert.ok(body.includes('value="a&quot; autofocus onfocus=&quot;alert(1).txt"'));
  });
});
