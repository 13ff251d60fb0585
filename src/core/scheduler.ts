/**
 * Cycle-timed events in virtual time. Peripherals compute when something will happen and
 * schedule it; nothing ticks per cycle. The machine runs the CPU up to `nextDeadline()` and then
 * calls `dispatch()`. Time is a float64 count of CPU clock cycles since power-on (exact to 2^53).
 */
export class SchedEvent {
  /** Absolute cycle at which the event fires, or -1 when not scheduled. */
  deadline = -1;
  constructor(
    /** Unique within a machine: snapshots store events by name. */
    readonly name: string,
    readonly fire: (now: number) => void,
  ) {}
  get scheduled(): boolean {
    return this.deadline >= 0;
  }
}

export class Scheduler {
  /** Cycle count at the start of the current CPU slice (exact between slices). */
  now = 0;
  /** Sorted by deadline, earliest first; ties keep scheduling order (stable, deterministic). */
  private queue: SchedEvent[] = [];
  private readonly byName = new Map<string, SchedEvent>();
  /**
   * Called when an event is scheduled earlier than the end of the slice in progress, so the
   * machine can make the CPU return at the next instruction boundary.
   */
  onEarlierDeadline: ((deadline: number) => void) | null = null;
  /** Cycle at which the slice in progress ends (set by the machine). */
  sliceEnd = Infinity;

  register(ev: SchedEvent): SchedEvent {
    if (this.byName.has(ev.name)) throw new Error(`scheduler: duplicate event name ${ev.name}`);
    this.byName.set(ev.name, ev);
    return ev;
  }

  /** Schedule (or move) `ev` to fire at absolute cycle `at`. */
  schedule(ev: SchedEvent, at: number): void {
    if (ev.deadline >= 0) this.remove(ev);
    if (!(at >= 0)) at = 0;
    ev.deadline = at;
    const q = this.queue;
    let i = q.length;
    while (i > 0 && q[i - 1].deadline > at) i--;
    q.splice(i, 0, ev);
    if (at < this.sliceEnd && this.onEarlierDeadline) this.onEarlierDeadline(at);
  }

  /** Schedule `ev` `delta` cycles after `from` (default: the slice start time). */
  scheduleIn(ev: SchedEvent, delta: number, from = this.now): void {
    this.schedule(ev, from + delta);
  }

  cancel(ev: SchedEvent): void {
    if (ev.deadline >= 0) this.remove(ev);
    ev.deadline = -1;
  }

  private remove(ev: SchedEvent): void {
    const i = this.queue.indexOf(ev);
    if (i >= 0) this.queue.splice(i, 1);
  }

  nextDeadline(): number {
    return this.queue.length > 0 ? this.queue[0].deadline : Infinity;
  }

  /** Fire every event whose deadline is at or before `now`, in deadline order. */
  dispatch(now: number): void {
    this.now = now;
    const q = this.queue;
    while (q.length > 0 && q[0].deadline <= now) {
      const ev = q.shift()!;
      const at = ev.deadline;
      ev.deadline = -1;
      ev.fire(at);
    }
  }

  pending(): { name: string; deadline: number }[] {
    return this.queue.map((e) => ({ name: e.name, deadline: e.deadline }));
  }

  save(): { now: number; events: { name: string; deadline: number }[] } {
    return { now: this.now, events: this.pending() };
  }

  restore(s: { now: number; events: { name: string; deadline: number }[] }): void {
    for (const ev of this.queue) ev.deadline = -1;
    this.queue = [];
    this.now = s.now;
    for (const e of s.events) {
      const ev = this.byName.get(e.name);
      if (!ev) throw new Error(`snapshot names an event this machine does not have: ${e.name}`);
      ev.deadline = e.deadline;
      this.queue.push(ev);
    }
  }
}
