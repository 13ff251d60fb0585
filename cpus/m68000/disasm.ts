import type { DisasmOptions, DisasmResult, PeekFn } from '../../src/core/cpu.js';
export function disassemble(addr: number, peek: PeekFn, _opts?: DisasmOptions): DisasmResult {
  return { text: `dc.w $${((peek(addr) << 8) | peek(addr + 1)).toString(16)}`, length: 2, flags: 0 };
}
