/*
 * Minimal start-up for the arm7tdmi-generic board: vector table at 0, SVC stack at the top of
 * RAM, call main (ARM or Thumb, through BX), then write main's return value to the exit device.
 */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _start
_start:
    b reset
    b .             /* undefined */
    b .             /* SWI */
    b .             /* prefetch abort */
    b .             /* data abort */
    b .             /* reserved */
    b .             /* IRQ */
    b .             /* FIQ */
reset:
    ldr sp, =0x001fff00
    ldr r0, =main
    mov lr, pc
    bx r0
    ldr r1, =0x10000300
    str r0, [r1]
    b .
    .ltorg
