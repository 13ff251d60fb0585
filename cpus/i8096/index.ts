/**
 * Intel 8096BH (MCS-96) core, and the 80C196KB as a variant (`i80c196`).
 *
 * Memory model: 00h-FFh is the on-chip register file, kept in `r` and never seen by the
 * external bus: 00h-01h is the zero register, 18h-FFh is RAM (SP at 18h). The special-function
 * registers 02h-17h go to the bus (`slowRead`/`slowWrite`), where a board places the on-chip
 * peripheral block (peripherals/, device type `i8096-sfr`); INT_MASK (08h) and INT_PENDING
 * (09h) belong to the core. Everything at 100h and above is the bus (BusLE, 16-bit).
 * For debuggers the register file also appears on the bus through a small device at
 * 00h-01h and 18h-FFh.
 *
 * Interrupt lines for `setIrq(line)`: 0-7 are the INT_PENDING bits (0 timer overflow, 1 A/D
 * done, 2 HSI data, 3 HSO, 4 HSI.0, 5 software timer, 6 serial, 7 EXTINT). A rising edge
 * sets the pending bit, as the 8096's edge-triggered interrupt inputs do. An interrupt is
 * taken when PSW.I is set and INT_MASK & INT_PENDING is non-zero, highest bit first: the
 * pending bit is cleared, PC pushed and PC loaded from the word at 2000h + 2*bit. The CPU does
 * not clear I itself (handlers start with PUSHF); at least one instruction runs after an
 * interrupt entry, EI, PUSHF and POPF before the next interrupt is recognised.
 *
 * The 80C196 variant adds INT_PEND1 (12h) / INT_MASK1 (13h): lines 8-15 set INT_PEND1 bits
 * 0-7 (TI, RI, HSI FIFO 4, T2 capture, T2 overflow, EXTINT1, HSI FIFO full, NMI), which outrank
 * the INT_PENDING bank and vector through 2030h + 2n; undefined opcodes trap through 2012h.
 * WSR (14h) is stored but register windows are not modelled, and the on-chip peripherals are the
 * 8096BH's.
 *
 * Cycles are state times (one state = 3 oscillator periods on the 8096BH); the 80C196 uses the
 * same table.
 */
import type { AccessSize, Bus, Device } from '../../src/core/bus.js';
import {
  ATTN_CORE, ATTN_IRQ, ATTN_STOP, CpuBase, arr, type CpuInfo, type DisasmOptions, type DisasmResult, type PeekFn,
} from '../../src/core/cpu.js';
import type { Machine } from '../../src/core/machine.js';
import { buildDispatch, type Handler } from './execute.js';
import { disassemble } from './disasm.js';
import type { OpcodeTables, Variant } from './spec.js';
import { F_I, REG_SP, RESET_PC, VEC_BASE, VEC_BASE1, VEC_UNIMPLEMENTED } from './registers.js';
import { registerI8096Devices } from './peripherals/index.js';

/** States for an interrupt entry (push PC, fetch the vector). */
const IRQ_STATES = 21;
/** 80C196 unimplemented-opcode trap: costed like TRAP. */
const TRAP_STATES = 21;

const INFO: Record<Variant, CpuInfo> = {
  i8096: {
    id: 'i8096', name: 'Intel 8096BH', bigEndian: false, addrBits: 16,
    registers: [
      { name: 'PC', bits: 16 },
      { name: 'PSW', bits: 16, flags: 'ZNVTC-IS--------' },
      { name: 'SP', bits: 16 },
      { name: 'INT_MASK', bits: 8 },
      { name: 'INT_PENDING', bits: 8 },
    ],
    sp: 'SP', stackWidth: 2,
  },
  i80c196: {
    id: 'i80c196', name: 'Intel 80C196KB', bigEndian: false, addrBits: 16,
    registers: [
      { name: 'PC', bits: 16 },
      { name: 'PSW', bits: 16, flags: 'ZNVTC-IS--------' },
      { name: 'SP', bits: 16 },
      { name: 'INT_MASK', bits: 8 },
      { name: 'INT_PENDING', bits: 8 },
      { name: 'INT_MASK1', bits: 8 },
      { name: 'INT_PEND1', bits: 8 },
      { name: 'WSR', bits: 8 },
    ],
    sp: 'SP', stackWidth: 2,
  },
};

