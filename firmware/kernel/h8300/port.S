; The H8/300 port, assembly part: vector table, start-up, the context switch (port_yield from
; tasks, EXIT_ISR from interrupts), critical sections and idle.
;
; Context frame on the task stack (low to high): R6, R5, R4, R3, R2, R1, R0, CCR.w, PC.w
; (18 bytes): an interrupt pushes PC and CCR, ENTER_ISR then R0..R6. RTE takes CCR from the
; upper byte of its word.
;
; C calling convention of gcc-h8300-hms 3.4 (-mint32): the first argument in R0 (a 32-bit
; one in R0:R1, high word in R0), a 32-bit result in R0:R1; R4-R6 are preserved by calls.

#include "isr.inc"

        .section .text
        .global _bb_vectors
_bb_vectors:
        .word   _start                  ; 0 reset
        .word   exc_stubs+4, exc_stubs+8, exc_stubs+12     ; 1-2 reserved, 3 NMI
        .word   exc_stubs+16, exc_stubs+20, exc_stubs+24, exc_stubs+28, exc_stubs+32, exc_stubs+36, exc_stubs+40, exc_stubs+44 ; IRQ0-7
        .word   exc_stubs+48, exc_stubs+52, exc_stubs+56, exc_stubs+60, exc_stubs+64, exc_stubs+68, exc_stubs+72  ; FRT
        .word   isr_tmr0                ; 19 TMR0 CMIA: the tick
        .word   exc_stubs+80, exc_stubs+84, exc_stubs+88, exc_stubs+92, exc_stubs+96, exc_stubs+100, exc_stubs+104
        .word   isr_sci                 ; 27 SCI ERI (receive error)
        .word   isr_sci                 ; 28 SCI RXI
        .word   exc_stubs+116, exc_stubs+120          ; TXI, TEI (not enabled)

        .global _start
_start:
        orc     #0x80,ccr
        mov.w   #__stack_top,r7
        mov.w   #__data_load,r5
        mov.w   #__data_start,r6
        mov.w   #__data_end,r0
1:      cmp.w   r0,r6
        bcc     2f
        mov.b   @r5+,r1l
        mov.b   r1l,@r6
        adds    #1,r6
        bra     1b
2:      mov.w   #__bss_start,r6
        mov.w   #__bss_end,r0
        sub.b   r1l,r1l
3:      cmp.w   r0,r6
        bcc     4f
        mov.b   r1l,@r6
        adds    #1,r6
        bra     3b
4:      jsr     @_main
        jsr     @_port_exit             ; main's int result is already in R0:R1
5:      bra     5b

; port_yield: the running task gives up the CPU. Builds the same frame as an interrupt
; (JSR pushed the PC; the CCR word and R0-R6 go below it), switches, returns by RTE.
        .global _port_yield
_port_yield:
        subs    #2,r7                   ; CCR slot
        mov.w   r0,@-r7
        stc     ccr,r0l
        orc     #0x80,ccr
        mov.b   r0l,r0h
        mov.w   r0,@(2,r7)
        mov.w   r1,@-r7
        mov.w   r2,@-r7
        mov.w   r3,@-r7
        mov.w   r4,@-r7
        mov.w   r5,@-r7
        mov.w   r6,@-r7
        jsr     @_bb_switch_on_kstack
        .global _bb_restore_frame
_bb_restore_frame:
        mov.w   @r7+,r6
        mov.w   @r7+,r5
        mov.w   @r7+,r4
        mov.w   @r7+,r3
        mov.w   @r7+,r2
        mov.w   @r7+,r1
        mov.w   @r7+,r0
        rte

; Called (JSR) with the outgoing context frame just above the return address and I set:
; runs bb_switch_context on the kernel's switch stack (so a task whose stack overflowed is
; not pushed further) and returns with SP at the incoming task's frame. R5 (kept by the C
; call) holds the return address.
        .global _bb_switch_on_kstack
_bb_switch_on_kstack:
        mov.w   @r7+,r5
        mov.w   r7,r1                   ; SP as bb_u32, sign-extended as gcc extends pointers
        bld     #7,r1h
        subx    r0l,r0l
        subx    r0h,r0h
        mov.w   #_bb_switch_stack_top,r7
        jsr     @_bb_switch_context
        mov.w   r1,r7
        jmp     @r5

isr_tmr0:
        ENTER_ISR
        jsr     @_port_timer_isr
        EXIT_ISR

isr_sci:
        ENTER_ISR
        jsr     @_bb_uart_isr
        EXIT_ISR

; Vectors nobody uses: one JSR per vector number (0-30), so the return address it pushes
; above the CPU's CCR and PC words tells the number.
exc_stubs:
        .irp    v,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
        jsr     @exc_common
        .endr
exc_common:
        orc     #0x80,ccr
        mov.w   @r7+,r1                 ; return address: exc_stubs + 4 x (vector + 1)
        mov.w   #exc_stubs+4,r0
        sub.w   r0,r1
        shlr    r1h
        rotxr   r1l
        shlr    r1h
        rotxr   r1l
        sub.w   r0,r0                   ; vector number (32-bit) in R0:R1
        mov.w   r7,r2                   ; the frame the CPU pushed: CCR.w, PC.w
        jsr     @_port_exception
6:      bra     6b

        .global _port_start_first
_port_start_first:
        mov.w   r1,r7
        jmp     @_bb_restore_frame

        .global _port_irq_save
_port_irq_save:
        stc     ccr,r1l
        orc     #0x80,ccr
        sub.b   r1h,r1h
        sub.w   r0,r0
        rts

        .global _port_irq_restore
_port_irq_restore:
        ldc     r1l,ccr
        rts

        .global _port_idle
_port_idle:
        sleep
        rts

        .section .bss
        .global _bb_switch_stack
_bb_switch_stack:
        .space  512
_bb_switch_stack_top:
