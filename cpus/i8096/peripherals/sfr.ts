/**
 * The 8096BH special-function registers 02h-17h as one bus device (type `i8096-sfr`, placed
 * at 02h by the board). Many addresses read one register and write another:
 *
 *   addr  read            write           addr  read            write
 *   02h   AD_RESULT_LO    AD_COMMAND      0Ch   TIMER2_LO       -
 *   03h   AD_RESULT_HI    HSI_MODE        0Dh   TIMER2_HI       -
 *   04h   HSI_TIME_LO     HSO_TIME_LO     0Eh   PORT0           BAUD_RATE
 *   05h   HSI_TIME_HI     HSO_TIME_HI     0Fh   PORT1           PORT1
 *   06h   HSI_STATUS      HSO_COMMAND     10h   PORT2           PORT2
 *   07h   SBUF (rx)       SBUF (tx)       11h   SP_STAT         SP_CON
 *   08h   INT_MASK        INT_MASK        12h-14h reserved
 *   09h   INT_PENDING     INT_PENDING     15h   IOS0            IOC0
 *   0Ah   TIMER1_LO       WATCHDOG        16h   IOS1            IOC1
 *   0Bh   TIMER1_HI       IOC2            17h   reserved        PWM_CONTROL
 *
 * INT_MASK/INT_PENDING belong to the core (it reads them at every instruction boundary); the
 * core never sends 08h/09h here, only the debugger's peek does. Reading SP_STAT clears TI/RI,
 * reading SBUF lets the next queued input byte arrive,
 * reading IOS1 clears its bits 0-5 and reading HSI_TIME_HI unloads the HSI holding register:
 * `peek` does none of that.
 */
import type { AccessSize } from '../../../src/core/bus.js';
import type { DeviceContext } from '../../../src/core/machine.js';
import { BaseDevice } from '../../../src/devices/base.js';
import type { I8096 } from '../index.js';
import { AdConverter } from './adc.js';
import { Chip } from './context.js';
import { HsiUnit } from './hsi.js';
import { HsoUnit } from './hso.js';
import { InterruptController } from './interrupts.js';
import { Ports } from './ports.js';
import { SerialUnit } from './serial.js';
import { Timers } from './timers.js';
import { Watchdog } from './watchdog.js';

export const SFR_BASE = 0x02;
export const SFR_SPAN = 0x16;

export interface SfrOptions {
  port: string;
  analog: number[];
  pins: (number | undefined)[];
}

export class I8096Sfr extends BaseDevice {
  readonly chip: Chip;
  readonly interrupts: InterruptController;
  readonly timers: Timers;
  readonly adc: AdConverter;
  readonly hso: HsoUnit;
  readonly hsi: HsiUnit;
  readonly serial: SerialUnit;
  readonly watchdog: Watchdog;
  readonly ports: Ports;
  ioc0 = 0;
  ioc1 = 0;
  ioc2 = 0;
  pwm = 0;

  constructor(name: string, ctx: DeviceContext, private readonly cpu: I8096, opts: SfrOptions) {
    super(name, ctx, true);
    this.chip = new Chip(ctx, cpu, name);
    this.interrupts = new InterruptController(cpu);
    this.timers = new Timers(this.chip);
    this.adc = new AdConverter(this.chip, opts.analog);
    this.hso = new HsoUnit(this.chip, this.timers, this.adc);
    this.hsi = new HsiUnit(this.chip, this.timers);
    this.serial = new SerialUnit(this.chip, opts.port);
    this.watchdog = new Watchdog(this.chip);
    this.ports = new Ports(opts.pins);
    this.reset();
  }

  override reset(): void {
    this.timers.reset();
    this.adc.reset();
    this.hso.reset();
    this.hsi.reset();
    this.serial.reset();
    this.watchdog.reset();
    this.ports.reset();
    this.ioc0 = 0;
    this.ioc1 = 0;
    this.ioc2 = 0;
    this.pwm = 0;
  }

  private ios1(): number {
    return (this.hso.swFlags & 0x0f) | (this.timers.overflowFlags & 0x30) | this.hsi.ios1Bits();
  }

