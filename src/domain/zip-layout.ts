// A stored (uncompressed) zip laid out from the members' sizes and CRC-32s
// alone (APPNOTE 6.3.10), so every byte of it is known before one is sent:
// the exact length, a strong ETag and any range come from the plan, and the
// data is read from storage only when a range reaches it (issue 17).

export interface ZipMember<S> {
  /** Unique, one path component (uniqueZipNames). */
  name: string;
  size: number;
  crc32: number;
  modified: Date;
  /** Where the bytes come from; opaque here. */
  source: S;
}

/** Bytes [start, start + length) of the archive: built headers, or a member's data. */
export type ZipSegment<S> =
  | { kind: 'bytes'; start: number; length: number; build: () => Buffer }
  | { kind: 'data'; start: number; length: number; source: S };

export interface ZipPlan<S> {
  size: number;
  zip64: boolean;
  segments: ZipSegment<S>[];
}

export interface ZipLimits {
  /** Past this offset or size the archive is ZIP64 (tests lower it). */
  maxOffset: number;
  /** Past this many members, likewise. */
  maxMembers: number;
}

export const ZIP_LIMITS: ZipLimits = { maxOffset: 0xffff_ffff, maxMembers: 0xffff };

const LOCAL = 30;
const CENTRAL = 46;
const END = 22;
const END64 = 56;
const LOCATOR64 = 20;
const LOCAL_EXTRA64 = 20;
const CENTRAL_EXTRA64 = 28;
// Bit 11: names are UTF-8.
const FLAGS = 0x0800;
const MADE_BY_UNIX = 3 << 8;
// -rw-r--r--, a regular file, in the high half of the external attributes.
const UNIX_FILE = 0o100644 * 0x10000;
const U32_MAX = 0xffff_ffff;
const U16_MAX = 0xffff;

/** MS-DOS time and date of a moment, in UTC so the bytes do not depend on the server's zone. */
function dosDateTime(date: Date): [time: number, date: number] {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const day = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return [time, day];
}

