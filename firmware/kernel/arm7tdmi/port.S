/*
 * The ARM7TDMI port, assembly part (ARM state): vector table, start-up, ENTER_ISR/EXIT_ISR,
 * the context switch, critical sections.
 *
 * Context frame on the task stack (low to high): CPSR, R0-R12, LR, PC (64 bytes).
 * Tasks run in System mode; the IRQ handler runs in IRQ mode on its own stack and does not
 * nest. Calls into C go through BX so the C code may be ARM or Thumb.
 */
        .syntax unified
        .arm

        .equ    MODE_IRQ_NOINT, 0xD2
        .equ    MODE_SYS_NOINT, 0xDF
        .equ    MODE_SVC_NOINT, 0xD3
        .equ    MODE_ABT_NOINT, 0xD7
        .equ    MODE_UND_NOINT, 0xDB
        .equ    MODE_FIQ_NOINT, 0xD1

#include "isr.inc"

        .section .vectors,"ax"
        .globl  bb_vectors
bb_vectors:
        ldr     pc, v_reset
        ldr     pc, v_undef
        ldr     pc, v_swi
        ldr     pc, v_pabt
        ldr     pc, v_dabt
        ldr     pc, v_resv
        ldr     pc, v_irq
        ldr     pc, v_fiq
v_reset: .word  _start
v_undef: .word  exc_undef
v_swi:   .word  exc_swi
v_pabt:  .word  exc_pabt
v_dabt:  .word  exc_dabt
v_resv:  .word  exc_resv
v_irq:   .word  irq_entry
v_fiq:   .word  exc_fiq

        .text
        .globl  _start
        .type   _start, %function
_start:
        msr     cpsr_c, #MODE_IRQ_NOINT
        ldr     sp, =__irq_stack_top
        msr     cpsr_c, #MODE_FIQ_NOINT
        ldr     sp, =__exc_stack_top
        msr     cpsr_c, #MODE_ABT_NOINT
        ldr     sp, =__exc_stack_top
        msr     cpsr_c, #MODE_UND_NOINT
        ldr     sp, =__exc_stack_top
        msr     cpsr_c, #MODE_SVC_NOINT
        ldr     sp, =__exc_stack_top
        msr     cpsr_c, #MODE_SYS_NOINT
        ldr     sp, =__stack_top
        ldr     r0, =__data_load
        ldr     r1, =__data_start
        ldr     r2, =__data_end
1:      cmp     r1, r2
        ldrlo   r3, [r0], #4
        strlo   r3, [r1], #4
        blo     1b
        ldr     r1, =__bss_start
        ldr     r2, =__bss_end
        mov     r3, #0
2:      cmp     r1, r2
        strlo   r3, [r1], #4
        blo     2b
        CALL    main
        CALL    port_exit
3:      b       3b

/* IRQ: the UART and the timer share the line; port_irq_dispatch asks each device. */
        .type   irq_entry, %function
irq_entry:
        ENTER_ISR
        CALL    port_irq_dispatch
        EXIT_ISR

/* EXIT_ISR's switch: save the interrupted task's context on its own stack, then switch. */
        .globl  bb_irq_switch
bb_irq_switch:
        ldmfd   sp!, {r0-r3, r12, lr}   /* task registers back; lr = resume address */
        stmfd   sp!, {r0, r1}           /* borrow r0, r1 on the IRQ stack */
        mov     r0, lr
        mrs     r1, spsr
        msr     cpsr_c, #MODE_SYS_NOINT /* task sp and lr */
        stmfd   sp!, {r0}               /* frame: PC */
        stmfd   sp!, {r2-r12, lr}       /* frame: R2-R12, LR */
        mov     r2, r1
        msr     cpsr_c, #MODE_IRQ_NOINT
        ldmfd   sp!, {r0, r1}           /* IRQ stack empty again */
        msr     cpsr_c, #MODE_SYS_NOINT
        stmfd   sp!, {r0, r1}           /* frame: R0, R1 */
        stmfd   sp!, {r2}               /* frame: CPSR */
        mov     r0, sp
        ldr     sp, =bb_switch_stack_top  /* not the outgoing task's stack: it may have overflowed */
        CALL    bb_switch_context
        b       port_restore

/* port_yield: called by a task (ARM or Thumb caller) with interrupts disabled. */
        .globl  port_yield
        .type   port_yield, %function
port_yield:
        stmfd   sp!, {lr}               /* frame: PC (bit 0 cleared below) */
        stmfd   sp!, {r0-r12, lr}       /* frame: R0-R12, LR */
        mrs     r0, cpsr
        tst     lr, #1
        orrne   r0, r0, #0x20           /* Thumb caller: resume in Thumb state */
        bic     r1, lr, #1
        str     r1, [sp, #56]
        stmfd   sp!, {r0}               /* frame: CPSR */
        mov     r0, sp
        ldr     sp, =bb_switch_stack_top  /* not the outgoing task's stack: it may have overflowed */
        CALL    bb_switch_context
        b       port_restore

/* port_start_first(sp): restore the first task's context. */
        .globl  port_start_first
        .type   port_start_first, %function
port_start_first:
/* port_restore: r0 = frame to restore; runs with IRQs disabled in a privileged mode. */
port_restore:
        msr     cpsr_c, #MODE_SYS_NOINT
        add     sp, r0, #64             /* the task's SP once the frame is popped */
        ldr     lr, [r0, #56]           /* task LR */
        msr     cpsr_c, #MODE_IRQ_NOINT
        ldr     r1, [r0, #0]
        msr     spsr_cxsf, r1           /* CPSR to resume with (mode, interrupts, T) */
        ldr     lr, [r0, #60]           /* resume address */
        add     r0, r0, #4
        ldmia   r0, {r0-r12}
        movs    pc, lr

        .globl  port_irq_save
        .type   port_irq_save, %function
port_irq_save:
        mrs     r0, cpsr
        orr     r1, r0, #0xC0
        msr     cpsr_c, r1
        bx      lr

        .globl  port_irq_restore
        .type   port_irq_restore, %function
port_irq_restore:
        msr     cpsr_c, r0
        bx      lr

exc_undef:
        mov     r0, #1
        sub     r1, lr, #4
        b       exc_common
exc_swi:
        mov     r0, #2
        sub     r1, lr, #4
        b       exc_common
exc_pabt:
        mov     r0, #3
        sub     r1, lr, #4
        b       exc_common
exc_dabt:
        mov     r0, #4
        sub     r1, lr, #8
        b       exc_common
exc_resv:
        mov     r0, #5
        mov     r1, #0x14
        b       exc_common
exc_fiq:
        mov     r0, #7
        sub     r1, lr, #4
exc_common:
        CALL    port_exception
4:      b       4b

        .ltorg

        .section .bss
        .balign 8
        .globl  bb_switch_stack
bb_switch_stack:
        .space  512
bb_switch_stack_top:
