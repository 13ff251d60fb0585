/**
 * MCS-96 (8096BH) register-file layout and PSW bits.
 *
 * The 8096 has no accumulator: 00h-FFh of the address space is the on-chip register file.
 * 00h-01h is the zero register (reads 0, writes ignored), 02h-17h are special-function
 * registers that often read one thing and write another, 18h-19h is SP, 1Ah-FFh is RAM.
 */

/** PSW flag byte (bits of the high byte of the PUSHF word). */
export const F_Z = 0x80;
export const F_N = 0x40;
export const F_V = 0x20;
export const F_VT = 0x10;
export const F_C = 0x08;
/** Bit 2 (PSE on the 80C196KC) is never set by an 8096. */
export const F_I = 0x02;
export const F_ST = 0x01;

export const REG_ZERO = 0x00;
export const REG_SP = 0x18;
/** First register that is plain RAM (SP included). */
export const REG_RAM_BASE = 0x18;

/** SFR addresses (8096BH data sheet, SFR map). Read and write meanings differ at many of them. */
export const SFR = {
  AD_RESULT_LO: 0x02, // R
  AD_COMMAND: 0x02, // W
  AD_RESULT_HI: 0x03, // R
  HSI_MODE: 0x03, // W
  HSI_TIME_LO: 0x04, // R
  HSO_TIME_LO: 0x04, // W
  HSI_TIME_HI: 0x05, // R
  HSO_TIME_HI: 0x05, // W
  HSI_STATUS: 0x06, // R
  HSO_COMMAND: 0x06, // W
  SBUF: 0x07, // R: receive buffer, W: transmit buffer
  INT_MASK: 0x08,
  INT_PENDING: 0x09,
  TIMER1_LO: 0x0a, // R
  WATCHDOG: 0x0a, // W
  TIMER1_HI: 0x0b, // R
  IOC2: 0x0b, // W (8096BH)
  TIMER2_LO: 0x0c, // R
  TIMER2_HI: 0x0d, // R
  PORT0: 0x0e, // R
  BAUD_RATE: 0x0e, // W
  PORT1: 0x0f,
  PORT2: 0x10,
  SP_STAT: 0x11, // R
  SP_CON: 0x11, // W
  IOS0: 0x15, // R
  IOC0: 0x15, // W
  IOS1: 0x16, // R
  IOC1: 0x16, // W
  PWM_CONTROL: 0x17, // W
} as const;

/** Interrupt vectors: INT_PENDING bit n vectors through the word at 2000h + 2n (bit 7 highest priority). */
export const VEC_BASE = 0x2000;
export const VEC_TRAP = 0x2010;
/** 80C196: INT_PEND1 bit n (TI, RI, HSI4, T2CAP, T2OVF, EXTINT1, HSI FIFO full, NMI) vectors through 2030h + 2n. */
export const VEC_BASE1 = 0x2030;
/** 80C196: unimplemented-opcode trap. */
export const VEC_UNIMPLEMENTED = 0x2012;
export const CCB_ADDR = 0x2018;
export const RESET_PC = 0x2080;

/** INT_PENDING / INT_MASK bit numbers. */
export const INT_TIMER_OVF = 0;
export const INT_AD_DONE = 1;
export const INT_HSI_DATA = 2;
export const INT_HSO = 3;
export const INT_HSI0 = 4;
export const INT_SW_TIMER = 5;
export const INT_SERIAL = 6;
export const INT_EXTINT = 7;
