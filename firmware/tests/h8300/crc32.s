; Bitwise CRC-32 (polynomial 0xEDB88320) of "123456789" on the H8/300, for the h8300-generic
; board and the benchmark (bench/h8300-crc32.ts). The CRC is kept in R0 (high word) and R1 (low
; word); each bit is a 32-bit shift right through the carry and a conditional XOR.
; Reports through the exit device: 0 when the CRC is 0xCBF43926, 1 otherwise, then starts over
; (on a bus without the exit device the program loops for ever).
; Rebuild: ./build.sh

        .equ    EXIT,    0xff84
        .equ    result,  0xfb80         ; the last CRC (two words, high first)

        .section .text
        .global vectors
vectors:
        .word   start

start:
        mov.w   #0xff80,r7
again:
        mov.w   #0xffff,r0
        mov.w   r0,r1                   ; crc = 0xFFFFFFFF
        mov.w   #data,r2
        mov.b   #9,r3l                  ; bytes left
next_byte:
        mov.b   @r2+,r4l
        xor.b   r4l,r1l
        mov.b   #8,r3h                  ; bits left
next_bit:
        shlr    r0h
        rotxr   r0l
        rotxr   r1h
        rotxr   r1l
        bcc     no_xor
        xor.b   #0xed,r0h
        xor.b   #0xb8,r0l
        xor.b   #0x83,r1h
        xor.b   #0x20,r1l
no_xor:
        dec     r3h
        bne     next_bit
        dec     r3l
        bne     next_byte
        not.b   r0h                     ; final complement
        not.b   r0l
        not.b   r1h
        not.b   r1l
        mov.w   r0,@result
        mov.w   r1,@result+2
        mov.b   #1,r5l
        mov.w   #0xcbf4,r2
        cmp.w   r2,r0
        bne     report
        mov.w   #0x3926,r2
        cmp.w   r2,r1
        bne     report
        mov.b   #0,r5l
report:
        mov.b   r5l,@EXIT:8
        bra     again

data:
        .ascii  "123456789"
