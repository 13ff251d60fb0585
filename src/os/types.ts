/**
 * What the OS-aware layer reports about a Byte-BOS(-model) kernel, read from emulated RAM
 * through peek only. The debugger's Tasks/Heap panels, `bytebos os` and scenario assertions
 * consume these shapes; the layer itself (src/os/) fills them from a profile.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Something wrong (or notable) found while reading kernel structures. */
export interface Finding {
  severity: Severity;
  /**
   * Stable machine-readable name: 'stack-overflow', 'stack-near-overflow', 'heap-broken-link',
   * 'heap-loop', 'heap-pointer-outside-ram', 'heap-overlap', 'heap-size-mismatch',
   * 'double-free', 'heap-corrupt-header', 'deadlock', 'list-broken-link', 'list-loop',
   * 'bad-pointer', 'walk-limit', ...
   */
  kind: string;
  message: string;
  /** Address of the object concerned, when there is one. */
  address?: number;
  /** Task concerned (TCB address), when there is one. */
  task?: number;
}

export interface WaitInfo {
  /** 'semaphore' | 'mailbox' | 'event' | 'timer' | 'sleep' | other profile-defined names. */
  type: string;
  address: number | null;
  /** Ticks left before a timeout, or null when waiting forever. */
  timeout: number | null;
}

export interface TraceRecord {
  /** Decoded per the profile: kind of record (call/return/...), service name, values. */
  kind: string;
  service: string;
  values: number[];
  raw: number[];
}

export interface TaskInfo {
  address: number;
  name: string;
  /** 'ready' | 'running' | 'waiting' | 'suspended' | 'terminated' | 'unknown(<n>)' */
  state: string;
  priority: number;
  wait: WaitInfo | null;
  savedPc: number | null;
  savedSp: number | null;
  stackLow: number | null;
  stackHigh: number | null;
  /** Bytes of stack in use now (from the saved SP), and the high-water mark (from the fill pattern). */
  stackUsed: number | null;
  stackHighWater: number | null;
  thisData: number | null;
  current: boolean;
  trace: TraceRecord[];
}

export interface ChunkOrigin {
  task: number | null;
  taskName: string | null;
  pc: number;
  cycle: number;
}

export interface HeapChunk {
  address: number;
  /** Usable or total size as the profile defines (see HeapInfo.sizeIncludesHeader). */
  size: number;
  free: boolean;
  owner: number | null;
  ownerName: string | null;
  allocatedBy?: ChunkOrigin;
  freedBy?: ChunkOrigin;
}

export interface HeapInfo {
  /** The memory object. */
  address: number;
  name?: string | null;
  start: number;
  end: number;
  chunks: HeapChunk[];
  totalFree: number;
  totalUsed: number;
  largestFree: number;
  /** 0 = one free block, approaching 1 = free space in many small pieces (1 - largest/total free). */
  fragmentation: number;
  intact: boolean;
}

export interface SemaphoreInfo {
  address: number;
  name: string | null;
  count: number;
  waiting: number[];
}

export interface MessageInfo {
  address: number;
  size: number;
  /** Message bytes as hex. */
  data: string;
}

export interface MailboxInfo {
  address: number;
  name: string | null;
  messages: MessageInfo[];
  waiting: number[];
}

export interface TimerInfo {
  address: number;
  name: string | null;
  active: boolean;
  remaining: number;
  period: number;
  /** What the timer signals (task or event address). */
  target: number | null;
}

export interface EventInfo {
  address: number;
  name: string | null;
  flags: number;
  waiting: number[];
}

export interface OsState {
  kernel: {
    profile: string;
    banner: string | null;
    /** How the roots were found. */
    foundBy: 'symbols' | 'discovery';
    /** 0..1: how sure the discovery is (1 for symbols). */
    confidence: number;
    notes: string[];
  };
  /** Virtual time of the reading (cycles). */
  cycle: number;
  tasks: TaskInfo[];
  /** The memory object alloc_fmem/free_fmem use (the profile's `heap` root). */
  heap: HeapInfo | null;
  /** Every memory object on the kernel's memory-object list (including `heap`). */
  heaps?: HeapInfo[];
  semaphores: SemaphoreInfo[];
  mailboxes: MailboxInfo[];
  timers: TimerInfo[];
  events: EventInfo[];
  findings: Finding[];
}
