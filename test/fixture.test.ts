import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { login, startTestApp, type TestApp } from './helpers/app.js';
import { copyFixtureDb, manifest } from './helpers/fixture.js';

// The database upstream PicoShare 1.4.4 wrote, opened by this server: every file
// at the same URL, byte for byte, with everything around it kept.
const fixture = manifest();
let t: TestApp;

before(async () => {
  t = await startTestApp({ dbPath: copyFixtureDb(), secret: fixture.sharedSecret });
});
after(() => t.close());

test('history, notes, expirations, guest link and settings survive the migration', () => {
  for (const [entryId, count] of Object.entries(fixture.downloads)) {
    assert.equal(t.store.downloads.countDownloads(entryId as never), count);
  }
  for (const want of fixture.entries) {
    const entry = t.store.entries.findEntry(want.id as never, t.clock.now());
    assert.ok(entry, want.id);
    assert.equal(entry.filename, want.filename);
    assert.equal(entry.size, want.size);
    assert.equal(entry.note, want.note);
    assert.equal(entry.guestLinkId, want.guestLinkId);
    assert.equal(entry.expirationTime!.toISOString().replace('.000Z', 'Z'), want.expiration);
  }
  const [link] = fixture.guestLinks;
  const row = t.db.prepare('SELECT * FROM guest_links WHERE id = ?').get(link!.id) as Record<string, unknown>;
  assert.deepEqual(
    [row.label, row.max_file_bytes, row.max_file_uploads, row.url_expiration_time, row.is_disabled],
    [link!.label, link!.maxFileBytes, link!.maxFileUploads, link!.urlExpiration, 0],
  );
  assert.equal(t.store.settings.defaultLifetimeDays(), fixture.settings.defaultExpirationDays);
});

test('every file is served byte-identical at its upstream URL, name and type', async () => {
  for (const want of fixture.entries) {
    for (const url of [`/-${want.id}`, `/-${want.id}/${encodeURIComponent(want.filename)}`, `/!${want.id}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(createHash('sha256').update(res.rawPayload).digest('hex'), want.sha256, url);
      assert.equal(res.headers['content-type'], want.contentType, url);
      assert.ok(String(res.headers['content-disposition']).endsWith(`filename*=UTF-8''${encodeURIComponent(want.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`));
    }
  }
});

test('seeking works on upstream 320 KiB chunks', async () => {
  const big = fixture.entries.find((e) => e.filename === 'random.bin')!;
  const whole = (await t.app.inject({ method: 'GET', url: `/-${big.id}` })).rawPayload;
  const res = await t.app.inject({ method: 'GET', url: `/-${big.id}`, headers: { range: 'bytes=327670-655369' } });
  assert.equal(res.statusCode, 206);
  assert.ok(res.rawPayload.equals(whole.subarray(327_670, 655_370)));
});

test("logs in with the fixture's passphrase", async () => {
  const cookie = await login(t.app, fixture.sharedSecret);
  const res = await t.app.inject({ method: 'PUT', url: `/api/entry/${fixture.entries[0]!.id}`, headers: { cookie }, payload: JSON.stringify({ filename: 'renamed.txt' }) });
  assert.equal(res.statusCode, 200);
});
