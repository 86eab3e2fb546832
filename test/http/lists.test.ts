import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';

// Keyset paging of the owner's lists (issue 10), through the JSON API: the
// body is the page's array, the rest is in Link and X-Total-Count.

let t: TestApp;
let db: Database.Database;
before(async () => {
  t = await startTestApp();
  db = new Database(t.dbPath);
  db.pragma('busy_timeout = 5000');
});
after(async () => {
  db.close();
  await t.close();
});
beforeEach(() => {
  db.exec('DELETE FROM downloads; DELETE FROM entries_data; DELETE FROM entries; DELETE FROM guest_links;');
});

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: BASIC } });
const stamp = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `n` files; several share an upload second, so the ID breaks ties. */
function seedFiles(n: number, name = (i: number) => `file-${i}.txt`): void {
  const entry = db.prepare("INSERT INTO entries VALUES (?, ?, 'text/plain', ?, NULL, NULL, NULL)");
  const chunk = db.prepare('INSERT INTO entries_data VALUES (?, 0, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = `e${String(i).padStart(9, '0')}`;
      entry.run(id, name(i), stamp(Math.floor(i / 3)));
      chunk.run(id, Buffer.alloc(1 + (i % 5)));
    }
  })();
}

function seedGuestLinks(n: number): void {
  const link = db.prepare("INSERT INTO guest_links (id, label, creation_time, url_expiration_time, file_expiration_time, is_disabled) VALUES (?, ?, ?, '2999-12-31T00:00:00Z', '876000h0m0s', 0)");
  db.transaction(() => {
    for (let i = 0; i < n; i++) link.run(`g${String(i).padStart(15, '0')}`, `link ${i}`, stamp(Math.floor(i / 3)));
  })();
}

const HISTORY_ID = 'hhhhhhhhhh';
/** One file with `n` downloads from `ips` addresses; several rows share a second. */
function seedHistory(n: number, ips = n): void {
  db.prepare("INSERT INTO entries VALUES (?, 'popular.iso', 'text/plain', ?, NULL, NULL, NULL)").run(HISTORY_ID, stamp(0));
  db.prepare('INSERT INTO entries_data VALUES (?, 0, ?)').run(HISTORY_ID, Buffer.alloc(3));
  const download = db.prepare('INSERT INTO downloads VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) download.run(HISTORY_ID, stamp(Math.floor(i / 2)), i % ips === 0 ? null : `10.0.0.${i % ips}`, `agent ${i}`);
  })();
}

interface Listing {
  status: number;
  items: Record<string, unknown>[];
  total: string | undefined;
  next: string | undefined;
  first: string | undefined;
  body: string;
}

/** A request, with its Link header read as RFC 8288 puts it. */
async function list(url: string): Promise<Listing> {
  const res = await get(url);
  const link = String(res.headers.link ?? '');
  const rel = (name: string) => new RegExp(`<http://[^/>]+([^>]*)>; rel="${name}"`).exec(link)?.[1];
  return {
    status: res.statusCode,
    items: res.statusCode === 200 ? res.json() : [],
    total: res.headers['x-total-count'] as string | undefined,
    next: rel('next'),
    first: rel('first'),
    body: res.body,
  };
}

/** Every page from `url`, following rel="next" (bounded). */
async function walk(url: string): Promise<Record<string, unknown>[][]> {
  const pages: Record<string, unknown>[][] = [];
  let next: string | undefined = url;
  for (let i = 0; next !== undefined && i < 100; i++) {
    const page = await list(next);
    assert.equal(page.status, 200, page.body);
    pages.push(page.items);
    next = page.next;
  }
  return pages;
}

const ids = (items: Record<string, unknown>[]) => items.map((i) => i.id ?? `${i.time} ${i.clientIp} ${i.userAgent}`);

const LISTS = [
  { name: 'GET /api/entries', url: '/api/entries', seed: seedFiles, remove: (item: Record<string, unknown>) => db.prepare('DELETE FROM entries WHERE id = ?').run(item.id) },
  { name: 'GET /api/guest-links', url: '/api/guest-links', seed: seedGuestLinks, remove: (item: Record<string, unknown>) => db.prepare('DELETE FROM guest_links WHERE id = ?').run(item.id) },
  {
    name: 'GET /api/entry/{id}/downloads',
    url: `/api/entry/${HISTORY_ID}/downloads`,
    seed: (n: number) => seedHistory(n),
    remove: (item: Record<string, unknown>) => db.prepare('DELETE FROM downloads WHERE user_agent = ?').run(item.userAgent),
  },
];

