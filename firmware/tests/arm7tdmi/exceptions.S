/*
 * Self-checking test of exceptions, modes and interrupts for the arm7tdmi-generic board.
 * Exits through the exit device with 0 when every check passes, otherwise with the number of
 * the failing test (r11). Prints "exceptions: OK" on the console device on success.
 *
 *  1 banked SP/R8 of IRQ, FIQ, UND, ABT, SYS, SVC     5 timer IRQ while spinning in `b .` (ARM)
 *  2 SWI from user mode: SPSR, LR, return to user      6 SWI and undefined from Thumb, SPSR.T
 *  3 user MSR cannot change mode; SWI handler          7 timer IRQ while spinning in Thumb
 *    returns into SYS mode through SPSR                8 BL/BX interworking back to ARM
 *  4 undefined: UDF space, coprocessor, ARMv5 CLZ
 */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _start
_start:
    b reset
    b und_handler
    b swi_handler
    b abort_handler
    b abort_handler
    b abort_handler
    b irq_handler
    b fiq_handler

    .equ RAM, 0x00100000
    .equ TIMER, 0x10000100
    .equ CONSOLE, 0x10000200
    .equ EXIT, 0x10000300
    .equ V_SWI_COUNT, RAM + 0x00
    .equ V_SWI_NUM, RAM + 0x04
    .equ V_SWI_LR, RAM + 0x08
    .equ V_UND_COUNT, RAM + 0x10
    .equ V_UND_LR, RAM + 0x14
    .equ V_IRQ_COUNT, RAM + 0x20
    .equ V_IRQ_SPSR, RAM + 0x24
    .equ V_WAIT_PC, RAM + 0x28
    .equ V_CONT_PC, RAM + 0x2c

reset:
    msr cpsr_c, #0xd2           @ IRQ mode, I and F set
    ldr sp, =0x1f0000
    msr cpsr_c, #0xd1           @ FIQ
    ldr sp, =0x1e0000
    mov r8, #0x88
    msr cpsr_c, #0xdb           @ UND
    ldr sp, =0x1d0000
    msr cpsr_c, #0xd7           @ ABT
    ldr sp, =0x1c0000
    msr cpsr_c, #0xdf           @ SYS
    ldr sp, =0x1b0000
    mov r8, #0x11
    msr cpsr_c, #0xd3           @ SVC
    ldr sp, =0x1a0000

    @ 1: banked registers survive mode switches
    mov r11, #1
    msr cpsr_c, #0xd2
    ldr r0, =0x1f0000
    cmp sp, r0
    bne fail
    msr cpsr_c, #0xd1
    cmp r8, #0x88
    bne fail
    ldr r0, =0x1e0000
    cmp sp, r0
    bne fail
    msr cpsr_c, #0xdf
    cmp r8, #0x11
    bne fail
    ldr r0, =0x1b0000
    cmp sp, r0
    bne fail
    msr cpsr_c, #0xd3
    ldr r0, =0x1a0000
    cmp sp, r0
    bne fail

    @ 2: SWI from user mode
    mov r11, #2
    msr cpsr_c, #0xd0           @ USR, interrupts still masked
    mov r0, #0x55
swi_site:
    swi #0x42
    cmp r0, #0x56
    bne fail
    mrs r1, cpsr
    and r1, r1, #0x1f
    cmp r1, #0x10
    bne fail
    ldr r2, =V_SWI_NUM
    ldr r1, [r2]
    cmp r1, #0x42
    bne fail
    ldr r2, =V_SWI_LR
    ldr r1, [r2]
    ldr r0, =swi_site + 4
    cmp r1, r0
    bne fail

    @ 3: user mode cannot leave by MSR; SWI 0xff returns into SYS mode
    mov r11, #3
    msr cpsr_c, #0xd3
    mrs r1, cpsr
    and r1, r1, #0x1f
    cmp r1, #0x10
    bne fail
    swi #0xff
    mrs r1, cpsr
    and r1, r1, #0x1f
    cmp r1, #0x1f
    bne fail
    ldr r0, =0x1b0000           @ SYS shares the user SP
    cmp sp, r0
    bne fail

    @ 4: undefined instructions
    mov r11, #4
    .word 0xe7f000f0            @ permanently undefined space
    mcr p15, 0, r0, c1, c0, 0   @ no coprocessor on the ARM7TDMI