/** The register file as seen from the bus (debugger memory views, image loaders). */
class RegisterFileView implements Device {
  readonly byteWide = true;
  constructor(readonly name: string, private readonly cpu: I8096, private readonly base: number) {}
  read(offset: number): number { return this.cpu.rb(this.base + offset); }
  peek(offset: number): number { return this.cpu.r[this.base + offset]; }
  write(offset: number, _size: AccessSize, value: number): void { this.cpu.wb(this.base + offset, value & 0xff); }
}

export class I8096 extends CpuBase {
  readonly info: CpuInfo;
  readonly variant: Variant;
  /** 80C196: second interrupt bank (INT_PEND1/INT_MASK1) and its vectors at 2030h. */
  private readonly is196: boolean;
  /** Register file 00h-FFh (plus slack so word/long accesses at the top stay in bounds). */
  readonly r = new Uint8Array(0x104);
  /** Program counter. */
  pcr = RESET_PC;
  /** PSW flag byte (the high byte of the PSW word): Z N V VT C - I ST. */
  fl = 0;
  /** State times of the instruction in progress (handlers add mode and branch extras). */
  cyc = 0;
  /** Interrupts are not recognised before the next instruction boundary. */
  irqInhibit = false;
  /** 80C196 IDLPD: 0 running, 1 idle (wakes on an enabled interrupt), 2 powerdown. */
  idleMode = 0;
  /** Levels of the interrupt inputs (for edge detection). */
  irqLines = 0;
  readonly tables: OpcodeTables;
  readonly exec: Handler[];
  private readonly states: Uint8Array;
  private readonly xodd: Uint8Array;
  /** Extra states of a taken conditional branch, per opcode. */
  readonly xtaken: Uint8Array;
  private readonly machine: Machine | null;
  /** The bus page table, cached for instruction fetch. */
  private readonly rdPages: Int32Array;
  /** The bus backing store, refreshed at each run() (regions are never added while running). */
  private mem: Uint8Array;
  private readonly pageBits: number;
  private readonly pageMask: number;

  constructor(bus: Bus, machine: Machine | null, variant: Variant) {
    super(bus);
    this.variant = variant;
    this.is196 = variant === 'i80c196';
    this.info = INFO[variant];
    this.machine = machine;
    this.rdPages = bus.rd;
    this.mem = bus.mem;
    this.pageBits = bus.pageBits;
    this.pageMask = bus.pageMask;
    const d = buildDispatch(variant, variant === 'i80c196' ? unimplementedTrap : illegalOpcode, prefixFE);
    this.exec = d.exec;
    this.tables = d.tables;
    this.states = d.tables.states;
    this.xodd = d.tables.extraOdd;
    this.xtaken = d.tables.extraTaken;
    bus.addDevice(0x00, 2, new RegisterFileView('zero-reg', this, 0x00));
    bus.addDevice(0x18, 0xe8, new RegisterFileView('register-file', this, 0x18));
  }

  get pc(): number { return this.pcr; }
  set pc(v: number) { this.pcr = v & 0xffff; }

  reset(): void {
    this.pcr = RESET_PC;
    this.fl = 0;
    this.r[8] = 0;
    this.r[9] = 0;
    if (this.is196) this.r.fill(0, 0x12, 0x15);
    this.irqInhibit = false;
    this.idleMode = 0;
    this.halted = null;
    this.attention &= ~(ATTN_IRQ | ATTN_CORE);
  }

  // ---- register file and memory -------------------------------------------------------------

  /**
   * SFRs the core keeps itself: INT_MASK/INT_PENDING, and on the 80C196 INT_PEND1 (12h),
   * INT_MASK1 (13h) and WSR (14h; stored, register windows are not modelled).
   */
  private coreSfr(a: number): boolean {
    return a === 8 || a === 9 || (this.is196 && a >= 0x12 && a <= 0x14);
  }

