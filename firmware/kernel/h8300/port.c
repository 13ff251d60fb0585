/*
 * The H8/300 port, C part: the banner, the initial context frame, the tick (8-bit timer 0,
 * compare match A), the UART device on the SCI, exit and unexpected-vector reports.
 *
 * Pointers are 16 bits, so every kernel object has its own, smaller layout on this CPU
 * (bytebos-model-h8300.json in firmware/profiles lists the offsets). The port is built with
 * -mint32 (int is 32 bits, as on the other two CPUs): the apps pass int to bb_printf's %d.
 * gcc converts a pointer to bb_u32 by sign extension, so RAM addresses (0x8000 and up) read
 * 0xFFFFxxxx in the kernel's 32-bit address fields (sp, stack_lo, stack_hi, bb_mem.start,
 * trace arguments); the port produces them the same way so that comparisons hold. The low
 * 16 bits are the address (the profile reads them as pointers).
 * A saved context is, from the saved SP up: R6, R5, R4, R3, R2, R1, R0, CCR.w, PC.w (18 bytes).
 */
#include "../bbos.h"
#include "board.h"

const char bb_banner[] =
    "Byte-BOS-model reference kernel for H8/300 -- Multitasking Operating System (bytebos-emu clean-room kernel)";

static bb_u8 uart_rx_data[64];
static bb_buffer uart_rx;
static bb_sem uart_rx_sem;
bb_device bb_uart;

/* ---- the SCI (H8/330 family, asynchronous mode) as the kernel's UART device --------------- */
#define SCI(d, off) (*(volatile bb_u8 *)(bb_u16)((d)->base + (off)))
#define SCI_SMR 0
#define SCI_BRR 1
#define SCI_SCR 2
#define SCI_TDR 3
#define SCI_SSR 4
#define SCI_RDR 5
#define SCR_RIE 0x40
#define SCR_TE 0x20
#define SCR_RE 0x10
#define SSR_TDRE 0x80
#define SSR_RDRF 0x40
#define SSR_TEND 0x04
#define SSR_ERRORS 0x38 /* ORER, FER, PER */

static void sci_init(bb_device *d)
{
  SCI(d, SCI_SCR) = 0;
  SCI(d, SCI_SMR) = 0; /* 8 data bits, no parity, 1 stop bit, clock phi */
  SCI(d, SCI_BRR) = 3; /* 10 MHz / (64 x 4) = 39063 bit/s (38400 within 1.8 %) */
  SCI(d, SCI_SCR) = SCR_RIE | SCR_TE | SCR_RE;
}

static void sci_putc(bb_device *d, int c)
{
  while (!(SCI(d, SCI_SSR) & SSR_TDRE)) {
  }
  SCI(d, SCI_TDR) = (bb_u8)c;
  SCI(d, SCI_SSR) = (bb_u8)~SSR_TDRE; /* writing 0 to TDRE starts the transmission */
}

/* RXI and ERI: take every received byte, drop receive errors. */
static void sci_isr(bb_device *d)
{
  bb_u8 s = SCI(d, SCI_SSR);
  if (s & SSR_ERRORS)
    SCI(d, SCI_SSR) = (bb_u8)~SSR_ERRORS;
  if (s & SSR_RDRF) {
    bb_u8 c = SCI(d, SCI_RDR);
    SCI(d, SCI_SSR) = (bb_u8)~SSR_RDRF;
    d->rx_count++;
    if (bb_buffer_put(d->rx, c) == BB_OK)
      bb_sem_up(d->rx_sem);
  }
}

static const bb_device_ops sci_ops = { sci_init, sci_putc, sci_isr };

void port_init(void)
{
  bb_buffer_init(&uart_rx, "uart0.rx", uart_rx_data, sizeof(uart_rx_data));
  bb_sem_init(&uart_rx_sem, "uart0.rx", 0);
  bb_device_init(&bb_uart, "uart0", &sci_ops, BOARD_SCI, &uart_rx, &uart_rx_sem);
}

/* Clips a heap that does not fit in the RAM of this board (bb_init, BB_HEAP_LIMIT). */
extern char __heap_end[];
bb_u32 port_heap_limit(void *start, bb_u32 block_size, bb_u32 block_count)
{
  bb_u16 room = (bb_u16)((bb_u16)__heap_end - (((bb_u16)start + 3) & ~3U));
  if (block_count > room / block_size)
    block_count = room / block_size;
  return block_count;
}

bb_u32 port_init_frame(bb_task *t)
{
  bb_u16 *sp = (bb_u16 *)(bb_u16)t->stack_hi;
  int i;
  *--sp = 0;                          /* return address of bb_task_entry (it never returns) */
  *--sp = (bb_u16)bb_task_entry;      /* PC */
  *--sp = 0;                          /* CCR: interrupts enabled */
  for (i = 0; i < 7; i++)
    *--sp = 0;                        /* R0..R6 */
  return (bb_u32)sp; /* extended as gcc extends every pointer (see the note at the top) */
}

/* ---- the tick: 8-bit timer 0, phi/1024, cleared on compare match A ------------------------ */
#define TMR(off) (*(volatile bb_u8 *)(BOARD_TMR0 + (off)))
#define TMR_TCR 0
#define TMR_TCSR 1
#define TMR_TCORA 2
#define TMR_TCNT 4
#define TCR_CMIEA 0x40
#define TCR_CLEAR_A 0x08
#define TCR_PHI_1024 0x03
#define TCSR_CMFA 0x40

void port_timer_start(void)
{
  TMR(TMR_TCR) = 0;
  TMR(TMR_TCNT) = 0;
  /* 10 MHz / 1024 / 98 = 99.6 Hz, the nearest to BB_TICK_HZ = 100 */
  TMR(TMR_TCORA) = (bb_u8)((BOARD_CPU_HZ / 1024 + BB_TICK_HZ / 2) / BB_TICK_HZ - 1);
  TMR(TMR_TCSR) = (bb_u8)(TMR(TMR_TCSR) & ~TCSR_CMFA);
  TMR(TMR_TCR) = TCR_CMIEA | TCR_CLEAR_A | TCR_PHI_1024;
}

/* Vector 19 (CMIA0), between ENTER_ISR and EXIT_ISR. */
void port_timer_isr(void)
{
  TMR(TMR_TCSR) = (bb_u8)(TMR(TMR_TCSR) & ~TCSR_CMFA);
  bb_tick();
}

/* The exit device takes every byte one instruction writes: one 16-bit write of the status. */
void port_exit(bb_u32 status)
{
  bb_u16 n;
  port_irq_save();
  /* let the SCI send what it holds (TEND), with a bound in case it was never started */
  for (n = 0; n < 20000 && (*(volatile bb_u8 *)(BOARD_SCI + SCI_SCR) & SCR_TE) &&
              !(*(volatile bb_u8 *)(BOARD_SCI + SCI_SSR) & SSR_TEND); n++) {
  }
  *(volatile bb_u16 *)BOARD_EXIT = (bb_u16)status;
  for (;;) {
  }
}

/* An interrupt nobody enabled arrived through vector `vec`; frame: the CCR and PC words the
 * CPU pushed. */
void port_exception(bb_u32 vec, bb_u16 *frame)
{
  const char *name = vec == 3 ? "NMI" : (vec >= 4 && vec <= 11) ? "unexpected IRQ" : "unexpected interrupt";
  bb_printf("*** CPU EXCEPTION %u (%s) at PC 0x%x in task '%s'\n", vec, name, (bb_u32)frame[1],
            bb_current ? bb_current->hdr.name : "-");
  port_exit(0x100 + vec);
}
