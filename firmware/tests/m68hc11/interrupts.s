; interrupts: a self-checking 68HC11 program for the m68hc11-generic board. Each step stores
; its number in STEP; a failure writes that number to the exit device, success writes 0.
;  1  INIT (within 64 E cycles of reset) moves the register block from 1000h to 3000h; the
;     TMSK2 prescaler (E/4) is set in the same window; a late INIT write is ignored
;  2  SWI: stacked frame (CCR, B, A, X, Y, PC) and the I bit in the handler, RTI restores
;  3  illegal opcode trap: the stacked PC is the address of the illegal opcode (18h 00h)
;  4  TAP cannot set X; TPA shows it cleared
;  5  RTI (real-time interrupt): 3 interrupts through FFF0h, waited for with WAI
;  6  OC2: a compare 1000 counts ahead interrupts through FFE6h, not before TCNT got there
;  7  SCI: two bytes received by interrupt (RIE), sent back upper-cased by polling TDRE
;  8  STOP with S set is a NOP; IDIV/FDIV/MUL/DAA spot checks
        .include "regs.inc"
        .equ REGS,  0x3000          ; where step 1 moves the register block
        .equ STEP,  0x0000          ; direct page variables
        .equ RTICNT, 0x0001
        .equ OCHIT, 0x0002
        .equ RXCNT, 0x0003
        .equ RXBUF, 0x0004          ; 2 bytes
        .equ SEEN,  0x0006          ; set by the SWI / illegal handlers
        .equ SAVSP, 0x0008          ; 2 bytes
        .equ OCAT,  0x000A          ; 2 bytes: TCNT seen by the OC2 handler
        .equ OCSET, 0x000C          ; 2 bytes: the compare value

        .text
        .globl start
start:  ldaa  #0x03                 ; RAM at 0000h, registers at 3000h
        staa  0x1000+INIT
        ldaa  #0x01                 ; PR1:PR0 = 01: TCNT counts E/4
        staa  REGS+TMSK2
        lds   #0x0FFF
        ldaa  #1
        staa  *STEP
        ldaa  REGS+INIT
        cmpa  #0x03
        bne   fail
        ldaa  #0x05                 ; too late (and a second write): ignored
        staa  REGS+INIT
        ldaa  REGS+INIT
        cmpa  #0x03
        bne   fail
        ldaa  REGS+TMSK2
        anda  #0x03
        cmpa  #0x01
        bne   fail

