/**
 * Every benchmark, one after the other: npm run bench (after npm run build or npm ci).
 * Each file prints its own numbers (MIPS for the cores, operations per second for the bus).
 */
const files = ['./bus.js', './m68000-crc32.js', './arm7tdmi-crc32.js', './i8096-crc32.js', './h8300-crc32.js', './m68hc11-crc32.js'];
for (const f of files) {
  process.stdout.write(`\n==== ${f.replace('./', 'bench/').replace('.js', '.ts')} ====\n`);
  await import(f);
}
