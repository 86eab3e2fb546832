import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiskFullError } from '../../src/domain/errors.js';
import { DiskGuard, diskState, hasRoomFor, reserveFor } from '../../src/store/disk-guard.js';

const MIB = 1024 * 1024;

test('the default reserve is the smaller of 5 % of the disk and 500 MiB', () => {
  for (const { description, total, configured, want } of [
    { description: 'a 300 MiB disk', total: 300 * MIB, configured: undefined, want: 15 * MIB },
    { description: 'a 3 GiB volume', total: 3072 * MIB, configured: undefined, want: Math.floor(153.6 * MIB) },
    { description: 'a 100 GiB disk', total: 102_400 * MIB, configured: undefined, want: 500 * MIB },
    { description: 'configured', total: 102_400 * MIB, configured: 42 * MIB, want: 42 * MIB },
    { description: 'configured off', total: 102_400 * MIB, configured: 0, want: 0 },
  ]) {
    assert.equal(reserveFor(total, configured), want, description);
  }
});

test('states and room', () => {
  assert.equal(diskState(30, 10), 'ok');
  assert.equal(diskState(19, 10), 'low');
  assert.equal(diskState(9, 10), 'full');
  assert.equal(hasRoomFor(30, 10, 20), true);
  assert.equal(hasRoomFor(30, 10, 21), false);
});

test('a declared size that would eat into the reserve is refused; freed database pages count as room', () => {
  let free = 100 * MIB;
  let reusable = 0;
  const guard = new DiskGuard({
    dir: '/unused',
    reserveBytes: 10 * MIB,
    statDisk: () => ({ totalBytes: 1000 * MIB, freeBytes: free }),
    reusableBytes: () => reusable,
  });
  guard.refuseDeclared(90 * MIB);
  guard.refuseDeclared(undefined);
  assert.throws(() => guard.refuseDeclared(90 * MIB + 1), DiskFullError);
  free = 0;
  assert.equal(guard.report().state, 'full');
  reusable = 50 * MIB;
  guard.refuseDeclared(40 * MIB);
  assert.equal(guard.report().state, 'ok');
});
