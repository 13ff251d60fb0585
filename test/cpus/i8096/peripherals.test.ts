/**
 * 8096BH on-chip peripherals on the i8096-generic board, driven by small hand-encoded programs
 * (listings in the comments; the project's assembler comes later).
 */
import { describe, expect, it } from 'vitest';
import { buildMachine, loadBoard } from '../../../src/boards/board.js';
import type { Machine } from '../../../src/core/machine.js';
import type { I8096 } from '../../../cpus/i8096/index.js';
import type { I8096Sfr } from '../../../cpus/i8096/peripherals/sfr.js';

async function board(code: Record<number, number[]>): Promise<{ m: Machine; cpu: I8096; sfr: I8096Sfr }> {
  const m = await buildMachine(loadBoard('i8096-generic'));
  for (const [addr, bytes] of Object.entries(code)) m.bus.load(Number(addr), Uint8Array.from(bytes));
  m.reset();
  const sfr = m.devices.find((d) => d.name === 'sfr') as I8096Sfr;
  return { m, cpu: m.cpu as I8096, sfr };
}

const EXIT = [0xc3, 0x01, 0x04, 0x1f, 0x00]; // ST 0H, 1F04H[0H]  (exit device, status 0)

describe('i8096 on-chip peripherals', () => {
  it('serial port transmits on the primary port and sets TI (SP_STAT read clears it)', async () => {
    const { m } = await board({
      0x2080: [
        0xa1, 0x00, 0xff, 0x18, //   LD   SP, #0FF00H
        0xb1, 0x01, 0x11, //         LDB  11H, #1H        ; SP_CON: mode 1
        0xb1, 0x0c, 0x0e, //         LDB  0EH, #0CH       ; BAUD_RATE low: B = 12
        0xb1, 0x80, 0x0e, //         LDB  0EH, #80H       ; BAUD_RATE high: XTAL1 clock
        0xb1, 0x48, 0x07, //         LDB  07H, #48H       ; SBUF = 'H'
        0x35, 0x11, 0xfd, // 208F:   JBC  11H, 5, 208FH   ; wait for TI
        0xb1, 0x69, 0x07, //         LDB  07H, #69H       ; SBUF = 'i'
        0x35, 0x11, 0xfd, // 2095:   JBC  11H, 5, 2095H
        ...EXIT,
      ],
    });
    const stop = m.runCycles(100_000);
    expect(stop?.kind).toBe('exit');
    expect(m.serial('primary').outputText()).toBe('Hi');
    // 10 bits at 64 * 13 XTAL periods each, 3 XTAL periods per state: two characters.
    expect(m.scheduler.now).toBeGreaterThanOrEqual(2 * Math.round((64 * 13 * 10) / 3));
  });

  it('serial port receives with REN and raises the serial interrupt (vector 200CH)', async () => {
    const { m } = await board({
      0x200c: [0x00, 0x21],
      0x2080: [
        0xa1, 0x00, 0xff, 0x18, //   LD   SP, #0FF00H
        0xb1, 0x09, 0x11, //         LDB  11H, #9H        ; SP_CON: mode 1, REN
        0xb1, 0x40, 0x08, //         LDB  INT_MASK, #40H  ; serial
        0xfb, //                     EI
        0x27, 0xfe, //       208E:   SJMP 208EH
      ],
      0x2100: [
        0xb0, 0x11, 0x32, //         LDB  32H, 11H        ; SP_STAT
        0xb0, 0x07, 0x30, //         LDB  30H, 07H        ; SBUF
        0xc7, 0x01, 0x00, 0x90, 0x30, // STB 30H, 9000H[0H] -- long-indexed off the zero register
        0xc7, 0x01, 0x01, 0x90, 0x32, // STB 32H, 9001H[0H]
        ...EXIT,
      ],
    });
    m.serial('primary').send([0x41]);
    expect(m.runCycles(100_000)?.kind).toBe('exit');
    expect(m.bus.peek8(0x9000)).toBe(0x41);
    expect(m.bus.peek8(0x9001) & 0x40).toBe(0x40); // RI
  });

  it('serial transmit: a byte written while one is on the wire is held and sent next', async () => {
    const { m } = await board({
      0x2080: [
        0xb1, 0x01, 0x11, //         LDB  11H, #1H
        0xb1, 0x4f, 0x07, //         LDB  07H, #4FH        ; 'O'
        0xb1, 0x4b, 0x07, //         LDB  07H, #4BH        ; 'K' while 'O' is sending
        0x27, 0xfe, //               SJMP $
      ],
    });
    m.runCycles(2 * Math.round((64 * 10) / 3) + 100);
    expect(m.serial('primary').outputText()).toBe('OK');
  });

  it('serial receive does not need RI cleared: a handler that only reads SBUF gets every byte', async () => {
    const { m } = await board({
      0x200c: [0x00, 0x21],
      0x2080: [
        0xa1, 0x00, 0xff, 0x18, //   LD   SP, #0FF00H
        0xa1, 0x00, 0x90, 0x30, //   LD   30H, #9000H      ; buffer pointer
        0xb1, 0x09, 0x11, //         LDB  11H, #9H         ; SP_CON: mode 1, REN
        0xb1, 0x40, 0x08, //         LDB  INT_MASK, #40H
        0xfb, //                     EI
        0x27, 0xfe, //       208F:   SJMP 208FH
      ],
      0x2100: [
        0xf2, //                     PUSHF
        0xb0, 0x07, 0x32, //         LDB  32H, 07H         ; SBUF only, SP_STAT never read
        0xc6, 0x31, 0x32, //         STB  32H, [30H]+
        0x99, 0x21, 0x32, //         CMPB 32H, #21H        ; '!' ends the test
        0xd7, 0x05, //               JNE  2111H
        ...EXIT, //                  (210CH) exit
        0xf3, 0xf0, //       2111:   POPF ; RET
      ],
    });
    m.serial('primary').send([...Buffer.from('abc!')]);
    expect(m.runCycles(200_000)?.kind).toBe('exit');
    expect(Buffer.from([0, 1, 2, 3].map((i) => m.bus.peek8(0x9000 + i))).toString()).toBe('abc!');
  });

  it('HSO software timer fires when Timer1 reaches the time and vectors through 200AH', async () => {
    const { m, cpu } = await board({
      0x200a: [0x00, 0x21],
      0x2080: [
        0xa1, 0x00, 0xff, 0x18, //   LD   SP, #0FF00H
        0xb1, 0x20, 0x08, //         LDB  INT_MASK, #20H  ; software timer
        0xb1, 0x18, 0x06, //         LDB  06H, #18H       ; HSO_COMMAND: software timer 0, interrupt
        0xa0, 0x0a, 0x30, //         LD   30H, 0AH        ; TIMER1
        0x65, 0x64, 0x00, 0x30, //   ADD  30H, #64H
        0xc0, 0x04, 0x30, //         ST   30H, 04H        ; HSO_TIME: loads the CAM
        0xfb, //                     EI
        0x27, 0xfe, //       2095:   SJMP 2095H
      ],
      0x2100: [
        0xb0, 0x16, 0x32, //         LDB  32H, 16H        ; IOS1 (read clears bits 0-5)
        0xb0, 0x16, 0x33, //         LDB  33H, 16H
        0xc0, 0x01, 0x34, //         ST   34H, ... (placeholder overwritten below)
      ],
    });
    // Handler tail: store IOS1 readings and TIMER1, then exit.
    m.bus.load(0x2106, Uint8Array.from([
      0xa0, 0x0a, 0x34, //           LD   34H, 0AH        ; TIMER1 now
      0xc3, 0x01, 0x00, 0x90, 0x32, //ST  32H, 9000H[0H]
      0xc3, 0x01, 0x02, 0x90, 0x34, //ST  34H, 9002H[0H]
      ...EXIT,
    ]));
    expect(m.runCycles(100_000)?.kind).toBe('exit');
    expect(m.bus.peek8(0x9000) & 0x01).toBe(1); // IOS1.0: software timer 0
    expect(m.bus.peek8(0x9001) & 0x01).toBe(0); // cleared by the first read
    const t1 = m.bus.peek16(0x9002);
    expect(t1).toBeGreaterThanOrEqual(100);
    expect(t1).toBeLessThan(110);
    expect(cpu.getReg('INT_PENDING') & 0x20).toBe(0);
  });

  it('A/D converter: GO starts a conversion of the selected channel; result layout of AD_RESULT', async () => {
    const { m, sfr } = await board({
      0x2080: [
        0xb1, 0x0b, 0x02, //         LDB  02H, #0BH       ; AD_COMMAND: channel 3, GO
        0x3b, 0x02, 0xfd, // 2083:   JBS  02H, 3, 2083H   ; wait while busy
        0xa0, 0x02, 0x30, //         LD   30H, 02H        ; AD_RESULT
        0xc3, 0x01, 0x00, 0x90, 0x30, // ST 30H, 9000H[0H]
        ...EXIT,
      ],
    });
    sfr.adc.setInput(3, 0x2c7);
    expect(m.runCycles(10_000)?.kind).toBe('exit');
    expect(m.bus.peek16(0x9000)).toBe(((0x2c7 >> 2) << 8) | ((0x2c7 & 3) << 6) | 3);
    expect(sfr.adc.conversions).toBe(1);
    expect(m.cpu.getReg('INT_PENDING') & 0x02).toBe(0x02);
  });

  it('watchdog resets the chip 65536 states after the 1EH/E1H sequence, and reports it', async () => {
    const { m, sfr } = await board({
      0x2080: [
        0xb1, 0x1e, 0x0a, //         LDB  0AH, #1EH
        0xb1, 0xe1, 0x0a, //         LDB  0AH, #0E1H
        0x27, 0xfe, //       2086:   SJMP 2086H
      ],
    });
    m.runCycles(60_000);
    expect(m.resets.length).toBe(0);
    m.runCycles(10_000);
    expect(m.resets.length).toBe(1);
    expect(m.resets[0].reason).toMatch(/watchdog/);
    expect(sfr.watchdog.expiries).toBe(1);
    expect(m.messages.some((s) => s.includes('watchdog'))).toBe(true);
  });

  it('interrupt priority: the highest pending bit wins; the CPU does not clear PSW.I', async () => {
    const { m, cpu } = await board({
      0x2002: [0x00, 0x21],
      0x200e: [0x10, 0x21],
      0x2080: [
        0xa1, 0x00, 0xff, 0x18, //   LD   SP, #0FF00H
        0xb1, 0x82, 0x08, //         LDB  INT_MASK, #82H
        0xfb, //                     EI
        0x27, 0xfe, //       2088:   SJMP 2088H
      ],
      0x2100: [...EXIT],
      0x2110: [0xb1, 0x01, 0x30, 0xf0], // LDB 30H, #1H ; RET
    });
    m.runCycles(200);
    cpu.setIrq(7, true); // EXTINT edge
    cpu.setReg('INT_PENDING', cpu.getReg('INT_PENDING') | 0x02); // A/D done as well
    expect(m.runCycles(1000)?.kind).toBe('exit');
    expect(cpu.r[0x30]).toBe(1); // EXTINT (bit 7) ran first, then A/D (bit 1)
    expect(cpu.getReg('PSW') & 0x0200).toBe(0x0200);
  });

  it('HSI records time-stamped transitions in the holding register and FIFO', async () => {
    const { sfr, m } = await board({ 0x2080: [0x27, 0xfe] });
    sfr.write(0x03 - 2, 1, 0x01); // HSI_MODE: HSI.0 every positive transition
    sfr.write(0x15 - 2, 1, 0x01); // IOC0: enable HSI.0
    sfr.write(0x16 - 2, 1, 0x80); // IOC1: interrupt on holding register loaded
    m.runCycles(800);
    sfr.hsi.input(0, true);
    sfr.hsi.input(0, false);
    m.runCycles(800);
    sfr.hsi.input(0, true);
    expect(sfr.read(0x16 - 2, 1) & 0x80).toBe(0x80); // IOS1.7: data available
    expect(sfr.read(0x06 - 2, 1)).toBe(0x03); // event on HSI.0, pin high
    const t0 = sfr.read(0x04 - 2, 1) | (sfr.read(0x05 - 2, 1) << 8);
    const t1 = sfr.read(0x04 - 2, 1) | (sfr.read(0x05 - 2, 1) << 8);
    expect(t1 - t0).toBe(100); // 800 states / 8 per Timer1 count
    expect(sfr.read(0x16 - 2, 1) & 0x80).toBe(0);
    expect(m.cpu.getReg('INT_PENDING') & 0x14).toBe(0x14); // HSI data and HSI.0 pin
  });

  it('SFR addresses read and write different registers (AD_RESULT vs AD_COMMAND, TIMER1 vs WATCHDOG)', async () => {
    const { sfr, m } = await board({ 0x2080: [0x27, 0xfe] });
    sfr.adc.setInput(5, 0x3ff);
    sfr.write(0, 1, 0x0d); // AD_COMMAND channel 5, GO
    expect(sfr.read(0, 1) & 0x08).toBe(0x08); // AD_RESULT_LO: busy
    m.runCycles(100);
    expect(sfr.read(0, 1)).toBe(0xc5);
    expect(sfr.read(1, 1)).toBe(0xff);
    m.runCycles(8 * 50);
    const t1 = sfr.read(0x0a - 2, 1);
    sfr.write(0x0a - 2, 1, 0x55); // WATCHDOG: not a Timer1 write
    expect(sfr.read(0x0a - 2, 1)).toBe(t1);
    expect(sfr.peek(0x11 - 2, 1)).toBe(sfr.serial.spStat);
  });

  it('RST resets the chip: PC 2080H, PSW 0, peripherals to their reset state', async () => {
    const { m, cpu, sfr } = await board({
      0x2080: [
        0x38, 0x30, 0x0a, //         JBS  30H, 0, 208DH   ; second time round: stop here
        0xb1, 0x01, 0x30, //         LDB  30H, #1H        ; the register file survives a reset
        0xb1, 0x1e, 0x0a, //         LDB  0AH, #1EH       ; start the watchdog
        0xb1, 0xe1, 0x0a, //         LDB  0AH, #0E1H
        0xff, //                     RST
        0x27, 0xfe, //       208D:   SJMP 208DH
      ],
    });
    cpu.setReg('PSW', 0x8a00);
    m.runCycles(200);
    expect(m.resets.length).toBe(1);
    expect(m.resets[0].reason).toMatch(/RST/);
    expect(sfr.watchdog.running).toBe(false);
    expect(cpu.pc).toBe(0x208d);
    expect(cpu.getReg('PSW')).toBe(0);
  });

  it('HSO pin commands on Timer2 fire when Timer2 is clocked to their time; Timer1 overflow raises bit 0', async () => {
    const { sfr, m } = await board({ 0x2080: [0x27, 0xfe] });
    sfr.write(0x06 - 2, 1, 0x73); // HSO_COMMAND: HSO.3, set, interrupt, Timer2
    sfr.write(0x04 - 2, 1, 0x05);
    sfr.write(0x05 - 2, 1, 0x00); // HSO_TIME = 5: into the CAM
    expect(sfr.hso.cam.length).toBe(1);
    sfr.timers.clock(4);
    expect(sfr.read(0x15 - 2, 1) & 0x08).toBe(0);
    sfr.timers.clock(1);
    expect(sfr.read(0x15 - 2, 1) & 0x08).toBe(0x08); // IOS0.3: HSO.3 is high
    expect(sfr.hso.cam.length).toBe(0);
    expect(m.cpu.getReg('INT_PENDING') & 0x08).toBe(0x08);
    sfr.write(0x16 - 2, 1, 0x04); // IOC1: Timer1 overflow interrupt
    m.runCycles(0x10000 * 8 + 16);
    expect(m.cpu.getReg('INT_PENDING') & 0x01).toBe(0x01);
    expect(sfr.read(0x16 - 2, 1) & 0x20).toBe(0x20); // IOS1.5, cleared by this read
    expect(sfr.peek(0x16 - 2, 1) & 0x20).toBe(0);
  });

  it('saveState/loadState round-trips the core', async () => {
    const { m, cpu } = await board({ 0x2080: [0xa1, 0x34, 0x12, 0x30, 0x27, 0xfe] });
    m.runCycles(50);
    const s = JSON.parse(JSON.stringify(cpu.saveState()));
    cpu.r[0x30] = 0;
    cpu.pc = 0;
    cpu.loadState(s);
    expect(cpu.rw(0x30)).toBe(0x1234);
    expect(cpu.pc).toBe(0x2084);
  });
});
