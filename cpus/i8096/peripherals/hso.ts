/**
 * The 8096BH high-speed output unit: a content-addressable memory (CAM) of 8 pending
 * commands, each waiting for Timer1 or Timer2 to reach its time.
 *
 * A program writes HSO_COMMAND (06h) and then HSO_TIME (04h, as a word: the command is
 * loaded when the high byte at 05h is written). The command goes to the holding register and
 * from there into a free CAM slot; IOS0.7 reports a full holding register, IOS0.6 a full CAM or
 * holding register.
 *
 * HSO_COMMAND: bits 3-0 channel: 0-5 one HSO pin, 6 HSO.0+1, 7 HSO.2+3, 8-Bh software timer
 * 0-3, Eh reset Timer2, Fh start an A/D conversion; bit 4 interrupt; bit 5 set (1) or
 * clear (0) the pins; bit 6 compare with Timer2 instead of Timer1.
 * On a match the command executes and leaves the CAM. Pin commands with bit 4 raise the HSO
 * interrupt (INT_PENDING bit 3), the others the software-timer interrupt (bit 5); software
 * timers set IOS1 bits 0-3.
 *
 * Timer1 entries are scheduled for the cycle at which Timer1 reaches their time; Timer2
 * entries are compared whenever Timer2 changes.
 */
import { INT_HSO, INT_SW_TIMER } from '../registers.js';
import type { SchedEvent } from '../../../src/core/scheduler.js';
import type { Chip } from './context.js';
import type { Timers } from './timers.js';
import type { AdConverter } from './adc.js';

export const CAM_SIZE = 8;

interface Entry {
  cmd: number;
  time: number;
}

export class HsoUnit {
  cam: Entry[] = [];
  holding: Entry | null = null;
  command = 0;
  private timeLo = 0;
  /** HSO.0-5 pin levels (IOS0 bits 0-5). */
  pins = 0;
  /** Software timer flags (IOS1 bits 0-3). */
  swFlags = 0;
  /** Commands executed so far (for tests and the debugger). */
  executed = 0;
  private readonly ev: SchedEvent;

  constructor(private readonly chip: Chip, private readonly timers: Timers, private readonly adc: AdConverter) {
    this.ev = chip.event('hso.match', (at) => this.matchTimer1(at));
    timers.onTimer2 = () => this.matchTimer2();
  }

  reset(): void {
    this.cam = [];
    this.holding = null;
    this.command = 0;
    this.timeLo = 0;
    this.pins = 0;
    this.swFlags = 0;
    this.chip.scheduler.cancel(this.ev);
  }

  writeCommand(v: number): void {
    this.command = v & 0xff;
  }
  writeTimeLo(v: number): void {
    this.timeLo = v & 0xff;
  }
  writeTimeHi(v: number): void {
    const e: Entry = { cmd: this.command, time: this.timeLo | ((v & 0xff) << 8) };
    if (this.holding === null && this.cam.length < CAM_SIZE) this.cam.push(e);
    else this.holding = e;
    this.reschedule();
    this.matchTimer2();
  }

  /** IOS0 bits 7-6 and 5-0. */
  ios0(): number {
    const full = this.cam.length >= CAM_SIZE || this.holding !== null;
    return (this.holding !== null ? 0x80 : 0) | (full ? 0x40 : 0) | (this.pins & 0x3f);
  }

  private reschedule(): void {
    let best = Infinity;
    const now = this.chip.now();
    for (const e of this.cam) {
      if (e.cmd & 0x40) continue;
      const t = this.timers.timer1When(e.time, now);
      if (t < best) best = t;
    }
    if (best === Infinity) this.chip.scheduler.cancel(this.ev);
    else this.chip.scheduler.schedule(this.ev, best);
  }

  private matchTimer1(at: number): void {
    const t1 = this.timers.timer1(at);
    this.fire((e) => (e.cmd & 0x40) === 0 && e.time === t1);
    this.reschedule();
  }

  private matchTimer2(): void {
    const t2 = this.timers.t2;
    if (this.cam.some((e) => (e.cmd & 0x40) !== 0 && e.time === t2)) {
      this.fire((e) => (e.cmd & 0x40) !== 0 && e.time === t2);
      this.reschedule();
    }
  }

  private fire(match: (e: Entry) => boolean): void {
    const hits = this.cam.filter(match);
    if (hits.length === 0) return;
    this.cam = this.cam.filter((e) => !match(e));
    if (this.holding !== null && this.cam.length < CAM_SIZE) {
      this.cam.push(this.holding);
      this.holding = null;
    }
    for (const e of hits) this.execute(e.cmd);
  }

  private execute(cmd: number): void {
    this.executed++;
    const ch = cmd & 0x0f;
    const set = (cmd & 0x20) !== 0;
    const pinMask = ch < 6 ? 1 << ch : ch === 6 ? 0x03 : ch === 7 ? 0x0c : 0;
    if (pinMask) this.pins = set ? this.pins | pinMask : this.pins & ~pinMask;
    else if (ch >= 8 && ch <= 0x0b) this.swFlags |= 1 << (ch - 8);
    else if (ch === 0x0e) this.timers.resetTimer2();
    else if (ch === 0x0f) this.adc.hsoStart();
    if (cmd & 0x10) this.chip.raise(ch < 8 ? INT_HSO : INT_SW_TIMER);
  }

  save(): Record<string, unknown> {
    return { cam: this.cam.map((e) => [e.cmd, e.time]), holding: this.holding ? [this.holding.cmd, this.holding.time] : null, command: this.command, timeLo: this.timeLo, pins: this.pins, swFlags: this.swFlags, executed: this.executed };
  }
  load(s: Record<string, unknown>): void {
    this.cam = (s.cam as number[][]).map(([cmd, time]) => ({ cmd, time }));
    const h = s.holding as number[] | null;
    this.holding = h ? { cmd: h[0], time: h[1] } : null;
    this.command = Number(s.command);
    this.timeLo = Number(s.timeLo);
    this.pins = Number(s.pins);
    this.swFlags = Number(s.swFlags);
    this.executed = Number(s.executed ?? 0);
  }
}
