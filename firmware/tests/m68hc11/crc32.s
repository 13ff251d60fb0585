; crc32: bitwise CRC-32 (reflected, polynomial EDB88320h) over LENGTH bytes at BUFFER, the
; CRC stored big-endian at RESULT, then over again: the 68HC11 interpreter benchmark
; (bench/m68hc11-crc32.ts) and a program test against a JavaScript CRC. The CRC lives in the
; direct page (CRC = most significant byte); the bit loop shifts it with LSR/ROR (extended
; RMW), tests the carry and XORs the polynomial a byte at a time.
; Build: ./build.sh (m68hc11-as / m68hc11-ld from binutils-m68hc1x)
        .include "regs.inc"
        .equ BUFFER, 0x2000
        .equ LENGTH, 1024
        .equ RESULT, 0x0100
        .equ CRC,    0x0000

        .text
        .globl start
start:  lds   #0x0FFF
        ldd   #0xFFFF
        std   *CRC
        std   *CRC+2
        ldx   #BUFFER
        ldy   #LENGTH
nextbyte:
        ldaa  0,x
        eora  *CRC+3
        staa  *CRC+3
        inx
        ldab  #8
nextbit:
        lsr   CRC
        ror   CRC+1
        ror   CRC+2
        ror   CRC+3
        bcc   noxor
        ldaa  *CRC
        eora  #0xED
        staa  *CRC
        ldaa  *CRC+1
        eora  #0xB8
        staa  *CRC+1
        ldaa  *CRC+2
        eora  #0x83
        staa  *CRC+2
        ldaa  *CRC+3
        eora  #0x20
        staa  *CRC+3
noxor:  decb
        bne   nextbit
        dey
        bne   nextbyte
        ldd   *CRC
        coma
        comb
        std   RESULT
        ldd   *CRC+2
        coma
        comb
        std   RESULT+2
again:  jmp   start

        vectors start, start, start, start, start, start, start, start, start, start, start, start, start, start, start, start, start, start, start, start, start
