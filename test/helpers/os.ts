import type { OsState } from '../../src/os/types.js';

/** The parts of an OS reading that symbol-based and stripped discovery must agree on. */
export const osSummary = (st: OsState) => ({
  tasks: st.tasks.map((t) => [t.address, t.name, t.state, t.priority, t.savedPc, t.current]),
  heap: st.heap?.chunks.map((c) => [c.address, c.size, c.free, c.owner]),
  sems: st.semaphores.map((x) => [x.address, x.name, x.count, x.waiting]),
  mboxes: st.mailboxes.map((x) => [x.address, x.messages.length]),
  timers: st.timers.map((x) => x.address),
  events: st.events.map((x) => x.address),
});