; ---- 2: SWI -----------------------------------------------------------------------------
        ldaa  #2
        staa  *STEP
        clr   *SEEN
        ldaa  #0x11
        ldab  #0x22
        ldx   #0x3344
        ldy   #0x5566
        clc
        sts   *SAVSP
        swi
        ldaa  *SEEN
        cmpa  #1
        bne   fail
        tpa                         ; RTI restored I = 0? (reset left I set: check it is
        anda  #0x10                 ; still set, as it was when SWI ran)
        beq   fail
        ldaa  #1
        staa  *STEP
        clr   REGS+TMSK2            ; step 1 again: the PR bits stay now
        ldaa  REGS+TMSK2
        cmpa  #0x01
        bne   fail

; ---- 3: illegal opcode ----------------------------------------------------------------------
        ldaa  #3
        staa  *STEP
        clr   *SEEN
bad:    .byte 0x18, 0x00            ; page-1 opcode 00 is not defined
        ldaa  *SEEN
        cmpa  #1
        bne   fail

; ---- 4: TAP cannot set X --------------------------------------------------------------------
        ldaa  #4
        staa  *STEP
        ldaa  #0x00                 ; clear X (and I, S ...)
        tap
        tpa
        anda  #0x40
        bne   fail
        ldaa  #0x50                 ; try to set X again: only I takes
        tap
        tpa
        anda  #0x50
        cmpa  #0x10
        bne   fail

; ---- 5: real-time interrupt -----------------------------------------------------------------
        ldaa  #5
        staa  *STEP
        clr   *RTICNT
        ldaa  #0x00                 ; RTR = 0: every 8192 E cycles
        staa  REGS+PACTL
        ldaa  #0x40                 ; clear a pending RTIF, then enable RTII
        staa  REGS+TFLG2
        ldaa  #0x41                 ; RTII, keep PR = 01
        staa  REGS+TMSK2
        cli
wait5:  wai
        ldaa  *RTICNT
        cmpa  #3
        blo   wait5
        sei
        ldaa  #0x01
        staa  REGS+TMSK2            ; RTII off

; ---- 6: output compare 2 --------------------------------------------------------------------
        ldaa  #6
        staa  *STEP
        clr   *OCHIT
        ldd   REGS+TCNT
        addd  #1000
        std   *OCSET
        std   REGS+TOC2
        ldaa  #0x40                 ; clear OC2F, enable OC2I
        staa  REGS+TFLG1
        staa  REGS+TMSK1
        cli
wait6:  wai
        ldaa  *OCHIT
        beq   wait6
        sei
        clr   REGS+TMSK1
        ldd   *OCAT                 ; the handler ran at or after the compare
        subd  *OCSET
        bmi   fail
        cpd   #100                  ; and soon after it
        bhs   fail

; ---- 7: SCI receive interrupt, polled transmit ----------------------------------------------
        ldaa  #7
        staa  *STEP
        clr   *RXCNT
        ldaa  #0x30                 ; 9600 baud at E = 2 MHz
        staa  REGS+BAUD
        clr   REGS+SCCR1
        ldaa  #0x2C                 ; RIE, TE, RE
        staa  REGS+SCCR2
        cli
wait7:  wai
        ldaa  *RXCNT
        cmpa  #2
        blo   wait7
        sei
        ldx   #RXBUF
echo:   ldaa  0,x
        anda  #0xDF                 ; upper case
tx:     ldab  REGS+SCSR
        bpl   tx                    ; TDRE
        staa  REGS+SCDR
        inx
        cpx   #RXBUF+2
        bne   echo
txdone: ldab  REGS+SCSR             ; wait for TC: the last byte is out
        andb  #0x40
        beq   txdone

; ---- 8: STOP with S set, arithmetic spot checks ---------------------------------------------
        ldaa  #8
        staa  *STEP
        tpa
        oraa  #0x80                 ; S = 1: STOP is a NOP
        tap
        stop
        ldd   #1000
        ldx   #7
        idiv                        ; X = 142, D = 6
        cpx   #142
        bne   fail
        cpd   #6
        bne   fail
        ldd   #0x4000
        ldx   #0x8000
        fdiv                        ; 0.25 / 0.5 = 0.5 -> X = 8000h
        cpx   #0x8000
        bne   fail
        ldaa  #200
        ldab  #200
        mul                         ; 40000 = 9C40h
        cpd   #0x9C40
        bne   fail
        ldaa  #0x19
        adda  #0x28
        daa                         ; 19 + 28 = 47 (BCD)
        cmpa  #0x47
        bne   fail
        clra
        staa  EXIT                  ; success
        bra   .

fail:   ldaa  *STEP
        staa  EXIT
        bra   .

; ---- handlers -------------------------------------------------------------------------------
; SWI: the frame from SP+1 upward is CCR, B, A, XH, XL, YH, YL, PCH, PCL.
swi_h:  tpa
        anda  #0x10                 ; I set on entry
        beq   swi_bad
        tsx                         ; X = SP + 1 = the stacked CCR
        ldaa  1,x                   ; B
        cmpa  #0x22
        bne   swi_bad
        ldaa  2,x                   ; A
        cmpa  #0x11
        bne   swi_bad
        ldd   3,x
        cpd   #0x3344
        bne   swi_bad
        ldd   5,x
        cpd   #0x5566
        bne   swi_bad
        ldd   *SAVSP                ; nine bytes below the SP before SWI
        subd  #9
        sts   *SAVSP
        cpd   *SAVSP
        bne   swi_bad
        inc   *SEEN
        rti
swi_bad: jmp  fail

; Illegal opcode: the stacked PC must be `bad`; resume after the two bytes.
ill_h:  tsx
        ldd   7,x
        cpd   #bad
        bne   swi_bad
        addd  #2
        std   7,x
        inc   *SEEN
        rti

rti_h:  ldaa  #0x40                 ; clear RTIF
        staa  REGS+TFLG2
        inc   *RTICNT
        rti

oc2_h:  ldd   REGS+TCNT
        std   *OCAT
        ldaa  #0x40                 ; clear OC2F
        staa  REGS+TFLG1
        inc   *OCHIT
        rti

sci_h:  ldaa  REGS+SCSR             ; RDRF?
        anda  #0x20
        beq   sci_out
        ldab  *RXCNT
        ldx   #RXBUF
        abx
        ldaa  REGS+SCDR
        staa  0,x
        inc   *RXCNT
sci_out: rti

other:  ldaa  #0x99                 ; an unexpected interrupt
        staa  EXIT
        bra   .

;       SCI    SPI    PAI    PAOV   TOF    OC5    OC4    OC3    OC2    OC1
;       IC3    IC2    IC1    RTI    IRQ    XIRQ   SWI    ILL    COP    CLM    RESET
        vectors sci_h, other, other, other, other, other, other, other, oc2_h, other, other, other, other, rti_h, other, other, swi_h, ill_h, other, other, start
