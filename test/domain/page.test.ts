import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsPattern, decodeCursor, encodeCursor, parseLimit, timeIdKey, timeRowidKey } from '../../src/domain/page.js';

test('a cursor decodes to the key it was made from', () => {
  assert.deepEqual(decodeCursor(encodeCursor(['2026-01-02T03:04:05Z', 'abcdefghij']), timeIdKey), ['2026-01-02T03:04:05Z', 'abcdefghij']);
  assert.deepEqual(decodeCursor(encodeCursor(['2026-01-02T03:04:05Z', 42]), timeRowidKey), ['2026-01-02T03:04:05Z', 42]);
});

const badCursors = [
  { description: 'empty', input: '' },
  { description: 'not base64url', input: 'a+b/c=' },
  { description: 'not JSON', input: Buffer.from('[oops').toString('base64url') },
  { description: 'wrong shape', input: Buffer.from('{"t":1}').toString('base64url') },
  { description: 'wrong types', input: encodeCursor(['2026-01-02T03:04:05Z', 'x']) },
  { description: 'too long', input: 'A'.repeat(201) },
];
for (const { description, input } of badCursors) {
  test(`decodeCursor refuses a cursor: ${description}`, () => {
    assert.throws(() => decodeCursor(input, timeRowidKey), { name: 'ValidationError', message: 'invalid cursor' });
  });
}

const limits = [
  { input: undefined, want: 100 },
  { input: '1', want: 1 },
  { input: '1000', want: 1000 },
  { input: '0', wantError: true },
  { input: '1001', wantError: true },
  { input: '', wantError: true },
  { input: ' 5', wantError: true },
  { input: '5e1', wantError: true },
  { input: '99999999999', wantError: true },
];
for (const { input, want, wantError } of limits) {
  test(`parseLimit(${JSON.stringify(input)})`, () => {
    if (wantError) assert.throws(() => parseLimit(input), /invalid limit: must be a whole number from 1 to 1000/);
    else assert.equal(parseLimit(input), want);
  });
}

test('containsPattern escapes LIKE wildcards and its escape character', () => {
  assert.equal(containsPattern('50%_off\\'), '%50\\%\\_off\\\\%');
  assert.equal(containsPattern(''), '%%');
});
