import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { ChunkWriter } from '../../src/store/chunk-writer.js';
import { readBackDigest } from '../../src/store/digest-read-back.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

// The digest of bytes stored without a running one (an upload continued after
// a restart, upstream's files): read back from the chunk rows.
let t: TestApp;
before(async () => {
  t = await startTestApp({ chunkSize: 5 });
});
after(() => t.close());

for (const size of [1, 4, 5, 6, 10, 1234]) {
  test(`${size} bytes in 5-byte chunks`, async () => {
    const data = randomBytes(size);
    const id = `readback${String(size).padStart(2, '0')}`.slice(0, 10) as never;
    const sink = new ChunkWriter(t.store.writer, id);
    assert.equal(sink.digest, null);
    await new Promise<void>((resolve, reject) => sink.end(data, () => resolve()).once('error', reject));
    const read = await readBackDigest(t.store.chunks, id);
    assert.equal(read!.bytes, size);
    assert.ok(read!.digest.sha256.equals(createHash('sha256').update(data).digest()));
    assert.equal(read!.digest.crc32, crc32(data));
  });
}

test('nothing stored: undefined; an aborted read stops', async () => {
  assert.equal(await readBackDigest(t.store.chunks, 'nothingxyz' as never), undefined);
  assert.equal(await readBackDigest(t.store.chunks, 'readback01' as never, AbortSignal.abort()), undefined);
});