  /** SFR read (02h-17h) or the zero register. */
  private sfrRead(a: number): number {
    if (a < 2) return 0;
    if (this.coreSfr(a)) return this.r[a];
    return this.bus.slowRead(a, 1);
  }

  private sfrWrite(a: number, v: number): void {
    if (a < 2) return;
    if (this.coreSfr(a)) {
      this.r[a] = v;
      this.attention |= ATTN_IRQ;
      return;
    }
    this.bus.slowWrite(a, 1, v);
  }

  rb(a: number): number {
    return a >= 0x18 ? this.r[a] : this.sfrRead(a);
  }
  rw(a: number): number {
    if (a >= 0x18) {
      const r = this.r;
      return r[a] | (r[a + 1] << 8);
    }
    return this.sfrRead(a) | (this.rb(a + 1) << 8);
  }
  /** Long register as a signed 32-bit value (use `>>> 0` for unsigned). */
  rl(a: number): number {
    return this.rw(a) | (this.rw(a + 2) << 16);
  }
  wb(a: number, v: number): void {
    if (a >= 0x18) this.r[a] = v;
    else this.sfrWrite(a, v & 0xff);
  }
  ww(a: number, v: number): void {
    if (a >= 0x18) {
      const r = this.r;
      r[a] = v;
      r[a + 1] = v >> 8;
    } else {
      this.sfrWrite(a, v & 0xff);
      this.wb(a + 1, (v >> 8) & 0xff);
    }
  }
  wl(a: number, v: number): void {
    this.ww(a, v & 0xffff);
    this.ww(a + 2, (v >>> 16) & 0xffff);
  }

  mr8(a: number): number {
    return a < 0x100 ? this.rb(a) : this.bus.read8(a);
  }
  mr16(a: number): number {
    return a < 0x100 ? this.rw(a) : this.bus.read16(a);
  }
  mw8(a: number, v: number): void {
    if (a < 0x100) this.wb(a, v);
    else this.bus.write8(a, v);
  }
  mw16(a: number, v: number): void {
    if (a < 0x100) this.ww(a, v);
    else this.bus.write16(a, v);
  }

  fetch8(): number {
    const pc = this.pcr;
    this.pcr = (pc + 1) & 0xffff;
    const b = this.rdPages[pc >>> this.pageBits];
    return b >= 0 ? this.mem[b + (pc & this.pageMask)] : this.bus.slowRead(pc, 1);
  }
  fetch16(): number {
    const lo = this.fetch8();
    return lo | (this.fetch8() << 8);
  }

  push16(v: number): void {
    const sp = (this.rw(REG_SP) - 2) & 0xffff;
    this.ww(REG_SP, sp);
    this.mw16(sp, v);
  }
  pop16(): number {
    const sp = this.rw(REG_SP);
    const v = this.mr16(sp);
    this.ww(REG_SP, (sp + 2) & 0xffff);
    return v;
  }

  // ---- addressing modes ---------------------------------------------------------------------

  /** Effective address of an indirect (aa=10) or indexed (aa=11) aop; `size` is the auto-increment. */
  private memAddr(op: number, size: number): number {
    const b = this.fetch8();
    const ra = b & 0xfe;
    if ((op & 1) === 0) {
      const p = this.rw(ra);
      if (b & 1) {
        this.ww(ra, (p + size) & 0xffff);
        this.cyc += this.xodd[op];
      }
      return p;
    }
    if (b & 1) {
      const d = this.fetch16();
      this.cyc += this.xodd[op];
      return (this.rw(ra) + d) & 0xffff;
    }
    const d = (this.fetch8() << 24) >> 24;
    return (this.rw(ra) + d) & 0xffff;
  }

  /** Word value of the aop selected by the opcode's aa bits (op may be an FE slot, 256+). */
  aopW(op: number): number {
    switch (op & 3) {
      case 0: return this.rw(this.fetch8());
      case 1: return this.fetch16();
      default: return this.mr16(this.memAddr(op, 2));
    }
  }

  aopB(op: number): number {
    switch (op & 3) {
      case 0: return this.rb(this.fetch8());
      case 1: return this.fetch8();
      default: return this.mr8(this.memAddr(op, 1));
    }
  }

