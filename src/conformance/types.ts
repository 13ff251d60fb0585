/**
 * The contract between the generic vector runner (files, filters, reporting) and a CPU's
 * adapter (set up state, execute one instruction, compare). Formats: see
 * ../shared/vectors/README.md.
 */

/** One vector in the common shape; the 68000 binary form is converted to the 68000 JSON shape. */
export interface VectorTest {
  name: string;
  // The per-CPU shapes differ; adapters read the fields their README defines.
  initial: Record<string, unknown>;
  final: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Mismatch {
  /** 'D0', 'CPSR', 'ram[0x001234]', 'cycles' ... */
  what: string;
  expected: number;
  got: number;
}

export interface TestResult {
  name: string;
  /** Registers and memory as expected. */
  pass: boolean;
  mismatches: Mismatch[];
  /** Cycle count compared: true/false, or null when the vector has none. */
  cyclesMatch: boolean | null;
  /** The core threw (a bug in the core, reported instead of crashing the run). */
  error?: string;
}

export interface Harness {
  run(test: VectorTest): TestResult;
}

export interface ConformanceAdapter {
  cpu: string;
  createHarness(variant: string): Harness;
}