und_after_mcr:
    .word 0xe16f0f11            @ CLZ r0, r1 (ARMv5)
    ldr r2, =V_UND_COUNT
    ldr r1, [r2]
    cmp r1, #3
    bne fail
    ldr r1, [r2, #4]            @ LR of the last one: the instruction after it
    ldr r0, =und_after_mcr + 4
    cmp r1, r0
    bne fail

    @ 5: timer IRQ while spinning in `b .` (ARM)
    mov r11, #5
    ldr r0, =arm_wait
    ldr r1, =arm_cont
    bl start_timer
    msr cpsr_c, #0x1f           @ SYS, IRQ enabled
arm_wait:
    b arm_wait
arm_cont:
    ldr r2, =V_IRQ_COUNT
    ldr r1, [r2]
    cmp r1, #3
    bne fail
    ldr r1, [r2, #4]            @ SPSR seen by the handler: SYS, ARM, I clear
    and r1, r1, #0xff
    cmp r1, #0x1f
    bne fail

    @ 6-8: Thumb
    mov r11, #6
    adr r0, thumb_tests + 1
    bx r0

    .thumb
    .thumb_func
thumb_tests:
    movs r0, #9
    swi #0x21
    cmp r0, #10
    bne thumb_fail
    ldr r2, =V_SWI_NUM
    ldr r1, [r2]
    cmp r1, #0x21
    bne thumb_fail
    ldr r2, =V_UND_COUNT
    ldr r3, [r2]
    .hword 0xde00               @ undefined (B<cond> with cond 1110)
    ldr r1, [r2]
    subs r1, r1, r3
    cmp r1, #1
    bne thumb_fail

    movs r0, #7
    mov r11, r0
    ldr r0, =thumb_wait
    ldr r1, =thumb_cont
    ldr r2, =start_timer
    bl call_r2
thumb_wait:
    b thumb_wait
thumb_cont:
    ldr r2, =V_IRQ_COUNT
    ldr r1, [r2]
    cmp r1, #3
    bne thumb_fail
    ldr r1, [r2, #4]
    movs r0, #0xff
    ands r1, r0
    cmp r1, #0x3f               @ SYS mode, T set
    bne thumb_fail

    movs r0, #8
    mov r11, r0
    bl thumb_sub
    cmp r0, #77
    bne thumb_fail
    ldr r0, =arm_tail
    bx r0
thumb_fail:
    ldr r0, =fail
    bx r0
call_r2:
    bx r2
thumb_sub:
    movs r0, #77
    bx lr
    .ltorg

    .arm
    .align 2
arm_tail:
    adr r1, ok_msg
    ldr r2, =CONSOLE
1:  ldrb r0, [r1], #1
    cmp r0, #0
    strbne r0, [r2]
    bne 1b
    ldr r0, =EXIT
    mov r1, #0
    str r1, [r0]
    b .
fail:
    ldr r0, =EXIT
    str r11, [r0]
    b .
ok_msg:
    .asciz "exceptions: OK\n"
    .align 2

@ r0 = address of the wait loop, r1 = where the IRQ handler continues after 3 ticks
start_timer:
    ldr r2, =V_WAIT_PC
    str r0, [r2]
    str r1, [r2, #4]
    ldr r2, =V_IRQ_COUNT
    mov r3, #0
    str r3, [r2]
    ldr r2, =TIMER
    ldr r3, =5000
    str r3, [r2, #4]
    mov r3, #3                  @ ENABLE | IRQ enable
    str r3, [r2]
    bx lr

swi_handler:
    push {r1-r3, lr}
    mrs r1, spsr
    tst r1, #0x20
    ldrhne r2, [lr, #-2]
    andne r2, r2, #0xff
    ldreq r2, [lr, #-4]
    biceq r2, r2, #0xff000000
    ldr r3, =V_SWI_NUM
    str r2, [r3]
    str lr, [r3, #4]
    add r0, r0, #1
    cmp r2, #0xff
    biceq r1, r1, #0x1f
    orreq r1, r1, #0x1f
    msreq spsr_fsxc, r1
    ldmfd sp!, {r1-r3, pc}^     @ return, CPSR <- SPSR

und_handler:
    push {r0-r1}
    ldr r0, =V_UND_COUNT
    ldr r1, [r0]
    add r1, r1, #1
    str r1, [r0]
    str lr, [r0, #4]
    pop {r0-r1}
    movs pc, lr

irq_handler:
    push {r0-r3}
    ldr r0, =TIMER
    mov r1, #1
    str r1, [r0, #12]           @ acknowledge
    ldr r2, =V_IRQ_COUNT
    ldr r1, [r2]
    add r1, r1, #1
    str r1, [r2]
    mrs r3, spsr
    str r3, [r2, #4]
    cmp r1, #3
    bne 1f
    mov r1, #0
    str r1, [r0]                @ stop the timer
    ldr r2, =V_WAIT_PC
    ldr r1, [r2]
    sub r3, lr, #4
    cmp r3, r1
    ldreq lr, [r2, #4]
    addeq lr, lr, #4
1:  pop {r0-r3}
    subs pc, lr, #4

abort_handler:
    mov r11, #0x80
    b fail
fiq_handler:
    mov r11, #0x81
    b fail
    .ltorg
