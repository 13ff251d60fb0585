/* h8300-generic board: device addresses and clock (firmware/boards/h8300-generic.json). */
#ifndef BOARD_H
#define BOARD_H
#define BOARD_CPU_HZ 10000000UL
#define BOARD_CONSOLE 0xFF80
#define BOARD_EXIT 0xFF84
#define BOARD_TMR0 0xFFC8 /* 8-bit timer 0: CMIA vector 19 (the tick), CMIB 20, OVI 21 */
#define BOARD_SCI 0xFFD8  /* SCI: ERI 27, RXI 28, TXI 29, TEI 30 */
#endif