for (const { name, url, seed, remove } of LISTS) {
  const q = (params: string) => `${url}${url.includes('?') ? '&' : '?'}${params}`;
  describe(`${name} pages by key`, () => {
    test('empty: an empty array, a zero total, no next page', async (ctx) => {
      if (name.includes('downloads')) seedHistory(0);
      const page = await list(url);
      assert.deepEqual([page.status, page.items, page.total, page.next], [200, [], '0', undefined], ctx.name);
    });

    test('fewer rows than a page: one page, no next', async () => {
      seed(7);
      const page = await list(url);
      assert.deepEqual([page.items.length, page.total, page.next], [7, '7', undefined]);
    });

    test('exactly a page (the default of 100): no next page', async () => {
      seed(100);
      const page = await list(url);
      assert.deepEqual([page.items.length, page.total, page.next], [100, '100', undefined]);
    });

    test('one more than a page: the next page holds the last row', async () => {
      seed(101);
      const pages = await walk(url);
      assert.deepEqual(pages.map((p) => p.length), [100, 1]);
    });

    test('pages of any size walk the same order, each row once', async () => {
      seed(23);
      const whole = ids((await list(q('limit=1000'))).items);
      assert.equal(whole.length, 23);
      for (const limit of [1, 2, 5, 22, 23]) {
        const pages = await walk(q(`limit=${limit}`));
        assert.deepEqual(ids(pages.flat()), whole, `limit ${limit}`);
        assert.equal(pages.length, Math.ceil(23 / limit));
      }
    });

    test('a cursor still works once its row is deleted', async () => {
      seed(9);
      const whole = ids((await list(url)).items);
      const first = await list(q('limit=4'));
      remove(first.items[3]!);
      const second = await list(first.next!);
      assert.deepEqual(ids(second.items), whole.slice(4, 8));
      assert.equal(second.total, '8');
      // Back to the start, without the cursor.
      assert.deepEqual(ids((await list(second.first!)).items), ids((await list(q('limit=4'))).items));
    });

    const badQueries: [string, string][] = [
      ['limit=0', 'invalid limit: must be a whole number from 1 to 1000'],
      ['limit=1001', 'invalid limit: must be a whole number from 1 to 1000'],
      ['limit=-1', 'invalid limit: must be a whole number from 1 to 1000'],
      ['limit=1.5', 'invalid limit: must be a whole number from 1 to 1000'],
      ['limit=ten', 'invalid limit: must be a whole number from 1 to 1000'],
      ['cursor=', 'invalid cursor'],
      ['cursor=not-base64!', 'invalid cursor'],
      [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'invalid cursor'],
      [`cursor=${Buffer.from('[1,2,3]').toString('base64url')}`, 'invalid cursor'],
      [`cursor=${'A'.repeat(500)}`, 'invalid cursor'],
    ];
    for (const [bad, message] of badQueries) {
      test(`400 for ${bad.slice(0, 40)}`, async () => {
        seed(3);
        const res = await get(q(bad));
        assert.deepEqual([res.statusCode, res.body, res.headers['content-type']], [400, `${message}\n`, 'text/plain; charset=utf-8']);
      });
    }
  });
}

describe('GET /api/entries', () => {
  test('sizes and download counts are those of each file', async () => {
    seedFiles(4);
    db.prepare("INSERT INTO downloads VALUES ('e000000002', ?, '1.2.3.4', 'x'), ('e000000002', ?, '1.2.3.5', 'x')").run(stamp(5), stamp(6));
    const items = (await list('/api/entries')).items;
    const byId = Object.fromEntries(items.map((i) => [i.id, [i.size, i.downloadCount]]));
    assert.deepEqual(byId, { e000000000: [1, 0], e000000001: [2, 0], e000000002: [3, 2], e000000003: [4, 0] });
  });

  test('expired files are neither listed nor counted', async () => {
    seedFiles(3);
    db.prepare("UPDATE entries SET expiration_time = '2023-01-01T00:00:00Z' WHERE id = 'e000000001'").run();
    const page = await list('/api/entries');
    assert.deepEqual([ids(page.items), page.total], [['e000000000', 'e000000002'], '2']);
  });

  test('?q= finds names containing the text, any ASCII case, wildcards taken literally', async () => {
    const names = ['Report.PDF', 'my report 2.pdf', 'notes.txt', '100%_done.txt', '100 done.txt', 'a\\b.txt'];
    seedFiles(names.length, (i) => names[i]!);
    const found = async (query: string) => (await list(`/api/entries?q=${encodeURIComponent(query)}&limit=2`)).items.map((i) => i.filename);
    assert.deepEqual((await found('REPORT')).sort(), ['Report.PDF', 'my report 2.pdf']);
    assert.deepEqual(await found('%_'), ['100%_done.txt']);
    assert.deepEqual(await found('0_d'), []);
    assert.deepEqual(await found('\\'), ['a\\b.txt']);
    const page = await list('/api/entries?q=.txt&limit=2');
    assert.equal(page.total, '4');
    assert.ok(page.next?.includes('q=.txt'), 'the next link keeps the search');
    assert.equal((await walk('/api/entries?q=.txt&limit=2')).flat().length, 4);
    assert.equal((await get(`/api/entries?q=${'x'.repeat(256)}`)).statusCode, 400);
  });
});

