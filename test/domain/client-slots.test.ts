import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientGroup } from '../../src/domain/client-group.js';
import { ClientSlots } from '../../src/domain/client-slots.js';

describe('clientGroup', () => {
  const cases = [
    { description: 'IPv4 stays itself', input: '203.0.113.7', want: '203.0.113.7' },
    { description: 'IPv6 by its /64', input: '2001:db8:1:2:aaaa:bbbb:cccc:dddd', want: '2001:db8:1:2::/64' },
    { description: 'compressed IPv6', input: '2001:db8::1', want: '2001:db8:0:0::/64' },
    { description: 'leading zeros and case', input: '2001:0DB8:0001:0002::ff', want: '2001:db8:1:2::/64' },
    { description: 'loopback', input: '::1', want: '0:0:0:0::/64' },
  ];
  for (const { description, input, want } of cases) {
    test(description, () => assert.equal(clientGroup(input), want));
  }

  test('rotating through a /64 stays one client', () => {
    const groups = new Set(Array.from({ length: 50 }, (_, i) => clientGroup(`2001:db8:5:6::${i.toString(16)}`)));
    assert.equal(groups.size, 1);
  });
});

describe('ClientSlots', () => {
  test('caps one client, then everyone; a release frees the slot once', () => {
    const slots = new ClientSlots(3, 2);
    const a1 = slots.take('10.0.0.1');
    const a2 = slots.take('10.0.0.1');
    assert.equal(slots.take('10.0.0.1'), 'client-busy');
    const b1 = slots.take('2001:db8::1');
    assert.equal(slots.take('10.0.0.9'), 'all-busy');
    assert.equal(typeof a1, 'function');
    (a1 as () => void)();
    (a1 as () => void)();
    assert.equal(slots.taken, 2);
    assert.equal(typeof slots.take('10.0.0.1'), 'function');
    assert.equal(slots.take('2001:db8::2'), 'all-busy');
    for (const release of [a2, b1]) (release as () => void)();
    assert.equal(slots.taken, 1);
  });
});