  private readReg(addr: number, sideEffects: boolean): number {
    switch (addr) {
      case 0x02: return this.adc.readLo();
      case 0x03: return this.adc.readHi();
      case 0x04: return this.hsi.readTimeLo();
      case 0x05: return this.hsi.readTimeHi(sideEffects);
      case 0x06: return this.hsi.readStatus();
      case 0x07: return sideEffects ? this.serial.readBuf() : this.serial.rxBuf;
      case 0x08: return this.interrupts.mask;
      case 0x09: return this.interrupts.pending;
      case 0x0a: return this.timers.timer1() & 0xff;
      case 0x0b: return this.timers.timer1() >> 8;
      case 0x0c: return this.timers.t2 & 0xff;
      case 0x0d: return this.timers.t2 >> 8;
      case 0x0e: return this.ports.read(0);
      case 0x0f: return this.ports.read(1);
      case 0x10: return this.ports.read(2);
      case 0x11: {
        if (!sideEffects) return this.serial.spStat;
        return this.serial.readStat();
      }
      case 0x15: return this.hso.ios0();
      case 0x16: {
        const v = this.ios1();
        if (sideEffects) {
          this.hso.swFlags = 0;
          this.timers.overflowFlags = 0;
        }
        return v;
      }
      default:
        if (sideEffects) this.ctx.bus.unimplemented(this.name, addr, `read of reserved SFR ${addr.toString(16)}h`);
        return 0xff;
    }
  }

  read(offset: number, _size: AccessSize): number {
    return this.readReg(offset + SFR_BASE, true);
  }

  peek(offset: number, _size: AccessSize): number {
    return this.readReg(offset + SFR_BASE, false);
  }

  write(offset: number, _size: AccessSize, value: number): void {
    const v = value & 0xff;
    const addr = offset + SFR_BASE;
    switch (addr) {
      case 0x02: this.adc.writeCommand(v); break;
      case 0x03: this.hsi.mode = v; break;
      case 0x04: this.hso.writeTimeLo(v); break;
      case 0x05: this.hso.writeTimeHi(v); break;
      case 0x06: this.hso.writeCommand(v); break;
      case 0x07: this.serial.writeBuf(v); break;
      case 0x08: this.cpu.setReg('INT_MASK', v); break;
      case 0x09: this.cpu.setReg('INT_PENDING', v); break;
      case 0x0a: this.watchdog.write(v); break;
      case 0x0b: this.ioc2 = v; break;
      case 0x0e: this.serial.writeBaud(v); break;
      case 0x0f: this.ports.write(1, v); break;
      case 0x10: this.ports.write(2, v); break;
      case 0x11: this.serial.writeCon(v); break;
      case 0x15:
        this.ioc0 = v;
        this.hsi.ioc0 = v;
        if (v & 0x02) this.timers.resetTimer2();
        break;
      case 0x16:
        this.ioc1 = v;
        this.timers.ioc1 = v;
        this.hsi.intOnHolding = (v & 0x80) !== 0;
        break;
      case 0x17: this.pwm = v; break;
      default:
        this.ctx.bus.unimplemented(this.name, addr, `write to read-only or reserved SFR ${addr.toString(16)}h`);
    }
  }

  saveState(): Record<string, unknown> {
    return {
      timers: this.timers.save(), adc: this.adc.save(), hso: this.hso.save(), hsi: this.hsi.save(),
      serial: this.serial.save(), watchdog: this.watchdog.save(), ports: this.ports.save(),
      ioc0: this.ioc0, ioc1: this.ioc1, ioc2: this.ioc2, pwm: this.pwm,
    };
  }

  loadState(s: Record<string, unknown>): void {
    this.timers.load(s.timers as Record<string, unknown>);
    this.adc.load(s.adc as Record<string, unknown>);
    this.hso.load(s.hso as Record<string, unknown>);
    this.hsi.load(s.hsi as Record<string, unknown>);
    this.serial.load(s.serial as Record<string, unknown>);
    this.watchdog.load(s.watchdog as Record<string, unknown>);
    this.ports.load(s.ports as Record<string, unknown>);
    this.ioc0 = Number(s.ioc0);
    this.ioc1 = Number(s.ioc1);
    this.ioc2 = Number(s.ioc2);
    this.pwm = Number(s.pwm);
  }
}
