/*
 * FIQ test (self-checking). Needs a second generic timer at 0x10000400 wired to FIQ (line 1);
 * the test adds it to the arm7tdmi-generic board. Exit 0 on success, else the failing step (r11).
 *  1 FIQ handler works on its banked R8-R12 only; the user R8-R12 are untouched
 *  2 FIQ preempts the IRQ handler (I set, F clear): SPSR_fiq shows IRQ mode
 *  3 F masks the FIQ; the level-sensitive request is taken as soon as F is cleared
 */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _start
_start:
    b reset
    b fail
    b fail
    b fail
    b fail
    b fail
    b irq_handler
fiq_handler:                    @ at 0x1c: no branch needed
    mov r10, #1
    str r10, [r8, #12]          @ acknowledge timer1
    ldr r10, [r9]
    add r10, r10, #1
    str r10, [r9]
    mrs r11, spsr
    and r11, r11, #0x1f
    cmp r11, #0x12
    streq r11, [r9, #8]         @ preempted the IRQ handler
    subs pc, lr, #4

    .equ RAM, 0x00100000
    .equ TIMER0, 0x10000100
    .equ TIMER1, 0x10000400
    .equ EXIT, 0x10000300
    .equ V_FIQ, RAM + 0
    .equ V_IRQ, RAM + 4
    .equ V_PREEMPT, RAM + 8

reset:
    msr cpsr_c, #0xd2
    ldr sp, =0x1f0000
    msr cpsr_c, #0xd1
    ldr r8, =TIMER1
    ldr r9, =V_FIQ
    msr cpsr_c, #0xd3
    ldr sp, =0x1a0000
    msr cpsr_c, #0xdf           @ SYS, still masked
    ldr sp, =0x1b0000
    ldr r8, =0x88888888
    ldr r9, =0x99999999
    ldr r10, =0xaaaaaaaa
    ldr r12, =0xcccccccc
    mov r11, #1

    ldr r0, =TIMER0
    ldr r1, =7000
    str r1, [r0, #4]
    mov r1, #3
    str r1, [r0]
    ldr r0, =TIMER1
    ldr r1, =3000
    str r1, [r0, #4]
    mov r1, #3
    str r1, [r0]
    msr cpsr_c, #0x1f           @ IRQ and FIQ enabled

    ldr r0, =V_FIQ
wait:
    ldr r1, [r0]
    cmp r1, #20
    blt wait
    ldr r1, [r0, #4]
    cmp r1, #2
    blt wait

    ldr r1, =0x88888888
    cmp r8, r1
    bne fail
    ldr r1, =0x99999999
    cmp r9, r1
    bne fail
    ldr r1, =0xaaaaaaaa
    cmp r10, r1
    bne fail
    ldr r1, =0xcccccccc
    cmp r12, r1
    bne fail

    mov r11, #2
    ldr r1, [r0, #8]
    cmp r1, #0x12
    bne fail

    mov r11, #3
    ldr r2, =TIMER0
    mov r1, #0
    str r1, [r2]                @ stop the IRQ timer
    msr cpsr_c, #0x5f           @ F set
    ldr r4, [r0]
    ldr r3, =3000               @ 12000 cycles: four timer1 periods
1:  subs r3, r3, #1
    bne 1b
    ldr r1, [r0]
    cmp r1, r4
    bne fail
    msr cpsr_c, #0x1f           @ F clear: the pending FIQ is taken now
    ldr r1, [r0]
    cmp r1, r4
    beq fail

    ldr r2, =TIMER1
    mov r1, #0
    str r1, [r2]
    ldr r0, =EXIT
    mov r1, #0
    str r1, [r0]
    b .
fail:
    ldr r0, =EXIT
    str r11, [r0]
    b .

irq_handler:
    push {r0-r3}
    ldr r0, =TIMER0
    mov r1, #1
    str r1, [r0, #12]
    ldr r2, =V_IRQ
    ldr r1, [r2]
    add r1, r1, #1
    str r1, [r2]
    ldr r3, =1000               @ linger (4000 cycles) with I set and F clear
1:  subs r3, r3, #1
    bne 1b
    pop {r0-r3}
    subs pc, lr, #4
    .ltorg
