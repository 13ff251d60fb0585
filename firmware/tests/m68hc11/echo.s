; echo: serial echo on the m68hc11-generic board's SCI (primary port, 9600 baud). Prints a
; banner, then echoes every byte the SCI receive interrupt puts into a 16-byte ring buffer;
; a CR ends the run with "bye" and exit status 0. The main loop sleeps in WAI between bytes.
; Scenario: echo.yaml (bytebos test).
        .include "regs.inc"
        .equ REGS, 0x1000
        .equ HEAD, 0x0000           ; ring buffer indices (direct page)
        .equ TAIL, 0x0001
        .equ RING, 0x0010           ; 16 bytes

        .text
        .globl start
start:  lds   #0x0FFF
        clr   *HEAD
        clr   *TAIL
        ldaa  #0x30                 ; 9600 baud at E = 2 MHz
        staa  REGS+BAUD
        clr   REGS+SCCR1
        ldaa  #0x2C                 ; RIE, TE, RE
        staa  REGS+SCCR2
        ldx   #banner
        bsr   puts
        cli
loop:   ldab  *TAIL
        cmpb  *HEAD
        bne   have
        wai                         ; nothing buffered: sleep until the next interrupt
        bra   loop
have:   ldx   #RING
        abx
        ldaa  0,x
        incb
        andb  #0x0F
        stab  *TAIL
        bsr   putc
        cmpa  #0x0D
        bne   loop
        ldx   #bye
        bsr   puts
done:   ldab  REGS+SCSR             ; let the last byte leave (TC)
        andb  #0x40
        beq   done
        clr   EXIT
        bra   .

; putc: send A (polls TDRE). puts: send the NUL-terminated string at X.
putc:   ldab  REGS+SCSR
        bpl   putc
        staa  REGS+SCDR
        rts
puts:   ldaa  0,x
        beq   puts_end
        bsr   putc
        inx
        bra   puts
puts_end: rts

; SCI receive interrupt: append SCDR to the ring (a full ring drops the byte).
sci_h:  ldaa  REGS+SCSR
        anda  #0x20
        beq   sci_out
        ldaa  REGS+SCDR
        ldab  *HEAD
        ldx   #RING
        abx
        staa  0,x
        incb
        andb  #0x0F
        cmpb  *TAIL
        beq   sci_out
        stab  *HEAD
sci_out: rti

other:  ldaa  #0x99
        staa  EXIT
        bra   .

banner: .asciz "68HC11 echo\r\n"
bye:    .asciz "bye\r\n"

        vectors sci_h, other, other, other, other, other, other, other, other, other, other, other, other, other, other, other, other, other, other, other, start
