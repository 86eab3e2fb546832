import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planZip, segmentAt } from '../../src/domain/zip-layout.js';
import { uniqueZipNames } from '../../src/domain/zip-names.js';

const member = (name: string, size: number) => ({ name, size, crc32: 0, modified: new Date('2024-05-06T07:08:10Z'), source: name });

test('ZIP64 only past the real limits: 4 GiB of offsets or 65,535 members', () => {
  assert.equal(planZip([member('a', 1000)]).zip64, false);
  const big = planZip([member('a', 3 * 2 ** 30), member('b', 2 * 2 ** 30)]);
  assert.equal(big.zip64, true);
  // Local headers (30 + name + 20), data, central records (46 + name + 28), end records (56 + 20 + 22).
  assert.equal(big.size, 2 * (51 + 75) + 5 * 2 ** 30 + 98);
  assert.equal(planZip(Array.from({ length: 65_535 }, (_, i) => member(`f${i}`, 1))).zip64, false);
  assert.equal(planZip(Array.from({ length: 65_536 }, (_, i) => member(`f${i}`, 1))).zip64, true);
});

test('segments are contiguous and found by offset', () => {
  const plan = planZip([member('a', 10), member('b', 0), member('c', 5)]);
  let at = 0;
  for (const [i, segment] of plan.segments.entries()) {
    assert.equal(segment.start, at);
    assert.equal(segmentAt(plan, at), i);
    assert.equal(segmentAt(plan, at + segment.length - 1), i);
    at += segment.length;
  }
  assert.equal(at, plan.size);
});

test('member names: one path component each, unique ignoring case', () => {
  const cases = [
    { input: ['a.txt', 'a.txt', 'A.TXT'], want: ['a.txt', 'a (2).txt', 'A (3).TXT'] },
    { input: ['x (2).txt', 'x.txt', 'x.txt'], want: ['x (2).txt', 'x.txt', 'x (3).txt'] },
    { input: ['../etc/passwd', 'a\\b', '..', '.hidden', ''], want: ['.._etc_passwd', 'a_b', '_', '.hidden', '_ (2)'] },
    { input: ['Überweisung.pdf', 'überweisung.pdf'], want: ['Überweisung.pdf', 'überweisung (2).pdf'] },
  ];
  for (const { input, want } of cases) assert.deepEqual(uniqueZipNames(input), want, input.join(', '));
});
