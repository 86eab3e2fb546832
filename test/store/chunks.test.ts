import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import type { EntryId } from '../../src/domain/ids.js';
import { ChunkWriter } from '../../src/store/chunk-writer.js';
import { readChunks } from '../../src/store/chunk-reader.js';
import { removeChunks } from '../../src/store/entry-removal.js';
import { chunkReads } from '../../src/store/chunks.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { Writer } from '../../src/store/writer.js';
import { silentLog } from '../helpers/app.js';

const CHUNK = 5;
let dir: string;
let db: Db;
let writer: Writer;
let counter = 0;
const nextId = () => `id${String(++counter).padStart(8, '0')}` as EntryId;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'picoshare-chunks-'));
  const path = join(dir, 'store.db');
  db = openDatabase(path, { litestream: false });
  migrate(db, silentLog);
  writer = await Writer.start({ path, litestream: false, chunkSize: CHUNK });
});
after(async () => {
  await writer.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (id: EntryId) =>
  (db.prepare('SELECT chunk_index, chunk FROM entries_data WHERE id = ? ORDER BY chunk_index').all(id) as { chunk_index: number; chunk: Buffer }[]).map(
    (r) => [r.chunk_index, r.chunk.toString('latin1')],
  );

/** Writes `data` through a ChunkWriter in pieces of the given sizes (cycled). */
async function write(data: Buffer, pieces: number[]): Promise<EntryId> {
  const id = nextId();
  const parts: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const size = pieces[i % pieces.length]!;
    parts.push(data.subarray(offset, offset + size));
    offset += size;
  }
  await pipeline(Readable.from(parts), new ChunkWriter(writer, id));
  return id;
}

describe('ChunkWriter', () => {
  // Upstream's writer vectors (picoshare.md §2.5), chunk size 5.
  for (const [input, want] of [
    ['hello, world!', [[0, 'hello'], [1, ', wor'], [2, 'ld!']]],
    ['01234', [[0, '01234']]],
    ['0123456', [[0, '01234'], [1, '56']]],
    ['0123456789', [[0, '01234'], [1, '56789']]],
  ] as const) {
    test(JSON.stringify(input), async () => {
      assert.deepEqual(rows(await write(Buffer.from(input), [input.length])), want);
    });
  }

  test('every size across three chunk boundaries, whatever the write sizes', async () => {
    for (let size = 1; size <= 3 * CHUNK + 1; size++) {
      const data = Buffer.from(Array.from({ length: size }, (_, i) => 97 + (i % 26)));
      for (const pieces of [[1], [size], [2, 3], [4], [6, 1], [CHUNK], [CHUNK + 1]]) {
        const id = await write(data, pieces);
        const stored = rows(id);
        assert.equal(stored.length, Math.ceil(size / CHUNK), `size ${size}, pieces ${pieces}`);
        assert.deepEqual(stored.map(([index]) => index), stored.map((_, i) => i));
        assert.equal(stored.map(([, chunk]) => chunk).join(''), data.toString('latin1'));
      }
    }
  });

  test('state tracks the next chunk and the partial tail', async () => {
    const sink = new ChunkWriter(writer, nextId());
    await new Promise<void>((resolve, reject) => sink.write(Buffer.from('0123456'), (err) => (err ? reject(err) : resolve())));
    assert.deepEqual({ ...sink.state, entryId: undefined }, { entryId: undefined, nextIndex: 1, bytesWritten: 7, tailLength: 2 });
    await new Promise<void>((resolve) => sink.end(resolve));
    assert.equal(sink.state.nextIndex, 2);
  });

  test('an insert failure fails the stream', async () => {
    const id = nextId();
    // A chunk row with this key already exists, so the second upload's first INSERT fails.
    await write(Buffer.from('abcde'), [5]);
    db.pragma('query_only = OFF');
    await pipeline(Readable.from([Buffer.from('xxxxx')]), new ChunkWriter(writer, id));
    await assert.rejects(pipeline(Readable.from([Buffer.from('yyyyyzz')]), new ChunkWriter(writer, id)), /UNIQUE constraint failed/);
  });
});

describe('readChunks', () => {
  test('every range of a 13-byte file, one query per chunk touched', async () => {
    const text = 'hello, world!';
    const id = await write(Buffer.from(text), [13]);
    const reads = chunkReads(db);
    const chunkSize = reads.chunkSize(id)!;
    assert.equal(chunkSize, 5);
    for (let start = 0; start < 13; start++) {
      for (let end = start; end < 13; end++) {
        const queried: number[] = [];
        const counting = { ...reads, readChunk: (i: EntryId, index: number) => (queried.push(index), reads.readChunk(i, index)) };
        const got: Buffer[] = [];
        for await (const piece of readChunks(counting, id, chunkSize, start, end)) got.push(piece as Buffer);
        assert.equal(Buffer.concat(got).toString(), text.slice(start, end + 1), `${start}-${end}`);
        const first = Math.floor(start / 5);
        assert.deepEqual(queried, Array.from({ length: Math.floor(end / 5) - first + 1 }, (_, i) => first + i));
      }
    }
  });

  test('a file deleted mid-read ends the stream with an error', async () => {
    const id = await write(Buffer.from('0123456789abcde'), [15]);
    const got: string[] = [];
    await assert.rejects(async () => {
      for await (const piece of readChunks(chunkReads(db), id, 5, 0, 14)) {
        got.push(String(piece));
        if (got.length === 1) await removeChunks(writer, id);
      }
    }, /missing/);
    assert.ok(got.join('').length < 15, 'never claims the whole file');
  });

  test('chunk size comes from the first chunk, so other sizes stay readable', async () => {
    const id = 'otherSize1' as EntryId;
    db.pragma('query_only = OFF');
    const insert = db.prepare('INSERT INTO entries_data (id, chunk_index, chunk) VALUES (?, ?, ?)');
    insert.run(id, 0, Buffer.from('abcdefg'));
    insert.run(id, 1, Buffer.from('hij'));
    const reads = chunkReads(db);
    assert.equal(reads.chunkSize(id), 7);
    const got: Buffer[] = [];
    for await (const piece of readChunks(reads, id, 7, 5, 9)) got.push(piece as Buffer);
    assert.equal(Buffer.concat(got).toString(), 'fghij');
  });
});
