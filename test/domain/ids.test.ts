import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ID_ALPHABET, newEntryId, newGuestLinkId, parseEntryId, parseGuestLinkId } from '../../src/domain/ids.js';

test('new IDs have upstream lengths and alphabet', () => {
  for (let i = 0; i < 200; i++) {
    const id = newEntryId();
    assert.equal(id.length, 10);
    assert.ok([...id].every((c) => ID_ALPHABET.includes(c)), id);
    assert.equal(newGuestLinkId().length, 16);
  }
});

test('parseEntryId names the problem', () => {
  assert.equal(parseEntryId('abcdefghij'), 'abcdefghij');
  assert.throws(() => parseEntryId('abc'), { message: 'entry ID (abc) has invalid length: got 3, want 10' });
  assert.throws(() => parseEntryId('abcdefghil'), { message: 'entry ID (abcdefghil) contains invalid character: l' });
  assert.throws(() => parseEntryId('abcdefghi0'), { message: /invalid character: 0/ });
  // Length counts bytes, as Go's len() does.
  assert.throws(() => parseEntryId('abcdefghiö'), { message: /got 11, want 10/ });
});

test('parseGuestLinkId', () => {
  assert.equal(parseGuestLinkId('XhU4xtXrXwTDZFoN'), 'XhU4xtXrXwTDZFoN');
  assert.throws(() => parseGuestLinkId('XhU4xtXrXwTDZFo'), { message: /has invalid length: got 15, want 16/ });
});
