/*
 * The 68000 port, assembly part: vector table, start-up, ENTER_ISR/EXIT_ISR, the context
 * switch (TRAP #0 from tasks, EXIT_ISR from interrupts), critical sections and idle.
 *
 * Context frame on the task stack (low to high): D0-D7, A0-A6, SR.w, PC.l (66 bytes).
 */
        .text

#include "isr.inc"

        .section .vectors,"a"
        .globl  bb_vectors
bb_vectors:
        .long   __stack_top             /* 0: initial SSP */
        .long   _start                  /* 1: initial PC */
        .irp    v,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27
        .long   exc_\v
        .endr
        .long   isr_level4              /* 28: level 4 autovector: UART */
        .long   exc_29
        .long   isr_level6              /* 30: level 6 autovector: timer */
        .long   exc_31
        .long   trap_yield              /* 32: TRAP #0: context switch */
        .irp    v,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
        .long   exc_\v
        .endr
        .rept   256-48
        .long   exc_other
        .endr

        .text
        .globl  _start
_start:
        move.w  #0x2700,%sr
        lea     __stack_top,%sp
        lea     __data_load,%a0
        lea     __data_start,%a1
        lea     __data_end,%a2
1:      cmpa.l  %a2,%a1
        bcc.s   2f
        move.b  (%a0)+,(%a1)+
        bra.s   1b
2:      lea     __bss_start,%a1
        lea     __bss_end,%a2
3:      cmpa.l  %a2,%a1
        bcc.s   4f
        clr.b   (%a1)+
        bra.s   3b
4:      jsr     main
        move.l  %d0,-(%sp)
        jsr     port_exit
5:      bra.s   5b

/* TRAP #0: the running task gives up the CPU (called through port_yield). */
trap_yield:
        movem.l %d0-%d7/%a0-%a6,-(%sp)
        bsr     bb_switch_on_kstack
        movem.l (%sp)+,%d0-%d7/%a0-%a6
        rte

/*
 * Called (BSR) with the outgoing context frame just above the return address and the
 * interrupt mask at 7: runs bb_switch_context on the kernel's switch stack (so a task whose
 * stack overflowed is not pushed further) and returns with SP at the incoming task's frame.
 * Every caller continues the same way (restore the frame, RTE), so any frame fits any caller.
 */
        .globl  bb_switch_on_kstack
bb_switch_on_kstack:
        move.l  (%sp)+,%a1              /* return address */
        move.l  %sp,%d0                 /* outgoing context frame */
        lea     bb_switch_stack_top,%sp
        move.l  %a1,-(%sp)
        move.l  %d0,-(%sp)
        jsr     bb_switch_context
        move.l  4(%sp),%a1
        move.l  %d0,%sp                 /* incoming context frame */
        jmp     (%a1)

isr_level4:
        ENTER_ISR
        jsr     bb_uart_isr
        EXIT_ISR

isr_level6:
        ENTER_ISR
        jsr     port_timer_isr
        EXIT_ISR

        .irp    v,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,29,31,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
exc_\v: move.w  #\v,-(%sp)
        bra     exc_common
        .endr
exc_other:
        move.w  #255,-(%sp)
exc_common:
        move.w  #0x2700,%sr
        moveq   #0,%d0
        move.w  (%sp)+,%d0
        move.l  %sp,-(%sp)
        move.l  %d0,-(%sp)
        jsr     port_exception
6:      bra.s   6b

        .section .bss
        .balign 4
        .globl  bb_switch_stack
bb_switch_stack:
        .space  512
bb_switch_stack_top:

        .text
        .globl  port_yield
port_yield:
        trap    #0
        rts

        .globl  port_start_first
port_start_first:
        move.l  4(%sp),%sp
        movem.l (%sp)+,%d0-%d7/%a0-%a6
        rte

        .globl  port_irq_save
port_irq_save:
        moveq   #0,%d0
        move.w  %sr,%d0
        ori.w   #0x0700,%sr
        rts

        .globl  port_irq_restore
port_irq_restore:
        move.w  6(%sp),%sr
        rts

        .globl  port_idle
port_idle:
        stop    #0x2000
        rts
