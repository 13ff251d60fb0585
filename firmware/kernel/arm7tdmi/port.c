/*
 * The ARM7TDMI port, C part: the banner, the initial context frame, IRQ dispatch, the tick
 * timer, exit and exception reports.
 *
 * Tasks run in System mode (flat security) in ARM or Thumb state. A saved context is, from
 * the saved SP up: CPSR, R0-R12, LR, PC (16 words, 64 bytes); the T bit of the saved CPSR
 * says the task resumes in Thumb state.
 */
#include "../bbos.h"
#include "board.h"

#ifdef __thumb__
const char bb_banner[] =
    "Byte-BOS-model reference kernel for THUMB -- Multitasking Operating System (bytebos-emu clean-room kernel)";
#else
const char bb_banner[] =
    "Byte-BOS-model reference kernel for ARM -- Multitasking Operating System (bytebos-emu clean-room kernel)";
#endif

static bb_u8 uart_rx_data[64];
static bb_buffer uart_rx;
static bb_sem uart_rx_sem;
bb_device bb_uart;

#define TIMER(off) (*(volatile bb_u32 *)(BOARD_TIMER_BASE + (off)))
#define UART_STATUS (*(volatile bb_u8 *)(BOARD_UART_BASE + 1))

void port_init(void)
{
  bb_buffer_init(&uart_rx, "uart0.rx", uart_rx_data, sizeof(uart_rx_data));
  bb_sem_init(&uart_rx_sem, "uart0.rx", 0);
  bb_device_init(&bb_uart, "uart0", &bb_uart_ops, BOARD_UART_BASE, &uart_rx, &uart_rx_sem);
}

bb_u32 port_init_frame(bb_task *t)
{
  bb_u32 *f = (bb_u32 *)(t->stack_hi - 64);
  bb_u32 entry = (bb_u32)bb_task_entry;
  int i;
  for (i = 1; i < 14; i++)
    f[i] = 0;              /* R0-R12 */
  f[14] = 0;               /* LR: bb_task_entry never returns */
  f[15] = entry & ~1UL;    /* PC */
  f[0] = 0x1F | ((entry & 1) ? 0x20 : 0); /* CPSR: System mode, IRQ and FIQ enabled, T from entry */
  return (bb_u32)f;
}

void port_timer_start(void)
{
  TIMER(0x0) = 0;
  TIMER(0x4) = BOARD_CPU_HZ / BB_TICK_HZ;
  TIMER(0xC) = 1;
  TIMER(0x0) = 3; /* ENABLE | IRQ enable */
}

/* IRQ, between ENTER_ISR and EXIT_ISR (IRQ mode, IRQs disabled): ask each device. */
void port_irq_dispatch(void)
{
  if (TIMER(0xC) & 1) {
    TIMER(0xC) = 1;
    bb_tick();
  }
  if (UART_STATUS & 0x80)
    bb_uart_isr();
}

void port_exit(bb_u32 status)
{
  port_irq_save();
  *(volatile bb_u32 *)BOARD_EXIT = status;
  for (;;) {
  }
}

/* The ARM7TDMI has no wait-for-interrupt instruction: the idle task spins on a branch to
 * itself until an interrupt switches to another task (it resumes the same spin later). The
 * emulator recognises `b .` and skips virtual time to the next event instead of executing it. */
void port_idle(void)
{
  for (;;) {
  }
}

static const char *const exc_names[] = {
  "reset", "undefined instruction", "software interrupt", "prefetch abort", "data abort",
  "reserved", "IRQ", "FIQ",
};

/* Unexpected exception `vec` (vector index 0-7) at `pc`. */
void port_exception(bb_u32 vec, bb_u32 pc)
{
  bb_printf("*** CPU EXCEPTION %u (%s) at PC 0x%x in task '%s'\n", vec, exc_names[vec & 7], pc,
            bb_current ? bb_current->hdr.name : "-");
  port_exit(0x100 + vec);
}
