/* m68000-generic board: device addresses and clock (firmware/boards/m68000-generic.json). */
#ifndef BOARD_H
#define BOARD_H
#define BOARD_CPU_HZ 8000000UL
#define BOARD_UART_BASE 0xFF0000UL  /* IPL 4, autovector 28 */
#define BOARD_TIMER_BASE 0xFF0100UL /* IPL 6, autovector 30 */
#define BOARD_CONSOLE 0xFF0200UL
#define BOARD_EXIT 0xFF0300UL
#endif
