/**
 * `bytebos disasm`: disassemble an image with a core's spec-driven disassembler.
 */
import { UserError, hex } from '../core/errors.js';
import { createBus } from '../core/bus.js';
import { findCpu } from '../../cpus/registry.js';
import { loadImageFile } from '../loaders/index.js';
import { SymbolTable } from '../loaders/symbols.js';
import { checkCpuId, parseAddress, parseFormat, parseNumber } from './common.js';

export async function disasmCommand(
  imagePath: string,
  o: { cpu: string; base?: string; start?: string; count?: string; thumb?: boolean; format?: string },
): Promise<number> {
  const id = checkCpuId(o.cpu);
  const desc = findCpu(id)!;
  if (!desc.load) throw new UserError(`the ${desc.name} core (${desc.id}) is not implemented yet`);
  const image = loadImageFile(imagePath, { format: parseFormat(o.format), base: o.base !== undefined ? parseNumber(o.base, '--base') : 0 });
  if (image.segments.length === 0) throw new UserError(`${imagePath}: the image has nothing to load`);
  const mem = new Map<number, number>();
  for (const s of image.segments) for (let i = 0; i < s.data.length; i++) mem.set((s.addr + i) >>> 0, s.data[i]);
  const peek = (a: number): number => mem.get(a >>> 0) ?? 0;
  const symbols = new SymbolTable(image.symbols);
  const start = o.start !== undefined ? parseAddress(o.start, '--start', symbols) : Math.min(...image.segments.map((s) => s.addr));
  const seg = image.segments.find((s) => start >= s.addr && start < s.addr + s.data.length);
  const end = seg ? seg.addr + seg.data.length : start;
  const count = o.count !== undefined ? parseNumber(o.count, '--count') : Infinity;
  if (!seg && o.count === undefined) throw new UserError(`--start ${hex(start)} is not inside any loaded segment of ${imagePath}`);
  const mod = await desc.load();
  const bus = createBus(desc.bigEndian, { addrBits: desc.addrBits, pageBits: desc.pageBits, openBus: 0, unmapped: 'ignore', romWrite: 'ignore' });
  const cpu = mod.createCpu(bus, null, id);
  const digits = Math.ceil(desc.addrBits / 4);
  const out: string[] = [];
  let addr = start;
  for (let n = 0; n < count && (o.count !== undefined || addr < end); n++) {
    const d = cpu.disassemble(addr, peek, { thumb: o.thumb, symbol: (a) => symbols.label(a) ?? undefined });
    const len = Math.max(1, d.length);
    const near = symbols.nearest(addr);
    const label = near && near.offset === 0 ? near.symbol.name : null;
    if (label) out.push(`${label}:`);
    const bytes: string[] = [];
    for (let i = 0; i < len; i++) bytes.push(peek(addr + i).toString(16).padStart(2, '0'));
    out.push(`  ${(addr >>> 0).toString(16).toUpperCase().padStart(digits, '0')}  ${bytes.join(' ').padEnd(20)}  ${d.text}`);
    addr += len;
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
