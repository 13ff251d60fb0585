/** The algorithm of firmware/tests/common/crc32.c in JavaScript: the CRC after `iterations` runs. */
export function crc32FirmwareReference(iterations: number): number {
  const buf = new Uint8Array(1024);
  for (let i = 0; i < 1024; i++) buf[i] = (i * 7 + 3) & 0xff;
  let crc = 0;
  for (let it = 0; it < iterations; it++) {
    let c = 0xffffffff;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    crc = ~c >>> 0;
    buf[it & 1023] ^= crc & 0xff;
  }
  return crc;
}
