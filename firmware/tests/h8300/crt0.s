; Start-up for the C test (ctest.c) on the h8300-generic board: vector table, stack, .data
; copied from ROM, .bss cleared, main() called; its return value goes to the exit device.
        .equ    EXIT,    0xff84

        .section .text
        .global _vectors
_vectors:
        .word   _start                  ; 0 reset
        .word   bad, bad, bad           ; 1-2 reserved, 3 NMI
        .word   bad, bad, bad, bad, bad, bad, bad, bad ; 4-11 IRQ0-7
        .word   bad, bad, bad, bad, bad, bad, bad      ; 12-18 FRT
        .word   _tmr0_cmia, bad, bad    ; 19-21 TMR0
        .word   bad, bad, bad, bad, bad ; 22-26
        .word   bad, bad, bad, bad      ; 27-30 SCI

        .global _start
_start:
        mov.w   #__stack,r7
        mov.w   #__data_load,r5         ; copy .data (EEPMOV moves up to 255 bytes per go)
        mov.w   #__data_start,r6
        mov.w   #__data_end,r0
copy:
        cmp.w   r0,r6
        bcc     copied
        mov.b   @r5+,r1l
        mov.b   r1l,@r6
        adds    #1,r6
        bra     copy
copied:
        mov.w   #__bss_start,r6
        mov.w   #__bss_end,r0
        sub.b   r1l,r1l
clear:
        cmp.w   r0,r6
        bcc     cleared
        mov.b   r1l,@r6
        adds    #1,r6
        bra     clear
cleared:
        jsr     @_main
        mov.b   r0l,@EXIT:8
        bra     cleared
bad:
        mov.b   #0xee,r0l
        mov.b   r0l,@EXIT:8
        bra     bad
