/*
 * Self-checking 68000 exception and interrupt test for the m68000-generic board.
 * Each check that fails exits with its own number (exit device at 0xFF0300); all passing
 * exits with 0 after printing "ok\n" on the console (0xFF0200).
 *
 * Covers: TRAP, ILLEGAL, line A, line F, privilege violation, zero divide, CHK, TRAPV,
 * address error (frame contents), trace, user/supervisor stacks, STOP woken by the timer
 * interrupt (IPL 6, autovector), the interrupt mask, RESET.
 */
	.equ	CONSOLE, 0xff0200
	.equ	EXIT, 0xff0300
	.equ	TIMER, 0xff0100		/* +0 CTRL, +4 PERIOD, +8 COUNT, +C STATUS */
	.equ	RAM, 0x100000
	.equ	last_vec, RAM		/* vector number of the last exception */
	.equ	last_pc, RAM+4		/* PC the last exception stacked */
	.equ	last_sr, RAM+8		/* SR the last exception stacked */
	.equ	count, RAM+12		/* trace / interrupt counter */
	.equ	ae_info, RAM+16		/* address error: status word, address, IR */
	.equ	ae_addr, RAM+20
	.equ	ae_ir, RAM+24
	.equ	handler_sr, RAM+28
	.equ	trace_pcs, RAM+32	/* 8 longs */
	.equ	USTACK, 0x1f0000

	.macro	FAIL n
	move.l	#\n, EXIT
	.endm

	.macro	EXPECT_VEC v, n
	cmpi.l	#\v, last_vec
	beq.s	1f
	FAIL	\n
1:
	.endm

	.section .vectors, "a"
	.long	0x00200000		/* 0: SSP */
	.long	start			/* 1: PC */
	.long	unexpected		/* 2: bus error */
	.long	address_error		/* 3 */
	.rept	5
	.long	generic			/* 4 illegal, 5 zero divide, 6 CHK, 7 TRAPV, 8 privilege */
	.endr
	.long	trace			/* 9 */
	.long	generic			/* 10 line A */
	.long	generic			/* 11 line F */
	.rept	12
	.long	unexpected		/* 12-23 */
	.endr
	.rept	6
	.long	unexpected		/* 24 spurious, 25-29 autovectors 1-5 */
	.endr
	.long	level6			/* 30: autovector 6 (timer) */
	.long	unexpected		/* 31 */
	.rept	15
	.long	trap_handler		/* 32-46: TRAP #0-14 */
	.endr
	.long	sv_call			/* 47: TRAP #15 returns in supervisor mode */
	.rept	208
	.long	unexpected
	.endr

	.text
/* Each test puts the vector it expects in d7; the handler records it with the stacked
 * PC and SR, and resumes 2 bytes past the stacked PC (tests pad with a NOP). */
generic:
	move.l	%d7, last_vec
	move.w	(%sp), last_sr+2
	move.l	2(%sp), last_pc
	addq.l	#2, 2(%sp)
	rte

trap_handler:
	move.l	%d7, last_vec
	move.w	(%sp), last_sr+2
	move.l	2(%sp), last_pc
	rte

sv_call:
	ori.w	#0x2000, (%sp)		/* return in supervisor mode */
	rte

/* Records the stacked PC of each trace exception in trace_pcs[count]. */
trace:
	movem.l	%d0/%a0, -(%sp)
	move.l	count, %d0
	lsl.l	#2, %d0
	lea	trace_pcs, %a0
	move.l	10(%sp), (%a0,%d0.l)
	addq.l	#1, count
	movem.l	(%sp)+, %d0/%a0
	rte

level6:
	addq.l	#1, count
	move.w	(%sp), last_sr+2	/* the interrupted SR */
	move.w	%sr, handler_sr+2	/* inside: mask raised to 6 */
	move.l	#1, TIMER+12		/* clear EXPIRED: the request goes away */
	rte

address_error:
	move.w	(%sp), ae_info+2
	move.l	2(%sp), ae_addr
	move.w	6(%sp), ae_ir+2
	addq.l	#8, %sp			/* drop the group-0 words: a normal frame remains */
	move.l	#ae_resume, 2(%sp)
	rte

unexpected:
	FAIL	99

start:
	/* ---- TRAP #5: vector 37, stacked PC is the next instruction ---- */
	moveq	#37, %d7
	trap	#5
t1:	EXPECT_VEC 37, 1
	cmpi.l	#t1, last_pc
	beq.s	1f
	FAIL	2
1:
	/* ---- ILLEGAL: vector 4, stacked PC is the instruction itself ---- */
	moveq	#4, %d7
i1:	illegal
	EXPECT_VEC 4, 3
	cmpi.l	#i1, last_pc
	beq.s	1f
	FAIL	4
1:
	/* ---- line A and line F ---- */
	moveq	#10, %d7
	.word	0xa000
	EXPECT_VEC 10, 5
	moveq	#11, %d7
	.word	0xf123
	EXPECT_VEC 11, 6

	/* ---- zero divide: vector 5, stacked PC after the DIVU, destination unchanged ---- */
	moveq	#5, %d7
	moveq	#0, %d1
	move.l	#1000, %d0
	divu.w	%d1, %d0
	nop
	EXPECT_VEC 5, 7
	cmpi.l	#1000, %d0
	beq.s	1f
	FAIL	8
1:
	/* ---- CHK: 5 within [0,10] does not trap; 20 does (vector 6) ---- */
	moveq	#0, %d7
	move.l	%d7, last_vec
	moveq	#5, %d0
	chk.w	#10, %d0
	tst.l	last_vec
	beq.s	1f
	FAIL	9