describe('GET /api/entry/{id}/downloads?unique=true', () => {
  test("each IP's latest download, newest first, paged", async () => {
    seedHistory(40, 7);
    const all = (await list(`/api/entry/${HISTORY_ID}/downloads?limit=1000`)).items;
    const seen = new Set<unknown>();
    const want = all.filter((d) => !seen.has(d.clientIp) && (seen.add(d.clientIp), true));
    assert.equal(want.length, 7);
    const page = await list(`/api/entry/${HISTORY_ID}/downloads?unique=true&limit=3`);
    assert.equal(page.total, '7');
    const pages = await walk(`/api/entry/${HISTORY_ID}/downloads?unique=true&limit=3`);
    assert.deepEqual(pages.flat(), want);
  });

  test('404 for a file that does not exist', async () => {
    assert.equal((await get('/api/entry/abcdefghij/downloads')).statusCode, 404);
  });
});

describe('pages', () => {
  test('/files shows a page, its place in the list and the next one', async () => {
    seedFiles(250);
    const res = await get('/files');
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.split('<tr role="row" test-data-filename').length - 1, 100);
    assert.match(res.body, /1–100 of 250 files/);
    const next = /<a class="button" rel="next" href="([^"]+)"/.exec(res.body)![1]!.replace(/&amp;/g, '&');
    const second = await get(next);
    assert.match(second.body, /101–200 of 250 files/);
    assert.match(second.body, /href="\/files">First page</);
    // Icons are drawn once and referenced by each row.
    assert.equal(res.body.split('<symbol id="icon-copy"').length - 1, 1);
    assert.equal(res.body.split('<use href="#icon-copy"/>').length - 1, 100);
  });

  test('/files?q= keeps the search in the form and in the links', async () => {
    seedFiles(120, (i) => (i % 2 ? `odd-${i}` : `even-${i}`));
    const res = await get('/files?q=ODD&limit=50');
    assert.match(res.body, /value="ODD"/);
    assert.match(res.body, /1–50 of 60 files/);
    assert.match(res.body, /rel="next" href="\/files\?q=ODD&amp;limit=50&amp;cursor=/);
    assert.match((await get('/files?q=nothing-like-it')).body, /No file names contain “nothing-like-it”/);
  });

  test('/files without files keeps its empty state', async () => {
    assert.match((await get('/files')).body, /No files yet\./);
  });

  test('/guest-links pages and counts', async () => {
    seedGuestLinks(101);
    const res = await get('/guest-links');
    assert.equal(res.body.split('<tr role="row" class').length - 1, 100);
    assert.match(res.body, /1–100 of 101 guest links/);
  });

  test('/files/{id}/downloads numbers rows across pages', async () => {
    seedHistory(150);
    const first = await get(`/files/${HISTORY_ID}/downloads`);
    assert.match(first.body, /1–100 of 150 downloads/);
    assert.match(first.body, /<td role="cell" class="cell-number">150<\/td>/);
    const next = /rel="next" href="([^"]+)"/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    const second = await get(next);
    assert.match(second.body, /101–150 of 150 downloads/);
    assert.match(second.body, /<td role="cell" class="cell-number">50<\/td>/);
    assert.match(second.body, /<td role="cell" class="cell-number">1<\/td>/);
    assert.equal((await get(`/files/${HISTORY_ID}/downloads?cursor=zzz`)).statusCode, 400);
  });

  test('the new guest link form starts with a size cap and a file count', async () => {
    const body = (await get('/guest-links/new')).body;
    assert.match(body, /id="max-file-size"[^>]* value="1024"/);
    assert.match(body, /id="file-upload-limit"[^>]* value="10"/);
  });

  test('GET /api/guest-links/{id} answers one link; 404 for an unknown one', async () => {
    db.prepare("INSERT INTO guest_links (id, label, creation_time, url_expiration_time, is_disabled) VALUES ('abcdefghijkmnopq', 'one', ?, '2999-12-31T00:00:00Z', 0)").run(stamp(0));
    const res = await get('/api/guest-links/abcdefghijkmnopq');
    assert.deepEqual([res.statusCode, res.json().label, res.json().isActive], [200, 'one', true]);
    assert.equal((await get('/api/guest-links/bbbbbbbbbbbbbbbb')).statusCode, 404);
  });

  test('/information counts files and bytes without listing them', async () => {
    seedFiles(10);
    assert.match((await get('/information')).body, /30 B <span class="muted">in 10 files<\/span>/);
  });
});
