/*
 * Semihosting test (run with semihosting enabled): SYS_WRITE0, SYS_WRITEC, SYS_WRITE, SYS_READC
 * (echoed), SYS_CLOCK (stored at 0x100000) from ARM state with SWI 0x123456, then SYS_WRITE0
 * and SYS_EXIT (ADP_Stopped_ApplicationExit) from Thumb state with SWI 0xAB.
 */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _start
_start:
    b reset
    .rept 7
    b .
    .endr
reset:
    ldr sp, =0x1fff00
    mov r0, #0x04               @ SYS_WRITE0
    adr r1, hello
    swi 0x123456
    mov r0, #0x03               @ SYS_WRITEC
    adr r1, bang
    swi 0x123456
    mov r0, #0x05               @ SYS_WRITE
    adr r1, wblock
    swi 0x123456
    ldr r2, =0x100004
    str r0, [r2]                @ bytes not written (0)
    mov r0, #0x07               @ SYS_READC
    swi 0x123456
    ldr r1, =0x100008
    strb r0, [r1]
    mov r0, #0x03               @ echo it
    swi 0x123456
    mov r0, #0x10               @ SYS_CLOCK
    swi 0x123456
    ldr r1, =0x100000
    str r0, [r1]
    adr r0, thumb_part + 1
    bx r0
hello:
    .asciz "hello\n"
bang:
    .byte '!'
    .align 2
wblock:
    .word 1, wtext, 3
wtext:
    .ascii "abc"
    .align 2
    .ltorg

    .thumb
    .thumb_func
thumb_part:
    movs r0, #0x04
    adr r1, tmsg
    swi 0xab
    movs r0, #0x18              @ SYS_EXIT
    ldr r1, =0x20026            @ ADP_Stopped_ApplicationExit
    swi 0xab
    b .
    .align 2
tmsg:
    .asciz "thumb\n"
    .align 2
    .ltorg
