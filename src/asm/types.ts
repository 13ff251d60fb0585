/**
 * The contract between the CPU-independent assembler (src/asm/assembler.ts) and a CPU's
 * instruction encoder (cpus/<id>/asm.ts). The framework reads the source, handles labels,
 * expressions, directives, passes, listings and output files; the CPU only turns one
 * instruction (mnemonic plus operand texts) into bytes.
 */
import { UserError } from '../core/errors.js';

/**
 * An assembly error. Thrown without a location by expression evaluation and CPU encoders; the
 * framework re-throws it located: "file:line: what" (or "line N: what" for a source that has
 * no file name). Exit status 2 in the CLI, like every bad-input error.
 */
export class AsmError extends UserError {
  readonly file: string | null;
  readonly line: number;
  readonly what: string;
  constructor(what: string, file: string | null = null, line = 0) {
    super(line > 0 ? `${file !== null ? `${file}:${line}` : `line ${line}`}: ${what}` : what, 2);
    this.name = 'AsmError';
    this.what = what;
    this.file = file;
    this.line = line;
  }
  get located(): boolean {
    return this.line > 0;
  }
}

/** Value of an expression. `known` is false while it depends on a symbol not defined yet. */
export interface ExprValue {
  value: number;
  known: boolean;
}

/** What an encoder may ask about the statement it is encoding. */
export interface EncodeContext {
  /** Address of the instruction's first byte. */
  readonly pc: number;
  /**
   * The last pass: every symbol must be defined and range checks apply. In earlier passes an
   * undefined symbol evaluates to 0 with `known` false and values need not fit.
   */
  readonly final: boolean;
  /**
   * Use the long form of every operand that has a short and a long encoding. The framework
   * sets it, for good, on a statement whose size changed between passes (see assembler.ts:
   * sizes only grow, so the passes always settle).
   */
  readonly long: boolean;
  /** Evaluate an expression in the current pass (`$` = pc). */
  evaluate(text: string): ExprValue;
}

/** A CPU's instruction encoder. */
export interface CpuAssembler {
  /** CPU id as in cpus/registry.ts. */
  readonly id: string;
  /** Byte order of DW/DL data. */
  readonly littleEndian: boolean;
  /** Width of the address space: bytes above 2^addressBits - 1 are an error. */
  readonly addressBits: number;
  /** Symbols every program starts with (register names such as SP), upper case. */
  readonly predefined: ReadonlyMap<string, number>;
  /** Whether `mnemonic` (upper case) is an instruction of this CPU. */
  isInstruction(mnemonic: string): boolean;
  /**
   * Bytes of one instruction. `operands` are the texts between top-level commas, trimmed.
   * Throws AsmError (no location) for anything it cannot encode.
   */
  encode(mnemonic: string, operands: string[], ctx: EncodeContext): number[];
}
