/**
 * Motorola S-records. Record: 'S' type count address data checksum, where count covers the
 * address, data and checksum bytes, and the checksum is the ones' complement of the low byte of
 * the sum of count, address and data. Types: S0 header, S1/S2/S3 data with 16/24/32-bit
 * addresses, S5/S6 record count (16/24-bit) of the data records so far, S7/S8/S9 entry point
 * with 32/24/16-bit address (ends the file).
 */
import { InputError, hex } from '../core/errors.js';
import { ChunkCollector, decodeHex, lineText, textLines } from './records.js';
import type { LoadedImage } from './types.js';

/** Address bytes per record type, -1 for the reserved S4. */
const ADDR_BYTES = [2, 2, 3, 4, -1, 2, 3, 4, 3, 2];

/** An S-record image; `header` holds the S0 record's text when there is one. */
export type SrecLoaded = LoadedImage;

export function loadSrec(bytes: Uint8Array, file: string): SrecLoaded {
  const lines = textLines(bytes);
  const chunks = new ChunkCollector(file);
  let entry: number | null = null;
  let dataRecords = 0;
  let ended = false;
  let header: string | undefined;

  for (const line of lines) {
    const where = `line ${line.no}`;
    const fail = (what: string): never => {
      throw new InputError(file, where, what);
    };
    if (ended) fail('record after the termination record (S7/S8/S9)');
    const t = line.b;
    if (t[0] !== 0x53) fail(`expected a record starting with 'S' but found ${JSON.stringify(lineText(line))}`);
    if (t.length < 2) fail('truncated record: no record type after S');
    const type = t[1] - 0x30;
    if (type < 0 || type > 9 || ADDR_BYTES[type] < 0) {
      const c = t[1];
      fail(`bad record type S${c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`} (S-records have S0-S3, S5-S9)`);
    }
    const rec = decodeHex(file, line, 2);
    if (rec.length < 1) fail('truncated record: no byte count');
    const count = rec[0];
    if (rec.length - 1 < count) fail(`truncated record: byte count ${count} but only ${rec.length - 1} byte${rec.length === 2 ? '' : 's'} follow${rec.length === 2 ? 's' : ''}`);
    if (rec.length - 1 > count) fail(`record longer than its byte count ${count} says (${rec.length - 1} bytes follow)`);
    const ab = ADDR_BYTES[type];
    if (count < ab + 1) fail(`byte count ${count} too small for an S${type} record (needs ${ab + 1} or more)`);
    let sum = 0;
    for (let i = 0; i < rec.length - 1; i++) sum += rec[i];
    const expect = ~sum & 0xff;
    if (rec[rec.length - 1] !== expect) fail(`bad checksum ${hex(rec[rec.length - 1], 2)} (expected ${hex(expect, 2)})`);
    let addr = 0;
    for (let i = 0; i < ab; i++) addr = addr * 256 + rec[1 + i];
    const data = rec.subarray(1 + ab, rec.length - 1);
    switch (type) {
      case 0: {
        let s = '';
        for (const c of data) if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
        header = s;
        break;
      }
      case 1:
      case 2:
      case 3:
        chunks.add(addr, data, line.no);
        dataRecords++;
        break;
      case 5:
      case 6:
        if (data.length !== 0) fail(`S${type} count record must not carry data (${data.length} extra bytes)`);
        if (addr !== dataRecords) fail(`record count S${type} says ${addr} data records but ${dataRecords} came before it`);
        break;
      default:
        if (data.length !== 0) fail(`S${type} termination record must not carry data (${data.length} extra bytes)`);
        entry = addr;
        ended = true;
    }
  }
  if (lines.length === 0) throw new InputError(file, 'line 1', 'no S-records in the file');
  if (!ended) {
    throw new InputError(file, `line ${lines[lines.length - 1].no}`, 'missing termination record (S7/S8/S9): the file looks truncated');
  }
  const out: SrecLoaded = {
    file,
    format: 'srec',
    segments: chunks.segments(),
    entry,
    symbols: [],
    machine: null,
    bigEndian: null,
    bytes,
  };
  if (header !== undefined) out.header = header;
  return out;
}
