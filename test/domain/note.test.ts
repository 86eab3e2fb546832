import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNote } from '../../src/domain/note.js';

describe('parseNote', () => {
  const cases: { description: string; input: string | null | undefined; want?: string | null; wantError?: string }[] = [
    { description: 'absent', input: undefined, want: null },
    { description: 'null', input: null, want: null },
    { description: 'empty', input: '', want: null },
    { description: 'ordinary', input: 'For Joe at ExampleCo', want: 'For Joe at ExampleCo' },
    { description: '500 ASCII bytes', input: 'A'.repeat(500), want: 'A'.repeat(500) },
    { description: '501 bytes', input: 'A'.repeat(501), wantError: 'note is too long' },
    { description: '500 two-byte characters', input: 'Ö'.repeat(500), wantError: 'note is too long' },
    { description: "literal 'null'", input: 'null', wantError: "value of 'null' is not allowed" },
    { description: "literal 'undefined'", input: 'undefined', wantError: "value of 'undefined' is not allowed" },
    { description: 'script tag', input: 'hi <script>alert(1)</script>', wantError: 'note must not contain HTML tags' },
    { description: 'padded closing script tag', input: '<  /script  >', wantError: 'note must not contain HTML tags' },
    { description: 'iframe tag', input: '<iframe>', wantError: 'note must not contain HTML tags' },
    { description: 'upper-case tag (upstream is case-sensitive)', input: '<SCRIPT>', want: '<SCRIPT>' },
    { description: 'other tags', input: '<b>bold</b>', want: '<b>bold</b>' },
  ];
  for (const { description, input, want, wantError } of cases) {
    test(description, () => {
      if (wantError) assert.throws(() => parseNote(input), { name: 'ValidationError', message: wantError });
      else assert.equal(parseNote(input), want);
    });
  }
});
