import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { login, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { HTML, uploadEntry } from './pages-support.js';

// Issue 14: browsers get error pages in the site's look, scripts keep
// upstream's plain-text bodies and statuses.

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const CURL = { accept: '*/*' };
const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
const heading = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1];

const CASES = [
  { description: 'a file that never existed', url: () => '/-abcdefghij', status: 404, text: 'entry not found\n', heading: 'File not found' },
  { description: 'a mistyped file link', url: () => '/-abc', status: 400, text: /^bad entry ID: /, heading: 'This link is not right' },
  { description: 'an unknown guest link', url: () => '/g/abcdefghijkmnopq', status: 404, text: 'Invalid guest link ID\n', heading: 'Guest link not found' },
  { description: 'a mistyped guest link', url: () => '/g/abcdefghijkmnopqr', status: 400, text: /^Invalid guest link ID: /, heading: 'Guest link not found' },
  { description: 'an unknown page', url: () => '/no/such/page', status: 404, text: '404 page not found\n', heading: 'Page not found' },
];

describe('by Accept', () => {
  for (const c of CASES) {
    test(`${c.description}: a page for a browser, text for a script`, async () => {
      const page = await get(c.url(), HTML);
      assert.equal(page.statusCode, c.status, 'the same status either way');
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(heading(page.body), c.heading);
      assert.match(page.body, /class="site-header"/, "the site's look");
      const csp = String(page.headers['content-security-policy']);
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce && page.body.includes(`nonce="${nonce}"`), 'scripts and styles run with the nonce');
      assert.doesNotMatch(csp, /sandbox/);

      for (const headers of [CURL, {}, { accept: 'application/json' }, { accept: 'text/plain, text/html;q=0.5' }]) {
        const text = await get(c.url(), headers);
        assert.equal(text.statusCode, c.status);
        assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8', JSON.stringify(headers));
        if (typeof c.text === 'string') assert.equal(text.body, c.text);
        else assert.match(text.body, c.text);
      }
    });
  }

  test('a used-up file: the page says its downloads are used, scripts get upstream-style text (issue 15)', async () => {
    const id = await uploadEntry(t.app, 'once.txt', { expiration: '2999-12-31T00:00:00Z' });
    const limited = await t.app.inject({ method: 'PUT', url: `/api/entry/${id}`, headers: { cookie: await login(t.app) }, payload: { filename: 'once.txt', maxDownloads: 1 } });
    assert.equal(limited.statusCode, 200, limited.body);
    assert.equal((await get(`/-${id}`, CURL)).statusCode, 200);
    const page = await get(`/-${id}`, HTML);
    assert.equal(page.statusCode, 410);
    assert.equal(heading(page.body), 'Download limit reached');
    const text = await get(`/-${id}`, CURL);
    assert.equal(text.statusCode, 410);
    assert.equal(text.body, 'download limit reached\n');
  });

  test('an expired file: the page says it may have expired, the API says entry not found', async () => {
    const id = await uploadEntry(t.app, 'soon.txt', { expiration: new Date(t.clock.now().getTime() + 2 * 3600_000).toISOString() });
    assert.equal((await get(`/-${id}`, HTML)).statusCode, 200);
    t.clock.advance(3 * 3600_000);
    const page = await get(`/-${id}`, HTML);
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /it may have expired/);
    assert.match(page.body, /ask the person who shared the link/);
    assert.equal((await get(`/-${id}/soon.txt`, CURL)).body, 'entry not found\n');
  });

  test('a guest upload to an inactive link still answers in text (a script posts there)', async () => {
    const cookie = await login(t.app);
    const id = await createGuestLink(t.app);
    await t.app.inject({ method: 'PUT', url: `/api/guest-links/${id}/disable`, headers: { cookie } });
    const res = await t.app.inject({ method: 'POST', url: `/api/guest/${id}`, headers: { ...HTML, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    const page = await get(`/g/${id}`, HTML);
    assert.equal(page.statusCode, 200, "upstream's inactive page");
    assert.match(page.body, /Guest Link Inactive/);
  });

  test("the owner's navigation on the owner's error pages", async () => {
    const cookie = await login(t.app);
    const page = await get('/-abcdefghij', { ...HTML, cookie });
    assert.match(page.body, /Log Out/);
    assert.match(page.body, /Go to the home page|Go to your files|ask the person/);
    assert.doesNotMatch((await get('/-abcdefghij', HTML)).body, /Log Out/);
  });

  test('the message is escaped', async () => {
    const page = await get('/-<script>alert(1)</script>', HTML);
    assert.equal(page.statusCode, 400);
    assert.doesNotMatch(page.body, /<script>alert/);
  });
});

describe('with a separate download host', () => {
  test('the download host answers in text: it serves no pages or stylesheets', async () => {
    const other = await startTestApp({ downloadOrigin: 'http://dl.example.com' });
    try {
      const res = await other.app.inject({ method: 'GET', url: '/-abcdefghij', headers: { ...HTML, host: 'dl.example.com' } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.body, 'entry not found\n');
    } finally {
      await other.close();
    }
  });
});
