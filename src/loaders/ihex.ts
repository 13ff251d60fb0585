/**
 * Intel HEX. Record: ':' count(1) address(2) type(1) data(count) checksum(1), where the checksum
 * makes the byte sum of the record zero (mod 256). Types: 00 data, 01 end of file,
 * 02 extended segment address (base = value * 16; offsets wrap at 64 KiB), 03 start segment
 * address (entry = CS * 16 + IP), 04 extended linear address (upper 16 bits),
 * 05 start linear address (32-bit entry).
 */
import { InputError, hex } from '../core/errors.js';
import { ChunkCollector, decodeHex, lineText, textLines } from './records.js';
import type { LoadedImage } from './types.js';

export function loadIhex(bytes: Uint8Array, file: string): LoadedImage {
  const lines = textLines(bytes);
  const chunks = new ChunkCollector(file);
  let base = 0;
  let segmentMode = false;
  let entry: number | null = null;
  let sawEof = false;
  let records = 0;

  for (const line of lines) {
    const where = `line ${line.no}`;
    const fail = (what: string): never => {
      throw new InputError(file, where, what);
    };
    if (sawEof) fail('record after the end-of-file record (type 01)');
    if (line.b[0] !== 0x3a) fail(`expected a record starting with ':' but found ${JSON.stringify(lineText(line))}`);
    const rec = decodeHex(file, line, 1);
    if (rec.length < 5) fail(`truncated record: ${rec.length} byte${rec.length === 1 ? '' : 's'}, a record has at least 5`);
    const count = rec[0];
    if (rec.length < count + 5) fail(`truncated record: byte count ${count} needs ${count + 5} bytes, the line has ${rec.length}`);
    if (rec.length > count + 5) fail(`record longer than its byte count ${count} says (${rec.length} bytes instead of ${count + 5})`);
    let sum = 0;
    for (let i = 0; i < rec.length; i++) sum += rec[i];
    if ((sum & 0xff) !== 0) {
      const expect = (rec[rec.length - 1] - sum) & 0xff;
      fail(`bad checksum ${hex(rec[rec.length - 1], 2)} (expected ${hex(expect, 2)})`);
    }
    const off = (rec[1] << 8) | rec[2];
    const type = rec[3];
    const data = rec.subarray(4, 4 + count);
    records++;
    const needLen = (n: number, what: string): void => {
      if (count !== n) fail(`${what} record (type ${hex(type, 2)}) must have ${n} data bytes, has ${count}`);
    };
    switch (type) {
      case 0x00:
        if (segmentMode && off + count > 0x10000) {
          const first = 0x10000 - off;
          chunks.add(base + off, data.slice(0, first), line.no);
          chunks.add(base, data.slice(first), line.no);
        } else {
          chunks.add(base + off, data, line.no);
        }
        break;
      case 0x01:
        needLen(0, 'end-of-file');
        sawEof = true;
        break;
      case 0x02:
        needLen(2, 'extended segment address');
        base = ((data[0] << 8) | data[1]) * 16;
        segmentMode = true;
        break;
      case 0x03:
        needLen(4, 'start segment address');
        entry = ((data[0] << 8) | data[1]) * 16 + ((data[2] << 8) | data[3]);
        break;
      case 0x04:
        needLen(2, 'extended linear address');
        base = ((data[0] << 24) | (data[1] << 16)) >>> 0;
        segmentMode = false;
        break;
      case 0x05:
        needLen(4, 'start linear address');
        entry = ((data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3]) >>> 0;
        break;
      default:
        fail(`bad record type ${hex(type, 2)} (Intel HEX has types 00 to 05)`);
    }
  }
  if (records === 0) throw new InputError(file, 'line 1', 'no Intel HEX records in the file');
  if (!sawEof) {
    const last = lines.length ? lines[lines.length - 1].no : 1;
    throw new InputError(file, `line ${last}`, 'missing end-of-file record (:00000001FF): the file looks truncated');
  }
  return {
    file,
    format: 'ihex',
    segments: chunks.segments(),
    entry,
    symbols: [],
    machine: null,
    bigEndian: null,
    bytes,
  };
}
