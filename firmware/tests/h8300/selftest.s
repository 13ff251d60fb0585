; H8/300 self-checking program for the h8300-generic board (h8300-hms-as syntax).
; Checks a few instructions whose flags are easy to get wrong, then the on-chip devices:
; 8-bit timer 0 compare-match interrupts woken from SLEEP, SCI transmission driven by TXI and
; reception by RXI (the test sends "ping"; the program answers "pong:" and the bytes it got).
; Reports through the exit device: 0 = all passed, otherwise the number of the failed check.
; (the check number is kept in R3L; R4-R6 are taken by EEPMOV)
; Rebuild: ./build.sh (checks that the committed selftest.coff is reproduced byte for byte).

        .equ    CONSOLE, 0xff80
        .equ    EXIT,    0xff84
        .equ    TCR0,    0xffc8
        .equ    TCSR0,   0xffc9
        .equ    TCORA0,  0xffca
        .equ    TCNT0,   0xffcc
        .equ    SMR,     0xffd8
        .equ    BRR,     0xffd9
        .equ    SCR,     0xffda
        .equ    TDR,     0xffdb
        .equ    SSR,     0xffdc
        .equ    RDR,     0xffdd

        ; variables in on-chip RAM
        .equ    ticks,   0xfb80         ; timer interrupts seen (byte)
        .equ    txptr,   0xfb82         ; next byte to send (word), 0 when idle
        .equ    rxcount, 0xfb84         ; bytes received (byte)
        .equ    rxbuf,   0xfb86         ; received bytes
        .equ    copy,    0xfb90         ; EEPMOV destination
        .equ    stack,   0xff80

        ; Bcc reaches only -128..+127 bytes: far failure exits go through JMP.
        .macro  failne
        beq     9f
        jmp     @fail
9:
        .endm
        .macro  failcc
        bcs     9f
        jmp     @fail
9:
        .endm

        .section .text
        .global vectors
vectors:
        .word   start                   ; 0 reset
        .word   bad, bad                ; 1-2 reserved
        .word   bad                     ; 3 NMI
        .word   bad, bad, bad, bad, bad, bad, bad, bad ; 4-11 IRQ0-7
        .word   bad, bad, bad, bad, bad, bad, bad      ; 12-18 FRT
        .word   tmr0_cmia, bad, bad     ; 19-21 TMR0
        .word   bad, bad, bad           ; 22-24 TMR1
        .word   bad, bad                ; 25-26
        .word   bad, sci_rxi, sci_txi, bad ; 27-30 SCI

start:
        mov.w   #stack,r7
        ; ---- 1: ADD.B flags: 0x7F + 1 = 0x80, V and N and H set, C and Z clear
        mov.b   #1,r3l
        mov.b   #0x7f,r0l
        add.b   #1,r0l
        stc     ccr,r1l
        and.b   #0x2f,r1l               ; H U N Z V C
        cmp.b   #0x2a,r1l               ; H N V
        failne
        ; ---- 2: multi-byte add with ADDX keeps Z only when every byte is zero
        mov.b   #2,r3l
        mov.w   #0xff01,r0
        mov.w   #0x00ff,r1
        add.b   r1l,r0l                 ; 01 + FF = 00, C=1, Z=1
        addx    r1h,r0h                 ; FF + 00 + 1 = 00, C=1, Z stays 1
        failne
        failcc
        ; ---- 3: DAA after a BCD add: 0x38 + 0x45 = 0x83
        mov.b   #3,r3l
        mov.b   #0x38,r0l
        add.b   #0x45,r0l
        daa     r0l
        cmp.b   #0x83,r0l
        failne
        ; ---- 4: MULXU / DIVXU: 200 * 150 = 30000; 30000 / 123 = 243 rem 111
        mov.b   #4,r3l
        mov.b   #200,r0l
        mov.b   #150,r1l
        mulxu   r1l,r0
        mov.w   #30000,r2
        cmp.w   r2,r0
        failne
        mov.b   #123,r1l
        divxu   r1l,r0
        mov.w   #0x6ff3,r2              ; remainder 111 (0x6F) : quotient 243 (0xF3)
        cmp.w   r2,r0
        failne
        ; ---- 5: bit instructions on memory and the carry
        mov.b   #5,r3l
        mov.w   #copy,r2
        mov.b   #0x00,r0l
        mov.b   r0l,@r2
        bset    #5,@r2
        bld     #5,@r2                  ; C = 1
        bist    #0,@r2                  ; bit 0 = !C = 0
        bst     #7,@r2                  ; bit 7 = C = 1
        mov.b   @r2,r0l
        cmp.b   #0xa0,r0l
        failne
        ; ---- 6: EEPMOV copies R4L bytes from @R5 to @R6
        mov.b   #6,r3l
        mov.w   #message,r5
        mov.w   #copy,r6
        mov.b   #4,r4l
        eepmov
        mov.w   @copy,r0
        mov.w   @message,r1
        cmp.w   r1,r0
        failne
        mov.b   r4l,r4l
        failne

        ; ---- 7: timer 0 compare match A every 100 counts of phi/8, five interrupts while sleeping
        mov.b   #7,r3l
        sub.w   r0,r0
        mov.b   r0l,@ticks
        mov.b   #99,r0l
        mov.b   r0l,@TCORA0:8
        mov.b   #0,r0l
        mov.b   r0l,@TCNT0:8
        mov.b   #0x49,r0l               ; CMIEA, clear on match A, phi/8
        mov.b   r0l,@TCR0:8
        andc    #0x7f,ccr               ; enable interrupts
