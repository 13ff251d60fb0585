/*
 * The 68000 port, C part: the banner, the initial context frame, the tick timer, exit and
 * CPU exception reports.
 *
 * Tasks run in supervisor mode (flat security). A saved context is, from the saved SP up:
 * D0-D7, A0-A6 (15 longs, MOVEM order), then the exception frame SR (word), PC (long):
 * 66 bytes. Interrupts and traps push onto the running task's stack.
 */
#include "../bbos.h"
#include "board.h"

const char bb_banner[] =
    "Byte-BOS-model reference kernel for 68000 -- Multitasking Operating System (bytebos-emu clean-room kernel)";

static bb_u8 uart_rx_data[64];
static bb_buffer uart_rx;
static bb_sem uart_rx_sem;
bb_device bb_uart;

#define TIMER(off) (*(volatile bb_u32 *)(BOARD_TIMER_BASE + (off)))

void port_init(void)
{
  bb_buffer_init(&uart_rx, "uart0.rx", uart_rx_data, sizeof(uart_rx_data));
  bb_sem_init(&uart_rx_sem, "uart0.rx", 0);
  bb_device_init(&bb_uart, "uart0", &bb_uart_ops, BOARD_UART_BASE, &uart_rx, &uart_rx_sem);
}

bb_u32 port_init_frame(bb_task *t)
{
  bb_u32 sp = t->stack_hi;
  int i;
  sp -= 4;
  *(bb_u32 *)sp = 0; /* return address of bb_task_entry (it never returns) */
  sp -= 4;
  *(bb_u32 *)sp = (bb_u32)bb_task_entry; /* PC */
  sp -= 2;
  *(bb_u16 *)sp = 0x2000; /* SR: supervisor, interrupt mask 0 */
  for (i = 0; i < 15; i++) {
    sp -= 4;
    *(bb_u32 *)sp = 0; /* A6..D0 */
  }
  return sp;
}

void port_timer_start(void)
{
  TIMER(0x0) = 0;
  TIMER(0x4) = BOARD_CPU_HZ / BB_TICK_HZ;
  TIMER(0xC) = 1;
  TIMER(0x0) = 3; /* ENABLE | IRQ enable */
}

/* Level-6 autovector, between ENTER_ISR and EXIT_ISR. */
void port_timer_isr(void)
{
  TIMER(0xC) = 1;
  bb_tick();
}

void port_exit(bb_u32 status)
{
  port_irq_save();
  *(volatile bb_u32 *)BOARD_EXIT = status;
  for (;;) {
  }
}

static const char *const exc_names[] = {
  "reset", "reset", "bus error", "address error", "illegal instruction", "zero divide",
  "CHK", "TRAPV", "privilege violation", "trace", "line 1010", "line 1111",
};

/* Unexpected exception `vec`; frame points at the exception frame the CPU pushed. */
void port_exception(bb_u32 vec, bb_u16 *frame)
{
  bb_u32 pc;
  const char *name = vec < 12 ? exc_names[vec] : vec == 24 ? "spurious interrupt"
                   : (vec >= 25 && vec <= 31) ? "unexpected autovector" : (vec >= 32 && vec <= 47) ? "unexpected trap" : "unexpected exception";
  if (vec == 2 || vec == 3)
    frame += 4; /* group 0 frame: function code, access address, IR before SR/PC */
  pc = ((bb_u32)frame[1] << 16) | frame[2];
  bb_printf("*** CPU EXCEPTION %u (%s) at PC 0x%x in task '%s'\n", vec, name, pc,
            bb_current ? bb_current->hdr.name : "-");
  port_exit(0x100 + vec);
}
