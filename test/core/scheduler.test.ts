import { describe, expect, it } from 'vitest';
import { SchedEvent, Scheduler } from '../../src/core/scheduler.js';

describe('scheduler', () => {
  it('fires events in deadline order, ties in scheduling order, and reports the next deadline', () => {
    const s = new Scheduler();
    const order: string[] = [];
    const a = s.register(new SchedEvent('a', (t) => order.push(`a@${t}`)));
    const b = s.register(new SchedEvent('b', (t) => order.push(`b@${t}`)));
    const c = s.register(new SchedEvent('c', (t) => order.push(`c@${t}`)));
    s.schedule(a, 100);
    s.schedule(b, 50);
    s.schedule(c, 100);
    expect(s.nextDeadline()).toBe(50);
    s.dispatch(99);
    expect(order).toEqual(['b@50']);
    s.dispatch(100);
    expect(order).toEqual(['b@50', 'a@100', 'c@100']);
    expect(s.nextDeadline()).toBe(Infinity);
  });

  it('cancels and reschedules', () => {
    const s = new Scheduler();
    let n = 0;
    const a = s.register(new SchedEvent('a', () => n++));
    s.schedule(a, 10);
    s.schedule(a, 20);
    s.dispatch(15);
    expect(n).toBe(0);
    s.cancel(a);
    s.dispatch(30);
    expect(n).toBe(0);
    expect(a.scheduled).toBe(false);
  });

  it('lets an event reschedule itself (periodic) and tells the machine about earlier deadlines', () => {
    const s = new Scheduler();
    const fired: number[] = [];
    const ev: SchedEvent = s.register(new SchedEvent('tick', (t) => {
      fired.push(t);
      s.schedule(ev, t + 10);
    }));
    const early: number[] = [];
    s.onEarlierDeadline = (d) => early.push(d);
    s.sliceEnd = 5;
    s.schedule(ev, 3);
    expect(early).toEqual([3]);
    s.sliceEnd = Infinity;
    s.dispatch(35);
    expect(fired).toEqual([3, 13, 23, 33]);
    expect(s.nextDeadline()).toBe(43);
  });

  it('saves and restores pending events by name', () => {
    const s = new Scheduler();
    const a = s.register(new SchedEvent('a', () => {}));
    const b = s.register(new SchedEvent('b', () => {}));
    s.schedule(a, 7);
    s.schedule(b, 3);
    const snap = s.save();
    s.cancel(a);
    s.cancel(b);
    s.restore(snap);
    expect(s.pending()).toEqual([{ name: 'b', deadline: 3 }, { name: 'a', deadline: 7 }]);
    expect(() => s.register(new SchedEvent('a', () => {}))).toThrow(/duplicate/);
  });
});
