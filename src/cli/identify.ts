/**
 * `bytebos identify`: what is this image? Format, load map, entry, symbols, and any Byte-BOS
 * banner with the CPU it names.
 */
import { hex } from '../core/errors.js';
import { findCpu } from '../../cpus/registry.js';
import { loadImageFile } from '../loaders/index.js';
import { findBanners } from '../loaders/banner.js';
import { parseFormat } from './common.js';

export async function identifyCommand(imagePath: string, o: { format?: string; json?: boolean }): Promise<number> {
  const image = loadImageFile(imagePath, { format: parseFormat(o.format) });
  const banners = findBanners(image.bytes).map((b) => {
    const cpu = b.cpuId ? findCpu(b.cpuId) : undefined;
    return { ...b, supported: Boolean(cpu && cpu.load) };
  });
  const segments = image.segments.map((s) => ({ addr: s.addr, length: s.data.length, name: s.name ?? null }));
  const cpu = image.machine ?? banners.find((b) => b.cpuId)?.cpuId ?? null;
  if (o.json) {
    process.stdout.write(JSON.stringify({
      file: imagePath,
      format: image.format,
      size: image.bytes.length,
      segments,
      entry: image.entry,
      symbols: image.symbols.length,
      machine: image.machine,
      bigEndian: image.bigEndian,
      banners,
      cpu,
    }, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  lines.push(`${imagePath}: ${image.format.toUpperCase()} image, ${image.bytes.length} bytes`);
  if (image.machine) lines.push(`machine:  ${image.machine}${image.bigEndian !== null ? (image.bigEndian ? ' (big-endian)' : ' (little-endian)') : ''}`);
  for (const s of segments) lines.push(`segment:  ${hex(s.addr, 8)}..${hex(s.addr + Math.max(0, s.length - 1), 8)} (${s.length} bytes)${s.name ? ` ${s.name}` : ''}`);
  lines.push(`entry:    ${image.entry === null ? 'none recorded' : hex(image.entry, 8)}`);
  lines.push(`symbols:  ${image.symbols.length}`);
  if (banners.length === 0) lines.push('banner:   no Byte-BOS banner found');
  for (const b of banners) {
    const c = b.cpuId ? findCpu(b.cpuId) : undefined;
    const what = b.kind === 'reference' ? 'reference-kernel banner' : 'Byte-BOS banner';
    const support = c ? (c.load ? `CPU ${c.id} (supported)` : `CPU ${c.id} (core not implemented yet)`) : `CPU "${b.cpuText}" (not supported)`;
    lines.push(`banner:   ${what} at offset ${hex(b.offset)}: "${b.text}" -> ${support}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
