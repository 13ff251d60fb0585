/**
 * MCS-96 disassembler in Intel ASM96 syntax, driven by spec.ts (no second opcode table).
 *
 *   ADD 0DEH, 5AH              direct           ADD 0DEH, #1234H          immediate
 *   ADD 0DEH, [5AH]            indirect         ADD 0DEH, [5AH]+          indirect, auto-increment
 *   ADD 0DEH, 12H[5AH]         short-indexed    ADD 0DEH, 1234H[5AH]      long-indexed
 *   ADD 30H, 32H, [40H]        three operands: destination, source 1, source 2
 *   SHL 54H, #3 / SHL 54H, 20H shift by an immediate count / by the count in a byte register
 *   JBC 20H, 3, 2094H          branch targets are absolute addresses
 *
 * Numbers are hexadecimal with an H suffix and a leading 0 when they start with a letter.
 * Register 18H is printed as SP. Memory is read only through `peek`.
 */
import { DASM_ILLEGAL, type DisasmOptions, type DisasmResult, type PeekFn } from '../../src/core/cpu.js';
import { buildOpcodeTables, type OpcodeTables, type Variant } from './spec.js';
import { REG_SP } from './registers.js';

const cache = new Map<Variant, OpcodeTables>();

function tablesFor(variant: Variant): OpcodeTables {
  let t = cache.get(variant);
  if (!t) cache.set(variant, (t = buildOpcodeTables(variant)));
  return t;
}

/** ASM96 hexadecimal constant. */
export function hx(v: number): string {
  const s = v.toString(16).toUpperCase();
  return (/^[A-F]/.test(s) ? '0' : '') + s + 'H';
}

function reg(a: number): string {
  return a === REG_SP ? 'SP' : hx(a);
}

export function disassemble(addr: number, peek: PeekFn, variant: Variant, opts?: DisasmOptions): DisasmResult {
  const t = tablesFor(variant);
  let p = addr & 0xffff;
  const next = (): number => {
    const v = peek(p) & 0xff;
    p = (p + 1) & 0xffff;
    return v;
  };
  const first = next();
  let slot = first;
  if (first === 0xfe) {
    slot = 256 + next();
  }
  const form = t.forms[slot];
  if (form === null) {
    const len = first === 0xfe ? 2 : 1;
    const bytes = first === 0xfe ? `0FEH, ${hx(slot & 0xff)}` : hx(first);
    return { text: `DCB ${bytes}`, length: len, flags: DASM_ILLEGAL };
  }
  const op = slot & 0xff;
  const sym = (target: number): string => opts?.symbol?.(target) ?? hx(target);
  const parts: string[] = [];
  let target: number | undefined;
  for (const field of form.enc) {
    switch (field) {
      case 'aop': {
        const mode = op & 3;
        if (mode === 0) parts.push(reg(next()));
        else if (mode === 1) {
          if (form.size === 'B') parts.push(`#${hx(next())}`);
          else {
            const lo = next();
            parts.push(`#${hx(lo | (next() << 8))}`);
          }
        } else if (mode === 2) {
          const b = next();
          parts.push(`[${reg(b & 0xfe)}]${b & 1 ? '+' : ''}`);
        } else {
          const b = next();
          if (b & 1) {
            const lo = next();
            parts.push(`${hx(lo | (next() << 8))}[${reg(b & 0xfe)}]`);
          } else {
            const d = (next() << 24) >> 24;
            parts.push(`${d < 0 ? '-' + hx(-d) : hx(d)}[${reg(b)}]`);
          }
        }
        break;
      }
      case 'breg': case 'wreg': case 'lreg': case 'skip':
        parts.push(reg(next()));
        break;
      case 'cnt': {
        const b = next();
        parts.push(b < 16 ? `#${hx(b)}` : reg(b));
        break;
      }
      case 'bit':
        parts.push(String(op & 7));
        break;
      case 'ind':
        parts.push(`[${reg(next())}]`);
        break;
      case 'imm8':
        parts.push(`#${hx(next())}`);
        break;
      case 'rel8': {
        const d = (next() << 24) >> 24;
        target = (p + d) & 0xffff;
        parts.push(sym(target));
        break;
      }
      case 'rel11': {
        const d = ((((op & 7) << 8) | next()) << 21) >> 21;
        target = (p + d) & 0xffff;
        parts.push(sym(target));
        break;
      }
      case 'rel16': {
        const lo = next();
        const d = lo | (next() << 8);
        target = (p + d) & 0xffff;
        parts.push(sym(target));
        break;
      }
    }
  }
  const operands = form.asm.map((i) => parts[i]).join(', ');
  const text = operands ? `${form.mnemonic} ${operands}` : form.mnemonic;
  const length = (p - addr) & 0xffff;
  const r: DisasmResult = { text, length, flags: form.flow };
  if (target !== undefined) r.target = target;
  return r;
}
