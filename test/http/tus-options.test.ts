import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { createGuestLink } from '../helpers/guest.js';
import { checksumOf, tusClient, tusMetadata } from '../helpers/tus.js';

// Resumable uploads carry what the other upload paths carry: a download limit
// and a passphrase (issue 15), an expiration from five minutes ahead, and a
// SHA-256 kept across PATCHes (issue 17). A tiny chunk size puts PATCH ends
// mid-chunk.
const CHUNK = 5;
let t: TestApp;
let tus: ReturnType<typeof tusClient>;
before(async () => {
  t = await startTestApp({ chunkSize: CHUNK });
  tus = tusClient(t.app);
});
after(() => t.close());

const entryOf = async (id: string) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: BASIC } });
  return (JSON.parse(res.body) as { id: string; sha256: string | null; maxDownloads: number | null; downloadsLeft: number | null; passphraseProtected: boolean }[]).find((e) => e.id === id);
};
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Sends `bytes` in PATCHes of `step` bytes; returns the upload's ID. */
async function uploadInSteps(fields: Record<string, string>, bytes: Buffer, step: number, client = tus): Promise<string> {
  const id = await client.start(bytes.length, fields);
  for (let offset = 0; offset < bytes.length; offset += step) {
    const res = await client.patch(id, offset, bytes.subarray(offset, offset + step));
    assert.equal(res.statusCode, 204, res.body);
  }
  return id;
}

describe('tus and links with limits (issue 15)', () => {
  test('maxDownloads and passphrase in the metadata protect the finished file', async () => {
    const id = await uploadInSteps({ filename: 'limited.txt', maxDownloads: '1', passphrase: 'open sesame' }, Buffer.from('twelve bytes'), 7);
    const entry = await entryOf(id);
    assert.equal(entry?.maxDownloads, 1);
    assert.equal(entry?.downloadsLeft, 1);
    assert.equal(entry?.passphraseProtected, true);
    assert.equal((await t.app.inject({ method: 'GET', url: `/-${id}` })).statusCode, 401);
    const withPassphrase = { authorization: `Basic ${Buffer.from(':open sesame').toString('base64')}` };
    const first = await t.app.inject({ method: 'GET', url: `/-${id}`, headers: withPassphrase });
    assert.equal(first.statusCode, 200);
    assert.equal(first.body, 'twelve bytes');
    // The count lands once the response has closed; wait for it, boundedly.
    for (let i = 0; i < 500 && (await entryOf(id))?.downloadsLeft !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal((await entryOf(id))?.downloadsLeft, 0);
    const second = await t.app.inject({ method: 'GET', url: `/-${id}`, headers: withPassphrase });
    assert.equal(second.statusCode, 410);
    assert.equal(second.body, 'download limit reached\n');
  });

  test('the passphrase is never stored in clear, not even in the unfinished upload', async () => {
    const id = await tus.start(4, { filename: 'secret.txt', passphrase: 'correct horse' });
    const row = t.db.prepare('SELECT metadata FROM tus_uploads WHERE id = ?').get(id) as { metadata: string };
    assert.doesNotMatch(row.metadata, /correct horse/);
    assert.equal((await tus.delete(id)).statusCode, 204);
  });

  for (const [maxDownloads, want] of [['0', 400], ['1001', 400], ['two', 400], ['1000', 201]] as const) {
    test(`maxDownloads ${maxDownloads} answers ${want} at creation`, async () => {
      const res = await tus.create({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'a.txt', maxDownloads }) });
      assert.equal(res.statusCode, want, res.body);
    });
  }

  test("a guest link's default download limit applies, and caps what the guest asks for", async () => {
    const link = await createGuestLink(t.app, { maxDownloads: 3 });
    const guest = tusClient(t.app, `/api/guest/${link}/tus`, {});
    const plain = await uploadInSteps({ filename: 'g1.txt' }, Buffer.from('guest'), 2, guest);
    const asked = await uploadInSteps({ filename: 'g2.txt', maxDownloads: '10' }, Buffer.from('guest'), 2, guest);
    assert.equal((await entryOf(plain))?.maxDownloads, 3);
    assert.equal((await entryOf(asked))?.maxDownloads, 3);
  });

  for (const [minutes, want] of [[4, 400], [5, 201], [6, 201]] as const) {
    test(`an expiration ${minutes} minutes ahead answers ${want}`, async () => {
      const expiration = new Date(t.clock.now().getTime() + minutes * 60_000).toISOString();
      const res = await tus.create({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'soon.txt', expiration }) });
      assert.equal(res.statusCode, want, res.body);
      if (want === 400) assert.match(res.body, /at least 5 minutes/);
    });
  }
});

describe('the upload pages', () => {
  test('send requests of PS_UPLOAD_REQUEST_SIZE bytes at most', async () => {
    const small = await startTestApp({ limits: { uploadRequestBytes: 1_234_567 } });
    try {
      const page = await small.app.inject({ method: 'GET', url: '/', headers: { authorization: BASIC } });
      assert.match(page.body, /data-request-bytes="1234567"/);
      const link = await createGuestLink(small.app);
      assert.match((await small.app.inject({ method: 'GET', url: `/g/${link}` })).body, /data-request-bytes="1234567"/);
    } finally {
      await small.close();
    }
  });
});

describe('tus and digests (issue 17)', () => {
  test('the SHA-256 runs across PATCHes that end mid-chunk', async () => {
    const bytes = Buffer.from('a file sent in uneven pieces');
    const id = await uploadInSteps({ filename: 'pieces.txt' }, bytes, 3);
    assert.equal((await entryOf(id))?.sha256, sha256(bytes));
  });

  test('a PATCH refused for its checksum (460) leaves the running digest as it was', async () => {
    const bytes = Buffer.from('0123456789abcdef');
    const id = await tus.start(bytes.length, { filename: 'checked.txt' });
    assert.equal((await tus.patch(id, 0, bytes.subarray(0, 7))).statusCode, 204);
    const refused = await tus.patch(id, 7, Buffer.from('XXXXXXXXX'), { 'upload-checksum': checksumOf('sha256', bytes.subarray(7)) });
    assert.equal(refused.statusCode, 460);
    const rest = bytes.subarray(7);
    assert.equal((await tus.patch(id, 7, rest, { 'upload-checksum': checksumOf('sha256', rest) })).statusCode, 204);
    assert.equal((await entryOf(id))?.sha256, sha256(bytes));
  });

  test('a digest the process lost (as after a restart) is read back once the upload completes', async () => {
    const bytes = Buffer.from('continued after a restart');
    const id = await tus.start(bytes.length, { filename: 'restarted.txt' });
    assert.equal((await tus.patch(id, 0, bytes.subarray(0, 11))).statusCode, 204);
    // A second server on the same database knows the upload only from its row, as a restarted one would.
    const restarted = await startTestApp({ chunkSize: CHUNK, dbPath: t.dbPath, clock: t.clock });
    try {
      assert.equal((await tusClient(restarted.app).patch(id, 11, bytes.subarray(11))).statusCode, 204);
      // Read back in the background: wait for it, boundedly.
      let sha: string | null | undefined;
      for (let i = 0; i < 500 && !sha; i++) {
        const res = await restarted.app.inject({ method: 'GET', url: '/api/entries', headers: { authorization: BASIC } });
        sha = (JSON.parse(res.body) as { id: string; sha256: string | null }[]).find((e) => e.id === id)?.sha256;
        if (!sha) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(sha, sha256(bytes));
    } finally {
      await restarted.close();
    }
  });
});
