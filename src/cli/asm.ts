/**
 * `bytebos asm <source> --cpu <id>`: assemble a source file into a raw binary, Intel HEX or
 * S-records, optionally with a listing. Errors are "file:line: what" and exit status 2.
 */
import { writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { UserError } from '../core/errors.js';
import { assembleFile } from '../asm/assembler.js';
import { formatListing } from '../asm/listing.js';
import { OUTPUT_FORMATS, toBinary, toIhex, toSrec, type OutputFormat } from '../asm/output.js';
import { ASSEMBLERS, ASSEMBLER_IDS } from '../asm/registry.js';
import { parseNumber } from './common.js';

export interface AsmCommandOptions {
  cpu: string;
  output?: string;
  format?: string;
  list?: string;
  include?: string[];
  define?: string[];
  fill?: string;
  base?: string;
  quiet?: boolean;
}

const EXT: Record<OutputFormat, string> = { bin: '.bin', ihex: '.hex', srec: '.s19' };

function formatFromName(file: string): OutputFormat {
  const e = extname(file).toLowerCase();
  if (e === '.hex' || e === '.ihex' || e === '.ihx') return 'ihex';
  if (['.srec', '.s19', '.s28', '.s37', '.mot', '.sx'].includes(e)) return 'srec';
  return 'bin';
}

const hx = (v: number): string => v.toString(16).toUpperCase().padStart(4, '0') + 'h';

export async function asmCommand(source: string, o: AsmCommandOptions): Promise<number> {
  const load = ASSEMBLERS[o.cpu.toLowerCase()];
  if (!load) throw new UserError(`--cpu ${o.cpu}: no assembler for this CPU (assemblers: ${ASSEMBLER_IDS.join(', ')})`);
  if (o.format && !OUTPUT_FORMATS.includes(o.format as OutputFormat)) throw new UserError(`--format ${o.format}: use ${OUTPUT_FORMATS.join(', ')}`);
  const format: OutputFormat = (o.format as OutputFormat | undefined) ?? (o.output ? formatFromName(o.output) : 'bin');
  const output = o.output ?? basename(source, extname(source)) + EXT[format];
  const defines = new Map<string, number>();
  for (const d of o.define ?? []) {
    const m = /^([A-Za-z_?@][\w?@]*)(?:=(.+))?$/.exec(d);
    if (!m) throw new UserError(`--define ${d}: use NAME or NAME=value`);
    defines.set(m[1].toUpperCase(), m[2] === undefined ? 1 : parseNumber(m[2], `--define ${m[1]}`));
  }
  const fill = o.fill === undefined ? 0xff : parseNumber(o.fill, '--fill');
  if (fill > 0xff) throw new UserError('--fill: a byte value (0-255)');
  const base = o.base === undefined ? undefined : parseNumber(o.base, '--base');
  if (base !== undefined && format !== 'bin') throw new UserError('--base applies to --format bin only');

  const cpu = await load();
  const a = assembleFile(source, { cpu, includeDirs: o.include, defines });
  let summary: string;
  if (format === 'bin') {
    const { base: at, data } = toBinary(a, fill, base);
    writeFileSync(output, data);
    summary = `${output}: ${data.length} bytes, base ${hx(at)} (${hx(at)}-${hx(at + data.length - 1)}; load it there: --base 0x${at.toString(16)})`;
  } else {
    writeFileSync(output, format === 'ihex' ? toIhex(a) : toSrec(a, basename(source)));
    summary = `${output}: ${format === 'ihex' ? 'Intel HEX' : 'S-records'}, ${a.bytes.size} bytes`;
  }
  if (o.list) writeFileSync(o.list, formatListing(a, { title: `bytebos asm: ${source} (${cpu.id}), ${a.passes} passes`, addressBits: cpu.addressBits }));
  if (!o.quiet) process.stdout.write(`${summary}; ${a.symbols.size} symbols, ${a.passes} passes${o.list ? `; listing ${o.list}` : ''}\n`);
  return 0;
}
