@ A small ARM program for exercising `bytebos test` on the arm7tdmi-generic board:
@ prints a banner, reads a line from the UART, sums 1..100 into `result`, then idles in
@ `B .` while the timer interrupts three times; the third tick exits with the first
@ character of the line minus '0' as the status. "f" as the line reads unmapped memory
@ instead (a fault on a board whose unmapped policy is "stop").
@ Build: ./build.sh (arm-none-eabi-gcc); the .elf is committed so tests need no toolchain.

        .syntax unified
        .arm
        .equ UART,    0x10000000
        .equ TIMER,   0x10000100
        .equ CONSOLE, 0x10000200
        .equ EXIT,    0x10000300

        .section .vectors, "ax"
        .global _start
_start: b       reset
        b       .               @ undefined instruction
        b       .               @ SWI
        b       .               @ prefetch abort
        b       .               @ data abort
        b       .
        b       irq
        b       .               @ FIQ

        .text
reset:  msr     cpsr_c, #0xD2   @ IRQ mode, interrupts off
        ldr     sp, =0x1FF000
        msr     cpsr_c, #0xD3   @ SVC mode
        ldr     sp, =0x1FE000
        ldr     r0, =banner
        bl      puts
        ldr     r0, =prompt
        bl      puts
        ldr     r5, =line
readln: bl      getc
        cmp     r0, #13
        beq     gotln
        cmp     r0, #10
        beq     gotln
        strb    r0, [r5], #1
        b       readln
gotln:  mov     r0, #0
        strb    r0, [r5]
        ldr     r0, =gotmsg
        bl      puts
        ldr     r0, =line
        bl      puts
        mov     r0, #10
        bl      putc
        ldr     r3, =line
        ldrb    r0, [r3]
        cmp     r0, #'f'
        bne     sum
        ldr     r3, =0x20000000
        ldr     r0, [r3]        @ unmapped
sum:    mov     r1, #0
        mov     r2, #1
1:      add     r1, r1, r2
        add     r2, r2, #1
        cmp     r2, #101
        bne     1b
        ldr     r3, =result
        str     r1, [r3]
        .global checkpoint
checkpoint:
        ldr     r3, =TIMER
        ldr     r0, =50000
        str     r0, [r3, #4]    @ PERIOD
        mov     r0, #3
        str     r0, [r3]        @ CTRL: enable, IRQ enable
        msr     cpsr_c, #0x53   @ SVC, IRQ on
        .global idle
idle:   b       idle

irq:    push    {r0-r3, r12, lr}
        ldr     r3, =TIMER
        mov     r0, #1
        str     r0, [r3, #12]   @ clear EXPIRED
        ldr     r3, =ticks
        ldr     r1, [r3]
        add     r1, r1, #1
        str     r1, [r3]
        ldr     r0, =tickmsg
        bl      puts
        add     r0, r1, #'0'
        bl      putc
        mov     r0, #10
        bl      putc
        cmp     r1, #3
        bne     2f
        ldr     r0, =donemsg
        bl      puts
        ldr     r3, =line
        ldrb    r0, [r3]
        sub     r0, r0, #'0'
        ldr     r3, =EXIT
        str     r0, [r3]
2:      pop     {r0-r3, r12, lr}
        subs    pc, lr, #4

@ puts: r0 = NUL-terminated string; uses r0, r2, r3
puts:   ldr     r3, =CONSOLE
1:      ldrb    r2, [r0], #1
        cmp     r2, #0
        strbne  r2, [r3]
        bne     1b
        bx      lr
@ putc: r0 = character; uses r3
putc:   ldr     r3, =CONSOLE
        strb    r0, [r3]
        bx      lr
@ getc: waits for a received byte, returns it in r0; uses r3
getc:   ldr     r3, =UART
1:      ldrb    r0, [r3, #1]
        tst     r0, #1
        beq     1b
        ldrb    r0, [r3]
        bx      lr

banner: .asciz  "echo-arm: scenario test program\n"
prompt: .asciz  "line? "
gotmsg: .asciz  "got: "
tickmsg: .asciz "tick "
donemsg: .asciz "done\n"
        .align  2
        .ltorg

        .bss
        .global result, ticks, line
result: .space  4
ticks:  .space  4
line:   .space  64