wait_ticks:
        sleep
        mov.b   @ticks,r0l
        cmp.b   #5,r0l
        bcs     wait_ticks
        mov.b   #0,r0l
        mov.b   r0l,@TCR0:8             ; stop the timer
        mov.b   @ticks,r0l
        cmp.b   #5,r0l
        failne

        ; ---- 8: SCI (a failure here shows as a missing or wrong reply): send "pong:" by TXI, receive 4 bytes by RXI, send them back
        mov.b   #0,r0l
        mov.b   r0l,@rxcount
        mov.b   r0l,@SMR:8              ; 8 data bits, no parity, 1 stop, phi/1
        mov.b   #7,r0l
        mov.b   r0l,@BRR:8
        mov.w   #reply,r0
        mov.w   r0,@txptr
        mov.b   #0xf0,r0l               ; TIE RIE TE RE
        mov.b   r0l,@SCR:8
wait_rx:                                ; (polled: no SLEEP here, a last interrupt between
        mov.b   @rxcount,r0l            ;  the test and the SLEEP would leave nothing to wake it)
        cmp.b   #4,r0l
        bcs     wait_rx
wait_tx:
        mov.w   @txptr,r0               ; the reply is out when the TXI handler went idle
        bne     wait_tx
        mov.w   #rxbuf,r5               ; now the received bytes, by polling TDRE
        mov.b   #4,r4l
echo:
        btst    #7,@SSR:8
        beq     echo
        mov.b   @r5+,r0l
        mov.b   r0l,@TDR:8
        bclr    #7,@SSR:8
        dec     r4l
        bne     echo
wait_tend:
        btst    #2,@SSR:8               ; TEND: the last byte has left
        beq     wait_tend
        mov.b   #0,r3l
fail:
        mov.b   r3l,@EXIT:8
        bra     fail

; ---- interrupt handlers -------------------------------------------------------------------
tmr0_cmia:
        bclr    #6,@TCSR0:8             ; clear CMFA
        push    r0
        mov.b   @ticks,r0l
        inc     r0l
        mov.b   r0l,@ticks
        pop     r0
        rte

sci_rxi:
        push    r0
        push    r1
        mov.b   @RDR:8,r0l
        bclr    #6,@SSR:8               ; clear RDRF
        mov.b   @rxcount,r1l
        mov.b   #0,r1h
        mov.b   r0l,@(rxbuf,r1)
        inc     r1l
        mov.b   r1l,@rxcount
        pop     r1
        pop     r0
        rte

sci_txi:
        push    r0
        push    r1
        mov.w   @txptr,r1
        mov.b   @r1+,r0l
        beq     tx_done
        mov.b   r0l,@TDR:8
        bclr    #7,@SSR:8               ; clear TDRE: start sending
        mov.w   r1,@txptr
        pop     r1
        pop     r0
        rte
tx_done:
        bclr    #7,@SCR:8               ; no more TXI
        sub.w   r1,r1
        mov.w   r1,@txptr
        pop     r1
        pop     r0
        rte

bad:
        mov.b   #0xee,r3l
        bra     fail

message:
        .ascii  "H8/3"
reply:
        .asciz  "pong:"
