/**
 * Bus and scheduler micro-benchmarks (benny). Run: npm run build && node dist/bench/bus.js
 * Reports operations per second for RAM reads/writes through the page table (both byte
 * orders), device (slow path) accesses, and scheduling/dispatching events.
 */
import b from 'benny';
import { createBus, type AccessSize, type Device } from '../src/core/bus.js';
import { SchedEvent, Scheduler } from '../src/core/scheduler.js';

const N = 4096;

function ramBus(bigEndian: boolean) {
  const bus = createBus(bigEndian, { addrBits: 24, pageBits: 12, openBus: 0xff, unmapped: 'ignore', romWrite: 'ignore' });
  bus.addRegion('ram', 'ram', 0, 0x100000);
  return bus;
}

class Reg implements Device {
  readonly name = 'reg';
  readonly byteWide = false;
  v = 0;
  read(): number {
    return this.v;
  }
  peek(): number {
    return this.v;
  }
  write(_o: number, _s: AccessSize, value: number): void {
    this.v = value;
  }
}

const be = ramBus(true);
const le = ramBus(false);
const io = ramBus(true);
io.addDevice(0xf00000, 16, new Reg());

let sink = 0;

export const suites = [
  b.suite(
    'bus',
    b.add(`read8 x${N} (BE RAM)`, () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += be.read8(i * 7);
      sink += s;
    }),
    b.add(`read16 x${N} (BE RAM)`, () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += be.read16(i * 2);
      sink += s;
    }),
    b.add(`read32 x${N} (BE RAM)`, () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += be.read32(i * 4);
      sink += s;
    }),
    b.add(`read32 x${N} (LE RAM)`, () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += le.read32(i * 4);
      sink += s;
    }),
    b.add(`write32 x${N} (BE RAM)`, () => {
      for (let i = 0; i < N; i++) be.write32(i * 4, i);
    }),
    b.add(`write16 x${N} (LE RAM)`, () => {
      for (let i = 0; i < N; i++) le.write16(i * 2, i);
    }),
    b.add(`read32 x${N} (device, slow path)`, () => {
      let s = 0;
      for (let i = 0; i < N; i++) s += io.read32(0xf00000);
      sink += s;
    }),
    b.cycle(),
    b.complete(),
  ),
  b.suite(
    'scheduler',
    b.add('schedule + dispatch 64 events', () => {
      const s = new Scheduler();
      const evs: SchedEvent[] = [];
      for (let i = 0; i < 64; i++) evs.push(s.register(new SchedEvent(`e${i}`, () => sink++)));
      for (let i = 0; i < 64; i++) s.schedule(evs[i], (i * 37) % 101);
      s.dispatch(200);
    }),
    b.add('periodic event re-armed 1000 times', () => {
      const s = new Scheduler();
      let n = 0;
      const ev: SchedEvent = s.register(new SchedEvent('tick', (t) => {
        if (++n < 1000) s.schedule(ev, t + 10);
      }));
      s.schedule(ev, 10);
      s.dispatch(20000);
    }),
    b.cycle(),
    b.complete(),
  ),
];

export async function main(): Promise<void> {
  for (const s of suites) await s;
  if (sink === -1) console.log(sink);
}

await main();