function localHeader(m: ZipMember<unknown>, name: Buffer, zip64: boolean): Buffer {
  const b = Buffer.alloc(LOCAL + name.length + (zip64 ? LOCAL_EXTRA64 : 0));
  const [time, date] = dosDateTime(m.modified);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(zip64 ? 45 : 20, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(0, 8);
  b.writeUInt16LE(time, 10);
  b.writeUInt16LE(date, 12);
  b.writeUInt32LE(m.crc32, 14);
  b.writeUInt32LE(zip64 ? U32_MAX : m.size, 18);
  b.writeUInt32LE(zip64 ? U32_MAX : m.size, 22);
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(zip64 ? LOCAL_EXTRA64 : 0, 28);
  name.copy(b, LOCAL);
  if (zip64) {
    const x = LOCAL + name.length;
    b.writeUInt16LE(0x0001, x);
    b.writeUInt16LE(16, x + 2);
    b.writeBigUInt64LE(BigInt(m.size), x + 4);
    b.writeBigUInt64LE(BigInt(m.size), x + 12);
  }
  return b;
}

function centralHeader(m: ZipMember<unknown>, name: Buffer, offset: number, zip64: boolean): Buffer {
  const b = Buffer.alloc(CENTRAL + name.length + (zip64 ? CENTRAL_EXTRA64 : 0));
  const [time, date] = dosDateTime(m.modified);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(MADE_BY_UNIX | (zip64 ? 45 : 20), 4);
  b.writeUInt16LE(zip64 ? 45 : 20, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(time, 12);
  b.writeUInt16LE(date, 14);
  b.writeUInt32LE(m.crc32, 16);
  b.writeUInt32LE(zip64 ? U32_MAX : m.size, 20);
  b.writeUInt32LE(zip64 ? U32_MAX : m.size, 24);
  b.writeUInt16LE(name.length, 28);
  b.writeUInt16LE(zip64 ? CENTRAL_EXTRA64 : 0, 30);
  // Comment length, disk number, internal attributes: 0.
  b.writeUInt32LE(UNIX_FILE, 38);
  b.writeUInt32LE(zip64 ? U32_MAX : offset, 42);
  name.copy(b, CENTRAL);
  if (zip64) {
    const x = CENTRAL + name.length;
    b.writeUInt16LE(0x0001, x);
    b.writeUInt16LE(24, x + 2);
    b.writeBigUInt64LE(BigInt(m.size), x + 4);
    b.writeBigUInt64LE(BigInt(m.size), x + 12);
    b.writeBigUInt64LE(BigInt(offset), x + 20);
  }
  return b;
}

function endRecords(count: number, cdOffset: number, cdSize: number, zip64: boolean): Buffer {
  const b = Buffer.alloc((zip64 ? END64 + LOCATOR64 : 0) + END);
  let at = 0;
  if (zip64) {
    b.writeUInt32LE(0x06064b50, 0);
    b.writeBigUInt64LE(BigInt(END64 - 12), 4);
    b.writeUInt16LE(MADE_BY_UNIX | 45, 12);
    b.writeUInt16LE(45, 14);
    // This disk and the central directory's: 0.
    b.writeBigUInt64LE(BigInt(count), 24);
    b.writeBigUInt64LE(BigInt(count), 32);
    b.writeBigUInt64LE(BigInt(cdSize), 40);
    b.writeBigUInt64LE(BigInt(cdOffset), 48);
    b.writeUInt32LE(0x07064b50, END64);
    b.writeBigUInt64LE(BigInt(cdOffset + cdSize), END64 + 8);
    b.writeUInt32LE(1, END64 + 16);
    at = END64 + LOCATOR64;
  }
  b.writeUInt32LE(0x06054b50, at);
  b.writeUInt16LE(zip64 ? U16_MAX : count, at + 8);
  b.writeUInt16LE(zip64 ? U16_MAX : count, at + 10);
  b.writeUInt32LE(zip64 ? U32_MAX : cdSize, at + 12);
  b.writeUInt32LE(zip64 ? U32_MAX : cdOffset, at + 16);
  return b;
}

/** Whether the plain format can hold these members: every offset and size below the limits. */
function needsZip64(members: readonly ZipMember<unknown>[], nameBytes: number[], limits: ZipLimits): boolean {
  if (members.length > limits.maxMembers) return true;
  let end = 0;
  members.forEach((m, i) => {
    end += LOCAL + nameBytes[i]! + m.size + CENTRAL + nameBytes[i]!;
  });
  return end + END > limits.maxOffset;
}

/**
 * The layout of a zip of `members`, in order. Either every record is ZIP64
 * or none is: simpler, and every reader that knows ZIP64 accepts it.
 */
export function planZip<S>(members: readonly ZipMember<S>[], limits: ZipLimits = ZIP_LIMITS): ZipPlan<S> {
  const names = members.map((m) => Buffer.from(m.name, 'utf8'));
  const zip64 = needsZip64(members, names.map((n) => n.length), limits);
  const segments: ZipSegment<S>[] = [];
  let at = 0;
  const offsets: number[] = [];
  members.forEach((m, i) => {
    const name = names[i]!;
    offsets.push(at);
    const headerLength = LOCAL + name.length + (zip64 ? LOCAL_EXTRA64 : 0);
    segments.push({ kind: 'bytes', start: at, length: headerLength, build: () => localHeader(m, name, zip64) });
    at += headerLength;
    if (m.size > 0) segments.push({ kind: 'data', start: at, length: m.size, source: m.source });
    at += m.size;
  });
  const cdOffset = at;
  members.forEach((m, i) => {
    const name = names[i]!;
    const length = CENTRAL + name.length + (zip64 ? CENTRAL_EXTRA64 : 0);
    segments.push({ kind: 'bytes', start: at, length, build: () => centralHeader(m, name, offsets[i]!, zip64) });
    at += length;
  });
  const cdSize = at - cdOffset;
  const endLength = (zip64 ? END64 + LOCATOR64 : 0) + END;
  segments.push({ kind: 'bytes', start: at, length: endLength, build: () => endRecords(members.length, cdOffset, cdSize, zip64) });
  at += endLength;
  return { size: at, zip64, segments };
}

/** The index of the segment holding byte `offset` (segments are in order and contiguous). */
export function segmentAt(plan: ZipPlan<unknown>, offset: number): number {
  let lo = 0;
  let hi = plan.segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (plan.segments[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
