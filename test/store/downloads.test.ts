import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EntryId } from '../../src/domain/ids.js';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { fileForm } from '../helpers/multipart.js';

// History rows stay bounded whatever a client sends (issue 10): repeats within a
// minute are recorded once and the User-Agent is cut to 256 bytes.

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

async function upload(): Promise<EntryId> {
  const body = fileForm('hello', 'h.txt', 'text/plain');
  const res = await t.app.inject({ method: 'POST', url: '/api/entry?expiration=2999-12-31T00:00:00Z', headers: { ...body.headers, authorization: BASIC }, payload: body.payload });
  return (res.json() as { id: EntryId }).id;
}

const rows = (id: string) =>
  t.db.prepare('SELECT client_ip AS ip, user_agent AS ua, download_timestamp AS time FROM downloads WHERE entry_id = ? ORDER BY rowid').all(id) as {
    ip: string | null;
    ua: string | null;
    time: string;
  }[];
const record = (entryId: EntryId, clientIp: string | null, userAgent: string | null) =>
  t.store.writer.call('recordDownload', { entryId, time: t.clock.now(), clientIp, userAgent });

describe('recordDownload', () => {
  test('a flood of 2,000 identical downloads leaves one row per client and minute', async () => {
    const id = await upload();
    const floods: Promise<unknown>[] = [];
    for (let i = 0; i < 2000; i++) floods.push(record(id, '203.0.113.9', 'flood/1.0'));
    await Promise.all(floods);
    assert.equal(rows(id).length, 1);
    // Another client, another agent, a null agent or IP: each recorded once.
    for (let i = 0; i < 10; i++) {
      await record(id, '203.0.113.10', 'flood/1.0');
      await record(id, '203.0.113.9', 'other/2.0');
      await record(id, '203.0.113.9', null);
      await record(id, null, 'flood/1.0');
    }
    assert.equal(rows(id).length, 5);
    // Within the minute still a repeat; a minute later a new download.
    t.clock.advance(59_000);
    await record(id, '203.0.113.9', 'flood/1.0');
    assert.equal(rows(id).length, 5);
    t.clock.advance(1_000);
    await record(id, '203.0.113.9', 'flood/1.0');
    assert.equal(rows(id).length, 6);
  });

  test('repeated downloads over HTTP are recorded once', async () => {
    const id = await upload();
    for (let i = 0; i < 50; i++) {
      const res = await t.app.inject({ url: `/-${id}`, headers: { range: 'bytes=0-0', 'user-agent': `x${'A'.repeat(15_000)}` } });
      assert.equal(res.statusCode, 206);
    }
    await t.store.writer.call('ping');
    const stored = rows(id);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.ua, `x${'A'.repeat(255)}`);
  });

  test('the User-Agent is stored cut to 256 bytes on a character boundary', async () => {
    const id = await upload();
    const agents = [`${'a'.repeat(255)}é and more`, '€'.repeat(200), `${'b'.repeat(254)}😀`, 'short'];
    for (const [i, ua] of agents.entries()) await record(id, `10.0.0.${i}`, ua);
    assert.deepEqual(
      rows(id).map((r) => r.ua),
      ['a'.repeat(255), '€'.repeat(85), 'b'.repeat(254), 'short'],
    );
    for (const { ua } of rows(id)) assert.ok(Buffer.byteLength(ua!) <= 256);
  });
});
