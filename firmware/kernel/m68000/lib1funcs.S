/*
 * 32-bit multiply and divide helpers for the plain 68000 (MULU/DIVU are 16-bit only).
 * Debian's m68k libgcc is built for the 68020 and cannot be linked; gcc calls these names.
 */
        .text

/* __mulsi3(a, b): low 32 bits of a*b from three 16x16 MULUs. */
        .globl  __mulsi3
__mulsi3:
        move.w  4(%sp),%d0      /* a.hi */
        mulu.w  10(%sp),%d0     /* a.hi * b.lo */
        move.w  6(%sp),%d1      /* a.lo */
        mulu.w  8(%sp),%d1      /* a.lo * b.hi */
        add.w   %d1,%d0
        swap    %d0
        clr.w   %d0
        move.w  6(%sp),%d1
        mulu.w  10(%sp),%d1     /* a.lo * b.lo */
        add.l   %d1,%d0
        rts

/*
 * udivmod: d0 = d0 / d1, d1 = d0 % d1 (unsigned). Divisors below 0x10000 use two DIVUs;
 * larger ones a 32-step shift-and-subtract. A zero divisor gives quotient 0xFFFFFFFF.
 */
udivmod:
        movem.l %d2-%d3,-(%sp)
        cmp.l   #0xFFFF,%d1
        bhi.s   3f
        tst.w   %d1
        beq.s   3f
        move.l  %d0,%d2
        clr.w   %d2
        swap    %d2             /* d2 = n >> 16 */
        divu.w  %d1,%d2         /* d2 = r1:q.hi */
        move.w  %d2,%d3
        swap    %d3             /* d3.hi = q.hi */
        move.w  %d0,%d2         /* d2 = r1:n.lo */
        divu.w  %d1,%d2         /* d2 = r:q.lo */
        move.w  %d2,%d3         /* d3 = q */
        clr.w   %d2
        swap    %d2             /* d2 = r */
        move.l  %d3,%d0
        move.l  %d2,%d1
        movem.l (%sp)+,%d2-%d3
        rts
3:      moveq   #0,%d2          /* remainder */
        moveq   #31,%d3
4:      add.l   %d0,%d0
        addx.l  %d2,%d2
        bcs.s   5f              /* 33-bit remainder: certainly >= divisor */
        cmp.l   %d1,%d2
        bcs.s   6f
5:      sub.l   %d1,%d2
        addq.l  #1,%d0
6:      dbra    %d3,4b
        move.l  %d2,%d1
        movem.l (%sp)+,%d2-%d3
        rts

        .globl  __udivsi3
__udivsi3:
        move.l  4(%sp),%d0
        move.l  8(%sp),%d1
        bsr     udivmod
        rts

        .globl  __umodsi3
__umodsi3:
        move.l  4(%sp),%d0
        move.l  8(%sp),%d1
        bsr     udivmod
        move.l  %d1,%d0
        rts

/* Signed forms: divide the magnitudes; the quotient is negative when the signs differ,
 * the remainder takes the dividend's sign (C99 truncation). */
        .globl  __divsi3
__divsi3:
        move.l  4(%sp),%d1
        move.l  8(%sp),%d0
        eor.l   %d0,%d1
        move.l  %d1,%a1         /* bit 31: sign of the quotient */
        bsr     sabs
        bsr     udivmod
        move.l  %a1,%d1
        bpl.s   1f
        neg.l   %d0
1:      rts

        .globl  __modsi3
__modsi3:
        move.l  4(%sp),%a1      /* bit 31: sign of the remainder */
        bsr     sabs
        bsr     udivmod
        move.l  %d1,%d0
        move.l  %a1,%d1
        bpl.s   1f
        neg.l   %d0
1:      rts

/* d0 = |first argument|, d1 = |second argument| (the caller's arguments, 8 bytes up). */
sabs:
        move.l  8(%sp),%d0
        bpl.s   1f
        neg.l   %d0
1:      move.l  12(%sp),%d1
        bpl.s   2f
        neg.l   %d1
2:      rts