1:	moveq	#6, %d7
	moveq	#20, %d0
	chk.w	#10, %d0
	nop
	EXPECT_VEC 6, 10

	/* ---- TRAPV: nothing when V is clear, vector 7 when set ---- */
	moveq	#0, %d7
	move.l	%d7, last_vec
	move.w	#0, %ccr
	trapv
	tst.l	last_vec
	beq.s	1f
	FAIL	11
1:	moveq	#7, %d7
	move.w	#2, %ccr
	trapv
	nop
	EXPECT_VEC 7, 12

	/* ---- address error: word read from an odd address, group-0 frame ---- */
	lea	RAM+0x101, %a0
	move.w	(%a0), %d0
	FAIL	13			/* never reached: the handler resumes at ae_resume */
ae_resume:
	move.l	ae_info, %d0
	andi.w	#0x1f, %d0
	cmpi.w	#0x15, %d0		/* read, supervisor data (FC 5) */
	beq.s	1f
	FAIL	14
1:	cmpi.l	#RAM+0x101, ae_addr
	beq.s	1f
	FAIL	15
1:	cmpi.l	#0x3010, ae_ir		/* move.w (a0),d0 */
	beq.s	1f
	FAIL	16
1:
	/* ---- trace: RTE sets T; three instructions are traced, the third clears T ---- */
	clr.l	count
	pea	traced
	move.w	#0xa700, -(%sp)
	rte
traced:
	nop
	nop
	move.w	#0x2700, %sr
	nop
	cmpi.l	#3, count
	beq.s	1f
	FAIL	17
1:	cmpi.l	#traced+2, trace_pcs	/* the first trace stacks the next instruction */
	beq.s	1f
	FAIL	40
1:
	/* ---- trace over TRAP: the TRAP exception first, then the trace, whose stacked PC
	 * is the TRAP handler's first instruction ---- */
	clr.l	count
	pea	tt1
	move.w	#0xa700, -(%sp)
	rte
tt1:	moveq	#33, %d7		/* traced: count 1 */
	trap	#1			/* traced after the trap is taken: count 2 */
	move.w	#0x2700, %sr		/* count 3 */
	cmpi.l	#3, count
	beq.s	1f
	FAIL	41
1:	cmpi.l	#trap_handler, trace_pcs+4
	beq.s	1f
	FAIL	42
1:	EXPECT_VEC 33, 43
	/* ---- STOP with T set: the trace comes right after STOP loads SR, and ends it ---- */
	clr.l	count
	pea	st1
	move.w	#0xa700, -(%sp)
	rte
st1:	stop	#0xa700			/* mask 7: only the trace can end this STOP */
st2:	move.w	#0x2700, %sr
	cmpi.l	#2, count
	beq.s	1f
	FAIL	44
1:	cmpi.l	#st2, trace_pcs
	beq.s	1f
	FAIL	45
1:
	/* ---- user mode: A7 is the USP; privileged instructions trap (vector 8) ---- */
	move.l	%sp, %d5		/* SSP, to compare later */
	move.l	#USTACK, %a0
	move.l	%a0, %usp
	move.w	#0x0000, %sr		/* user mode, mask 0 */
	cmpa.l	#USTACK, %sp
	beq.s	1f
	FAIL	18
1:	moveq	#8, %d7
p1:	move.l	%a0, %usp		/* privileged */
	nop
	EXPECT_VEC 8, 19
	cmpi.l	#p1, last_pc
	beq.s	1f
	FAIL	20
1:	move.w	%sr, %d0		/* allowed in user mode on the 68000 */
	btst	#13, %d0
	beq.s	1f
	FAIL	21
1:	moveq	#32, %d7
	trap	#0
	EXPECT_VEC 32, 22
	move.w	last_sr+2, %d0		/* the stacked SR is the user one */
	btst	#13, %d0
	beq.s	1f
	FAIL	23
1:	cmpa.l	#USTACK, %sp		/* the exception used the SSP, not the USP */
	beq.s	1f
	FAIL	24
1:	trap	#15			/* supervisor call */
	cmp.l	%sp, %d5
	beq.s	1f
	FAIL	25
1:
	/* ---- STOP woken by the timer interrupt (IPL 6, autovector 30) ---- */
	move.w	#0x2700, %sr		/* no interrupts until STOP lowers the mask */
	clr.l	count
	move.l	#500, TIMER+4		/* PERIOD */
	move.l	#3, TIMER		/* ENABLE | IRQ enable */
	stop	#0x2500			/* mask 5: level 6 gets through */
	cmpi.l	#1, count
	beq.s	1f
	FAIL	26
1:	move.w	last_sr+2, %d0		/* SR when interrupted: the one STOP loaded */
	cmpi.w	#0x2500, %d0
	beq.s	1f
	FAIL	27
1:	move.w	handler_sr+2, %d0
	andi.w	#0x0700, %d0
	cmpi.w	#0x0600, %d0
	beq.s	1f
	FAIL	28
1:
	/* ---- the mask holds level 6 off at 6, lets it in at 5 ---- */
	move.w	#0x2600, %sr
	clr.l	count
	move.w	#2000, %d1
2:	dbra	%d1, 2b			/* several timer periods */
	tst.l	count
	beq.s	1f
	FAIL	29
1:	move.w	#0x2500, %sr		/* the pending request is taken now */
	nop
	cmpi.l	#1, count
	bcc.s	1f
	FAIL	30
1:	move.w	#0x2700, %sr
	/* ---- RESET resets the devices: the timer stops ---- */
	reset
	tst.l	TIMER
	beq.s	1f
	FAIL	31
1:
	/* All passed. */
	move.b	#'o', CONSOLE
	move.b	#'k', CONSOLE
	move.b	#10, CONSOLE
	move.l	#0, EXIT
2:	bra.s	2b
