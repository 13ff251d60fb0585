; 32-bit multiply, divide and remainder for gcc-h8300-hms (its libgcc is not linked: the
; packaged one is mis-linked). gcc calls them with the first operand in R0:R1 and the second
; in R2:R3 (high words first) and takes the result from R0:R1; R0-R3 may be clobbered,
; R4-R6 are preserved. Written for this kernel: shift-and-add multiply, restoring division.

        .section .text

; compare R0:R1 with R2:R3: R0 = 0 (less), 1 (equal), 2 (greater), signed and unsigned
        .global ___cmpsi2
___cmpsi2:
        cmp.w   r2,r0
        blt     cmp_lt
        bgt     cmp_gt
        bra     cmp_low
        .global ___ucmpsi2
___ucmpsi2:
        cmp.w   r2,r0
        bcs     cmp_lt
        bhi     cmp_gt
cmp_low:
        cmp.w   r3,r1
        bcs     cmp_lt
        bhi     cmp_gt
        mov.w   #1,r0
        rts
cmp_lt: sub.w   r0,r0
        rts
cmp_gt: mov.w   #2,r0
        rts

; R0:R1 = R0:R1 * R2:R3 (the low 32 bits; the same for signed and unsigned)
        .global ___mulsi3
___mulsi3:
        mov.w   r4,@-r7
        mov.w   r5,@-r7
        sub.w   r4,r4                   ; product in R4:R5
        sub.w   r5,r5
1:      mov.w   r2,r2                   ; multiplier left?
        bne     2f
        mov.w   r3,r3
        beq     4f
2:      shlr    r2h                     ; next multiplier bit into C
        rotxr   r2l
        rotxr   r3h
        rotxr   r3l
        bcc     3f
        add.w   r1,r5
        addx    r0l,r4l
        addx    r0h,r4h
3:      add.w   r1,r1                   ; multiplicand << 1
        addx    r0l,r0l
        addx    r0h,r0h
        bra     1b
4:      mov.w   r4,r0
        mov.w   r5,r1
        mov.w   @r7+,r5
        mov.w   @r7+,r4
        rts

; udivmod: R0:R1 / R2:R3 -> quotient R0:R1, remainder R4:R5; uses R6L. Callers save R4-R6.
; A zero divisor gives quotient 0xFFFFFFFF and the dividend as remainder.
udivmod:
        sub.w   r4,r4
        sub.w   r5,r5
        mov.b   #32,r6l
1:      add.w   r1,r1                   ; dividend << 1, its top bit into the remainder
        addx    r0l,r0l
        addx    r0h,r0h
        addx    r5l,r5l
        addx    r5h,r5h
        addx    r4l,r4l
        addx    r4h,r4h
        bcs     3f                      ; 33-bit remainder: certainly >= divisor
        sub.w   r3,r5                   ; try remainder - divisor
        subx    r2l,r4l
        subx    r2h,r4h
        bcc     4f
        add.w   r3,r5                   ; too small: restore
        addx    r2l,r4l
        addx    r2h,r4h
        bra     5f
3:      sub.w   r3,r5
        subx    r2l,r4l
        subx    r2h,r4h
4:      bset    #0,r1l                  ; quotient bit
5:      dec     r6l
        bne     1b
        rts

; negate R0:R1
neg01:
        not     r0h
        not     r0l
        not     r1h
        not     r1l
        add.b   #1,r1l
        addx    #0,r1h
        addx    #0,r0l
        addx    #0,r0h
        rts

; negate R2:R3
neg23:
        not     r2h
        not     r2l
        not     r3h
        not     r3l
        add.b   #1,r3l
        addx    #0,r3h
        addx    #0,r2l
        addx    #0,r2h
        rts

        .global ___udivsi3
___udivsi3:
        mov.w   r4,@-r7
        mov.w   r5,@-r7
        mov.w   r6,@-r7
        jsr     @udivmod
        bra     restore

        .global ___umodsi3
___umodsi3:
        mov.w   r4,@-r7
        mov.w   r5,@-r7
        mov.w   r6,@-r7
        jsr     @udivmod
        mov.w   r4,r0
        mov.w   r5,r1
        bra     restore

; signed: the quotient is negative when the signs differ, the remainder takes the dividend's
; sign (C89 leaves it to the implementation; this is the usual truncating division)
        .global ___divsi3
___divsi3:
        mov.w   r4,@-r7
        mov.w   r5,@-r7
        mov.w   r6,@-r7
        sub.b   r6h,r6h                 ; R6H bit 0: negate the result
        btst    #7,r0h
        beq     1f
        jsr     @neg01
        xor.b   #1,r6h
1:      btst    #7,r2h
        beq     2f
        jsr     @neg23
        xor.b   #1,r6h
2:      jsr     @udivmod
        btst    #0,r6h
        beq     restore
        jsr     @neg01
        bra     restore

        .global ___modsi3
___modsi3:
        mov.w   r4,@-r7
        mov.w   r5,@-r7
        mov.w   r6,@-r7
        sub.b   r6h,r6h
        btst    #7,r0h
        beq     1f
        jsr     @neg01
        inc     r6h
1:      btst    #7,r2h
        beq     2f
        jsr     @neg23
2:      jsr     @udivmod
        mov.w   r4,r0
        mov.w   r5,r1
        btst    #0,r6h
        beq     restore
        jsr     @neg01

restore:
        mov.w   @r7+,r6
        mov.w   @r7+,r5
        mov.w   @r7+,r4
        rts
