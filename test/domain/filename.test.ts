import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseName, parseFilename } from '../../src/domain/filename.js';

describe('parseFilename', () => {
  const cases: { description: string; input: string; wantError?: string }[] = [
    { description: 'plain name', input: 'dummy.png' },
    { description: 'single leading dot', input: '.env' },
    { description: 'unicode', input: 'Große Datei – 日本.mp4' },
    { description: 'quotes are allowed', input: 'a "quoted" name' },
    { description: 'Arabic and Hebrew letters are allowed', input: 'تقرير שלום.pdf' },
    { description: 'exactly 255 bytes', input: 'A'.repeat(255) },
    { description: 'empty', input: '', wantError: 'filename must be non-empty' },
    { description: '256 bytes', input: 'A'.repeat(256), wantError: 'filename too long' },
    { description: '255 two-byte characters', input: 'Ö'.repeat(255), wantError: 'filename too long' },
    { description: 'a dot', input: '.', wantError: 'filename cannot begin with dots' },
    { description: 'two dots', input: '..', wantError: 'filename cannot begin with dots' },
    { description: 'five dots', input: '.....', wantError: 'filename cannot begin with dots' },
    { description: 'leading dots', input: '..x', wantError: 'filename cannot begin with dots' },
    { description: 'backslash', input: 'a\\b.png', wantError: 'illegal characters in filename' },
    { description: 'slash', input: 'a/b', wantError: 'illegal characters in filename' },
    { description: 'tab', input: 'a\tb', wantError: 'illegal characters in filename' },
    { description: 'newline', input: 'a\nb', wantError: 'illegal characters in filename' },
    { description: 'carriage return', input: 'a\rb', wantError: 'illegal characters in filename' },
    { description: 'bell', input: 'a\u0007b', wantError: 'illegal characters in filename' },
    ...[0x00, 0x01, 0x1b, 0x1f, 0x7f, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x061c].map((code) => ({
      description: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
      input: `report${String.fromCharCode(code)}fdp.exe`,
      wantError: 'illegal characters in filename',
    })),
  ];
  for (const { description, input, wantError } of cases) {
    test(description, () => {
      if (wantError) assert.throws(() => parseFilename(input), { name: 'ValidationError', message: wantError });
      else assert.equal(parseFilename(input), input);
    });
  }
});

describe('baseName', () => {
  for (const [input, want] of [
    ['file.txt', 'file.txt'],
    ['dir/file.txt', 'file.txt'],
    ['/a/b/c.iso', 'c.iso'],
    ['dir/', 'dir'],
    ['C:\\Users\\me\\x.txt', 'C:\\Users\\me\\x.txt'],
    ['', '.'],
    ['///', '/'],
  ] as const) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => assert.equal(baseName(input), want));
  }
});
