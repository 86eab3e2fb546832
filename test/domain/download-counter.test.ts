import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addInterval, coversAll, type Interval } from '../../src/domain/byte-coverage.js';
import { DownloadCounter } from '../../src/domain/download-counter.js';
import type { EntryId } from '../../src/domain/ids.js';
import { FixedClock } from '../helpers/clock.js';

describe('addInterval', () => {
  const cases: { description: string; have: Interval[]; add: Interval; want: Interval[] }[] = [
    { description: 'into nothing', have: [], add: [5, 9], want: [[5, 9]] },
    { description: 'before, apart', have: [[10, 19]], add: [0, 4], want: [[0, 4], [10, 19]] },
    { description: 'after, apart', have: [[0, 4]], add: [10, 19], want: [[0, 4], [10, 19]] },
    { description: 'touching merges', have: [[0, 4]], add: [5, 9], want: [[0, 9]] },
    { description: 'bridging two', have: [[0, 4], [10, 19]], add: [3, 11], want: [[0, 19]] },
    { description: 'inside one', have: [[0, 19]], add: [3, 5], want: [[0, 19]] },
    { description: 'between two', have: [[0, 1], [10, 11]], add: [5, 6], want: [[0, 1], [5, 6], [10, 11]] },
  ];
  for (const { description, have, add, want } of cases) {
    test(description, () => assert.deepEqual(addInterval(have, add[0], add[1], 16), want));
  }

  test('past the cap, a new piece is dropped', () => {
    let intervals: Interval[] = [];
    for (let i = 0; i < 40; i++) intervals = addInterval(intervals, i * 10, i * 10 + 1, 16);
    assert.equal(intervals.length, 16);
  });

  test('coversAll', () => {
    assert.equal(coversAll([[0, 99]], 100), true);
    assert.equal(coversAll([[0, 98]], 100), false);
    assert.equal(coversAll([[1, 99]], 100), false);
    assert.equal(coversAll([[0, 49], [51, 99]], 100), false);
  });
});

describe('DownloadCounter', () => {
  const id = 'AAAAAAAAAA' as EntryId;
  const admission = (client: string, start: number, end: number, counted = 0) => ({
    entryId: id, maxDownloads: 2, downloadsCounted: counted, client, size: 100, start, end,
  });

  test('holds a download while a transfer from byte 0 runs, and gives it back on abort', () => {
    const counter = new DownloadCounter(new FixedClock(), async () => {});
    const a = counter.admit(admission('a', 0, 99))!;
    const b = counter.admit(admission('b', 0, 99))!;
    assert.equal(counter.admit(admission('c', 0, 99)), undefined);
    a.end(10);
    assert.equal(counter.left(id, 2, 0), 1);
    b.end(100);
    // Counted, pending its write.
    assert.equal(counter.left(id, 2, 0), 1);
  });

  test('a counted download stays taken until its write lands', async () => {
    let land!: () => void;
    const written = new Promise<void>((resolve) => (land = resolve));
    const counter = new DownloadCounter(new FixedClock(), () => written);
    counter.admit(admission('a', 0, 99))!.end(100);
    assert.equal(counter.left(id, 2, 0), 1);
    // The write has landed in the database, its reply not yet here: counted once, not twice.
    assert.equal(counter.left(id, 2, 1), 1);
    land();
    await written;
    await new Promise((resolve) => setImmediate(resolve));
    // Now the database's count (1) says it.
    assert.equal(counter.left(id, 2, 1), 1);
  });

  test('memory stays bounded whatever many clients send', () => {
    const counter = new DownloadCounter(new FixedClock(), async () => {});
    for (let c = 0; c < 1000; c++) {
      for (let i = 0; i < 50; i++) counter.admit({ ...admission(`client ${c}`, 1 + i * 2, 1 + i * 2), maxDownloads: 1000 })!.end(1);
    }
    // No assertion on internals: the test is that this finishes quickly and a new client still starts.
    assert.ok(counter.admit({ ...admission('new', 0, 99), maxDownloads: 1000 }));
  });
});