  /** Address of a destination aop (ST, STB, POP, XCH): direct, indirect or indexed. */
  aopAddr(op: number, size: number): number {
    return (op & 3) === 0 ? this.fetch8() : this.memAddr(op, size);
  }

  // ---- interrupts ---------------------------------------------------------------------------

  inhibitIrq(): void {
    this.irqInhibit = true;
    this.attention |= ATTN_IRQ;
  }

  /** A peripheral sets an INT_PENDING bit (8-15: INT_PEND1 bits 0-7 on the 80C196). */
  raiseInterrupt(bit: number): void {
    if (bit < 8) this.r[9] |= 1 << bit;
    else if (this.is196) this.r[0x12] |= 1 << (bit - 8);
    this.attention |= ATTN_IRQ;
  }

  /** Enabled and pending interrupts as one 16-bit word (INT_PEND1/INT_MASK1 in the high byte). */
  private deliverable(): number {
    const r = this.r;
    const low = r[8] & r[9];
    return this.is196 ? low | ((r[0x13] & r[0x12]) << 8) : low;
  }

  setIrq(line: number, asserted: boolean): void {
    if (line < 0 || line > (this.is196 ? 15 : 7)) return;
    const m = 1 << line;
    const was = (this.irqLines & m) !== 0;
    if (asserted) this.irqLines |= m;
    else this.irqLines &= ~m;
    if (asserted && !was) this.raiseInterrupt(line);
  }

  /** Take the highest-priority deliverable interrupt; returns the states used (0: none). */
  private pollInterrupts(): number {
    const pend = this.deliverable();
    if (this.idleMode === 1 && pend !== 0) this.wake();
    if (this.irqInhibit) {
      this.irqInhibit = false;
      return 0;
    }
    if (pend === 0 || (this.fl & F_I) === 0) {
      this.attention &= ~ATTN_IRQ;
      return 0;
    }
    const bit = 31 - Math.clz32(pend);
    let vector: number;
    if (bit < 8) {
      this.r[9] &= ~(1 << bit);
      vector = VEC_BASE + 2 * bit;
    } else {
      this.r[0x12] &= ~(1 << (bit - 8));
      vector = VEC_BASE1 + 2 * (bit - 8);
    }
    this.push16(this.pcr);
    this.pcr = this.mr16(vector);
    this.irqInhibit = true;
    return IRQ_STATES;
  }

  /** RST (and 80C196 IDLPD with a bad key): a chip reset. */
  resetInstruction(): void {
    if (this.machine) this.machine.resetCpu('RST instruction');
  }

  /** 80C196 IDLPD: ATTN_CORE stays set while the CPU sleeps so every run() checks for wake-up. */
  enterIdle(mode: number): void {
    this.idleMode = mode;
    this.attention |= ATTN_IRQ | ATTN_CORE;
  }

  private wake(): void {
    this.idleMode = 0;
    this.attention &= ~ATTN_CORE;
  }

  // ---- the loop -----------------------------------------------------------------------------

  run(budget: number): number {
    let used = 0;
    const exec = this.exec;
    const states = this.states;
    this.mem = this.bus.mem;
    while (used < budget) {
      if (this.attention !== 0) {
        this.insnPc = this.pcr;
        this.sliceCycles = used;
        if (this.attention & ATTN_IRQ) {
          const n = this.pollInterrupts();
          if (n > 0) {
            used += n;
            continue;
          }
        }
        if (this.idleMode !== 0) {
          if (this.idleMode === 1 && this.deliverable() !== 0) this.wake();
          else {
            if ((this.attention & ATTN_STOP) !== 0 && this.serviceCommon(this.pcr)) break;
            // Asleep until an event: give the machine the rest of the slice at once.
            if (this.machine) this.machine.idleCycles += budget - used;
            used = budget;
            break;
          }
        }
        if ((this.attention & ~(ATTN_IRQ | ATTN_CORE)) !== 0 && this.serviceCommon(this.pcr)) break;
        if (this.halted) break;
      }
      const pc = this.pcr;
      this.insnPc = pc;
      this.sliceCycles = used;
      this.pcr = (pc + 1) & 0xffff;
      const page = this.rdPages[pc >>> this.pageBits];
      const op = page >= 0 ? this.mem[page + (pc & this.pageMask)] : this.bus.slowRead(pc, 1);
      this.cyc = states[op];
      exec[op](this, op);
      used += this.cyc;
      this.instructions++;
    }
    this.sliceCycles = used;
    return used;
  }

