/**
 * All 4,470 single-instruction vectors of ../shared/vectors/h8300 must pass (README: results
 * listed in `undefined` are not compared). The disassembler must also print every vector's
 * instruction exactly as its name does (the names use Hitachi syntax).
 */
import { describe, expect, it } from 'vitest';
import { listVectorFiles, loadVectorFile, requireVectors, runVectorFiles } from '../../../src/conformance/runner.js';
import { adapter } from '../../../cpus/h8300/conformance.js';
import { disassemble } from '../../../cpus/h8300/disasm.js';

const dir = requireVectors('h8300');

describe('h8300 conformance vectors', () => {
  it.runIf(dir !== null)('passes every H8/300 vector', () => {
    const files = listVectorFiles([dir!]);
    expect(files.length).toBe(149);
    const s = runVectorFiles(adapter, 'h8300', files, { keepFailures: 3 });
    const report = s.files
      .filter((f) => f.failed > 0)
      .map((f) => `${f.file.split('/').pop()}: ${f.failed} failed; first: ${f.failures[0].name} ${f.failures[0].error ?? JSON.stringify(f.failures[0].mismatches)}`);
    console.log('h8300 vectors', s.passed, 'passed', s.failed, 'failed\n' + report.slice(0, 60).join('\n'));
    expect(report).toEqual([]);
    expect(s.passed).toBe(4470);
  });

  it.runIf(dir !== null)('disassembles every vector instruction as its name says', () => {
    const bad: string[] = [];
    for (const file of listVectorFiles([dir!])) {
      for (const t of loadVectorFile(file)) {
        const bytes = String(t.bytes).split(' ').map((x) => parseInt(x, 16));
        const pc = (t.initial as { regs: Record<string, number> }).regs.PC;
        const d = disassemble(pc, (a) => bytes[(a - pc) & 0xffff] ?? 0);
        const want = String(t.name).replace(/^\S+ /, '');
        if (d.text !== want || d.length !== bytes.length) bad.push(`${t.name} -> ${d.text} (${d.length} bytes)`);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });
});
