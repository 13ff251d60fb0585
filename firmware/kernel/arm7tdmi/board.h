/* arm7tdmi-generic board: device addresses and clock (firmware/boards/arm7tdmi-generic.json). */
#ifndef BOARD_H
#define BOARD_H
#define BOARD_CPU_HZ 16777216UL
#define BOARD_UART_BASE 0x10000000UL  /* IRQ */
#define BOARD_TIMER_BASE 0x10000100UL /* IRQ */
#define BOARD_CONSOLE 0x10000200UL
#define BOARD_EXIT 0x10000300UL
#endif
