/**
 * M68HC11 disassembler in Motorola syntax, driven by spec.ts (no second opcode table).
 *
 *   LDAA #$10            immediate          LDD #$FF00       16-bit immediate
 *   LDAA $CD             direct             LDAA $28BA       extended
 *   LDAA $08,X           indexed X          LDAA $6B,Y       indexed Y (18 prebyte)
 *   BNE $0103            branch targets are absolute addresses
 *   BSET $92 #$33        BCLR $7F,X #$53    operand, mask
 *   BRSET $E3 #$8F $DF16                     operand, mask, target
 *
 * Unknown opcodes print as `FCB $xx` (with the prebyte when there is one) and are flagged
 * DASM_ILLEGAL. Memory is read only through `peek`.
 */
import { DASM_ILLEGAL, type DisasmOptions, type DisasmResult, type PeekFn } from '../../src/core/cpu.js';
import { buildOpcodeTables, PAGE_OF_PREBYTE, type OpcodeTables } from './spec.js';

let tables: OpcodeTables | null = null;

const h2 = (v: number): string => `$${v.toString(16).toUpperCase().padStart(2, '0')}`;
const h4 = (v: number): string => `$${v.toString(16).toUpperCase().padStart(4, '0')}`;

export function disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
  const t = (tables ??= buildOpcodeTables());
  let p = addr & 0xffff;
  const next = (): number => {
    const v = peek(p) & 0xff;
    p = (p + 1) & 0xffff;
    return v;
  };
  const first = next();
  const page = PAGE_OF_PREBYTE[first];
  const slot = page === undefined ? first : page * 256 + next();
  const e = t.entries[slot];
  if (e === null) {
    const text = page === undefined ? `FCB ${h2(first)}` : `FCB ${h2(first)},${h2(slot & 0xff)}`;
    return { text, length: page === undefined ? 1 : 2, flags: DASM_ILLEGAL };
  }
  const sym = (a: number, fallback: string): string => opts?.symbol?.(a) ?? fallback;
  const rel = (): number => {
    const d = next();
    return (p + ((d << 24) >> 24)) & 0xffff;
  };
  let operand = '';
  let target: number | undefined;
  switch (e.mode) {
    case 'INH': break;
    case 'IMM8': operand = `#${h2(next())}`; break;
    case 'IMM16': { const hi = next(); operand = `#${h4((hi << 8) | next())}`; break; }
    case 'DIR': {
      const a = next();
      operand = sym(a, h2(a));
      if (e.exec === 'jsr') target = a;
      break;
    }
    case 'EXT': {
      const hi = next();
      const a = (hi << 8) | next();
      operand = sym(a, h4(a));
      if (e.exec === 'jmp' || e.exec === 'jsr') target = a;
      break;
    }
    case 'IDX': operand = `${h2(next())},X`; break;
    case 'IDY': operand = `${h2(next())},Y`; break;
    case 'REL': target = rel(); operand = sym(target, h4(target)); break;
    case 'BIT_DIR': case 'BIT_IDX': case 'BIT_IDY': case 'BRB_DIR': case 'BRB_IDX': case 'BRB_IDY': {
      const o = next();
      const idx = e.mode.endsWith('IDX') ? ',X' : e.mode.endsWith('IDY') ? ',Y' : '';
      operand = `${h2(o)}${idx} #${h2(next())}`;
      if (e.mode.startsWith('BRB')) {
        target = rel();
        operand += ` ${sym(target, h4(target))}`;
      }
      break;
    }
  }
  const length = (p - addr) & 0xffff;
  const text = operand ? `${e.mnemonic} ${operand}` : e.mnemonic;
  return target === undefined ? { text, length, flags: e.flow } : { text, length, flags: e.flow, target };
}
