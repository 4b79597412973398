import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/** One file in a ZIP archive, as its central directory lists it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where its local header starts. */
  offset: number;
}

const LOCAL_HEADER = 0x04034b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const ZIP64_EXTRA = 0x0001;
const MAX_COMMENT = 0xffff;
const UNKNOWN_32 = 0xffffffff;
/** Bit 3: sizes and CRC follow the data instead of standing in the local header. */
const DATA_DESCRIPTOR_FLAG = 0x08;

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const u64 = (view: DataView, at: number) => Number(view.getBigUint64(at, true));

function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at -= 1) if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  return -1;
}

/** Where the central directory is and how many entries it has, ZIP64 included. */
function directory(view: DataView): { offset: number; count: number; end: number } | null {
  const end = findEndOfDirectory(view);
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const offset = view.getUint32(end + 16, true);
  if (count !== 0xffff && offset !== UNKNOWN_32) return offset <= end ? { offset, count, end } : null;
  const locator = end - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) return null;
  const zip64End = u64(view, locator + 8);
  if (zip64End + 56 > view.byteLength || view.getUint32(zip64End, true) !== ZIP64_END_OF_DIRECTORY) return null;
  const zip64 = { count: u64(view, zip64End + 32), offset: u64(view, zip64End + 48), end: zip64End };
  return zip64.offset <= zip64End ? zip64 : null;
}

/** Sizes and offset given as 0xFFFFFFFF stand in the ZIP64 extra field, in this order. */
function zip64Fields(view: DataView, extraStart: number, extraEnd: number, fields: { compressed: number; uncompressed: number; offset: number }): void {
  for (let at = extraStart; at + 4 <= extraEnd;) {
    const id = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (id === ZIP64_EXTRA) {
      let field = at + 4;
      for (const key of ['uncompressed', 'compressed', 'offset'] as const) {
        if (fields[key] === UNKNOWN_32 && field + 8 <= extraEnd) {
          fields[key] = u64(view, field);
          field += 8;
        }
      }
      return;
    }
    at += 4 + length;
  }
}

/**
 * The entries of a ZIP archive, read from its central directory at the end
 * of the file; null when there is none or it does not add up, as in a
 * truncated upload. Reads nothing but the directory, so it is cheap on any file.
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  if (bytes.length < 22) return null;
  const view = viewOf(bytes);
  const found = directory(view);
  if (!found) return null;
  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  let at = found.offset;
  for (let i = 0; i < found.count; i += 1) {
    if (at + 46 > found.end || view.getUint32(at, true) !== DIRECTORY_ENTRY) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const fields = { compressed: view.getUint32(at + 20, true), uncompressed: view.getUint32(at + 24, true), offset: view.getUint32(at + 42, true) };
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > found.end) return null;
    zip64Fields(view, nameEnd, nameEnd + extraLength, fields);
    if (fields.offset >= found.offset) return null;
    entries.push({
      name: names.decode(bytes.subarray(at + 46, nameEnd)),
      method: view.getUint16(at + 10, true),
      crc32: view.getUint32(at + 16, true),
      compressedSize: fields.compressed,
      uncompressedSize: fields.uncompressed,
      offset: fields.offset,
    });
    at = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts, if its local header is there and agrees with the directory. */
function dataStart(view: DataView, entry: ZipEntry): number | null {
  const at = entry.offset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_HEADER) return null;
  const flags = view.getUint16(at + 6, true);
  const compressed = view.getUint32(at + 18, true);
  const sizesAgree =
    (flags & DATA_DESCRIPTOR_FLAG) !== 0 ||
    compressed === UNKNOWN_32 ||
    (compressed === entry.compressedSize && view.getUint32(at + 22, true) === entry.uncompressedSize);
  if (view.getUint16(at + 8, true) !== entry.method || !sizesAgree) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return start + entry.compressedSize <= view.byteLength ? start : null;
}

/** Whether an entry's data unpacks to its size and CRC-32. */
async function entryIsIntact(bytes: Uint8Array, entry: ZipEntry): Promise<boolean> {
  const start = dataStart(viewOf(bytes), entry);
  if (start === null || (entry.method !== 0 && entry.method !== 8)) return false;
  const data = bytes.subarray(start, start + entry.compressedSize);
  let crc = 0;
  let size = 0;
  const check = new Writable({
    write(chunk: Buffer, _encoding, done) {
      crc = zlib.crc32(chunk, crc);
      size += chunk.length;
      done(size > entry.uncompressedSize ? new Error('longer than its directory entry says') : null);
    },
  });
  try {
    if (entry.method === 0) await pipeline(Readable.from([data], { objectMode: false }), check);
    else await pipeline(Readable.from([data], { objectMode: false }), zlib.createInflateRaw(), check);
  } catch {
    return false;
  }
  return crc >>> 0 === entry.crc32 && size === entry.uncompressedSize;
}

/**
 * Whether every entry's local header agrees with the directory and its data
 * unpacks to the size and CRC-32 recorded. A streaming reader handed a
 * damaged deflate stream may wait forever instead of failing, so the
 * archive is proven sound before it is read.
 */
export async function zipIsIntact(bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<boolean> {
  for (const entry of entries) if (!(await entryIsIntact(bytes, entry))) return false;
  return true;
}

/**
 * The archive's bytes with the named entries moved to the front, for a
 * reader that reads entries in stream order. Each entry is cut from its local
 * header to the next one (data descriptor included); the central directory
 * stays last. Its offsets no longer match, which a streaming reader does not
 * look at.
 */
export function entriesFirst(bytes: Uint8Array, entries: readonly ZipEntry[], first: readonly string[]): Uint8Array[] {
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  const directoryStart = directory(viewOf(bytes))?.offset ?? bytes.length;
  const spans = byOffset.map((entry, i) => ({ name: entry.name, i, bytes: bytes.subarray(entry.offset, byOffset[i + 1]?.offset ?? directoryStart) }));
  const rank = (name: string) => (first.includes(name) ? first.indexOf(name) : first.length);
  const ordered = spans.sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i);
  return [bytes.subarray(0, byOffset[0]?.offset ?? 0), ...ordered.map((span) => span.bytes), bytes.subarray(directoryStart)].filter((part) => part.length > 0);
}