  // ---- registers, disassembly, state --------------------------------------------------------

  getReg(name: string): number {
    switch (name.toUpperCase()) {
      case 'PC': return this.pcr;
      case 'PSW': return (this.fl << 8) | this.r[8];
      case 'SP': return this.r[0x18] | (this.r[0x19] << 8);
      case 'INT_MASK': return this.r[8];
      case 'INT_PENDING': return this.r[9];
      case 'INT_MASK1': return this.r[0x13];
      case 'INT_PEND1': return this.r[0x12];
      case 'WSR': return this.r[0x14];
      default: throw new Error(`i8096: unknown register ${name}`);
    }
  }

  setReg(name: string, value: number): void {
    switch (name.toUpperCase()) {
      case 'PC': this.pcr = value & 0xffff; break;
      case 'PSW': this.fl = (value >> 8) & 0xfb; this.r[8] = value & 0xff; this.attention |= ATTN_IRQ; break;
      case 'SP': this.r[0x18] = value & 0xff; this.r[0x19] = (value >> 8) & 0xff; break;
      case 'INT_MASK': this.r[8] = value & 0xff; this.attention |= ATTN_IRQ; break;
      case 'INT_PENDING': this.r[9] = value & 0xff; this.attention |= ATTN_IRQ; break;
      case 'INT_MASK1': this.r[0x13] = value & 0xff; this.attention |= ATTN_IRQ; break;
      case 'INT_PEND1': this.r[0x12] = value & 0xff; this.attention |= ATTN_IRQ; break;
      case 'WSR': this.r[0x14] = value & 0xff; break;
      default: throw new Error(`i8096: unknown register ${name}`);
    }
  }

  disassemble(addr: number, peek: PeekFn, opts?: DisasmOptions): DisasmResult {
    return disassemble(addr, peek, this.variant, opts);
  }

  saveState(): Record<string, unknown> {
    return {
      ...this.saveCommon(),
      pc: this.pcr, fl: this.fl, r: arr(this.r.subarray(0, 0x100)),
      irqInhibit: this.irqInhibit, idleMode: this.idleMode, irqLines: this.irqLines,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.loadCommon(s);
    this.pcr = Number(s.pc) & 0xffff;
    this.fl = Number(s.fl) & 0xff;
    this.r.fill(0);
    this.r.set((s.r as number[]).slice(0, 0x100));
    this.irqInhibit = Boolean(s.irqInhibit);
    this.idleMode = Number(s.idleMode ?? 0);
    this.irqLines = Number(s.irqLines ?? 0);
    this.attention |= ATTN_IRQ;
    if (this.idleMode !== 0) this.attention |= ATTN_CORE;
  }

  /** Used by the undefined-opcode handlers. */
  illegal(op: number): void {
    this.halt('illegal', `undefined opcode ${op >= 256 ? 'FE ' : ''}${(op & 0xff).toString(16).toUpperCase().padStart(2, '0')}h`, this.insnPc);
  }
}

function illegalOpcode(c: I8096, op: number): void {
  c.pcr = c.insnPc;
  c.illegal(op);
}

/** 80C196: undefined opcodes vector through 2012h. */
function unimplementedTrap(c: I8096): void {
  c.cyc = TRAP_STATES;
  c.push16(c.pcr);
  c.pcr = c.mr16(VEC_UNIMPLEMENTED);
}

/** FE prefix: the next byte selects a signed MUL/MULB/DIV/DIVB form (slots 256+). */
function prefixFE(c: I8096): void {
  const slot = 256 + c.fetch8();
  c.cyc = c.tables.states[slot];
  c.exec[slot](c, slot);
}

export function createCpu(bus: Bus, machine: Machine | null, variant: string): I8096 {
  registerI8096Devices();
  return new I8096(bus, machine, variant === 'i80c196' ? 'i80c196' : 'i8096');
}
