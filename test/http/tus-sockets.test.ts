import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { BASIC, startTestApp, type TestApp } from '../helpers/app.js';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.js';
import { createGuestLink } from '../helpers/guest.js';
import { tusUpload } from '../helpers/tus-node-client.js';

const MiB = 1_048_576;
// Immediate retries, many of them: every drop is retried, none waits on a timer.
const RETRIES = Array<number>(200).fill(10);

let t: TestApp;
let server: string;
let proxy: FlakyProxy;
before(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  server = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  proxy = await startFlakyProxy(server, { maxBodyBytes: 8 * MiB, dropRate: 0.5, seed: 13 });
});
after(async () => {
  await proxy.close();
  await t.close();
});

describe('tus-js-client over real sockets', () => {
  test('through a proxy that caps bodies at 8 MB and drops connections, the file arrives byte-identical', async () => {
    const file = randomBytes(24 * MiB + 12_345);
    const { done } = tusUpload(file, {
      endpoint: `${proxy.url}/api/tus`,
      headers: { authorization: BASIC },
      chunkSize: 4 * MiB,
      retryDelays: RETRIES,
      metadata: { filename: 'big.bin', filetype: 'application/octet-stream' },
    });
    const { id } = await done;
    assert.ok(proxy.drops > 0, 'the proxy did drop connections');
    const got = Buffer.from(await (await fetch(`${server}/-${id}`)).arrayBuffer());
    assert.equal(got.length, file.length);
    assert.ok(got.equals(file), 'byte-identical');
  });

  test('without a PATCH size the proxy refuses the body: the cap is real', async () => {
    const drops = proxy.refused;
    const { done } = tusUpload(randomBytes(9 * MiB), {
      endpoint: `${proxy.url}/api/tus`,
      headers: { authorization: BASIC },
      retryDelays: [],
      metadata: { filename: 'whole.bin' },
    });
    await assert.rejects(done, /413/);
    assert.ok(proxy.refused > drops);
  });

  test('10 concurrent tus uploads through a guest link that takes 3: exactly 3 are stored', async () => {
    const link = await createGuestLink(t.app, { maxFileUploads: 3, maxFileBytes: 2 * MiB });
    const files = Array.from({ length: 10 }, () => randomBytes(MiB + 7));
    const results = await Promise.allSettled(
      files.map((file, i) =>
        tusUpload(file, {
          endpoint: `${server}/api/guest/${link}/tus`,
          chunkSize: 256 * 1024,
          retryDelays: [],
          metadata: { filename: `g${i}.bin` },
        }).done,
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 3);
    for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason), /401/);
    for (const r of ok) {
      const { id } = (r as PromiseFulfilledResult<{ id: string }>).value;
      const got = Buffer.from(await (await fetch(`${server}/-${id}`)).arrayBuffer());
      assert.ok(files.some((f) => f.equals(got)));
    }
    const stored = t.db.prepare('SELECT count(*) AS n FROM entries WHERE guest_link_id = ?').get(link) as { n: number };
    assert.equal(stored.n, 3);
    assert.equal(t.store.uploads.activeThrough(link as never), 0, 'no slot left held');
  });

  test('a guest file over maxFileBytes with a deferred length is refused while streaming', async () => {
    const link = await createGuestLink(t.app, { maxFileBytes: MiB });
    const { done } = tusUpload(randomBytes(MiB + 1), {
      endpoint: `${server}/api/guest/${link}/tus`,
      uploadLengthDeferred: true,
      chunkSize: 256 * 1024,
      retryDelays: [],
      metadata: { filename: 'over.bin' },
    });
    await assert.rejects(done, /413/);
  });
});
