/*
 * Self-checking interrupt test for the m68000-generic board: the UART receive interrupt
 * (IPL 4, autovector 28) echoes three bytes, and while the first one is being handled the
 * timer (IPL 6, autovector 30) interrupts the handler (nesting above the level-4 mask).
 * The main program idles in STOP between interrupts. Exit status 0 = all checks passed,
 * else the number of the failed check. Serial output: the echoed bytes, then "ok\n".
 */
	.equ	UART, 0xff0000		/* +0 DATA, +1 STATUS, +2 CTRL (bit0 RX interrupt) */
	.equ	TIMER, 0xff0100		/* +0 CTRL, +4 PERIOD, +C STATUS */
	.equ	CONSOLE, 0xff0200
	.equ	EXIT, 0xff0300
	.equ	RAM, 0x100000
	.equ	received, RAM		/* bytes received so far */
	.equ	ticks, RAM+4		/* timer interrupts */
	.equ	nested_sr, RAM+8	/* SR stacked by the timer interrupt that nested */
	.equ	buffer, RAM+16

	.macro	FAIL n
	move.l	#\n, EXIT
	.endm

	.section .vectors, "a"
	.long	0x00200000		/* SSP */
	.long	start
	.rept	26
	.long	unexpected		/* 2-27 */
	.endr
	.long	uart_isr		/* 28: autovector 4 */
	.long	unexpected		/* 29 */
	.long	timer_isr		/* 30: autovector 6 */
	.rept	225
	.long	unexpected
	.endr

	.text
uart_isr:
	movem.l	%d0/%a0, -(%sp)
	move.l	received, %d0
	lea	buffer, %a0
	move.b	UART, (%a0,%d0.l)	/* reading DATA clears the request */
	move.b	(%a0,%d0.l), UART	/* echo */
	addq.l	#1, received
	tst.l	%d0
	bne.s	1f
	/* First byte: start the timer and wait for it inside this handler. */
	clr.l	ticks
	move.l	#100, TIMER+4
	move.l	#3, TIMER
2:	tst.l	ticks
	beq.s	2b
	clr.l	TIMER
1:	movem.l	(%sp)+, %d0/%a0
	rte

timer_isr:
	addq.l	#1, ticks
	move.w	(%sp), nested_sr+2
	move.l	#1, TIMER+12		/* acknowledge */
	rte

unexpected:
	FAIL	99

start:
	clr.l	received
	move.b	#1, UART+2		/* RX interrupt enable */
	move.w	#0x2300, %sr		/* mask 3: levels 4 and 6 get through */
wait:	cmpi.l	#3, received
	bcc.s	done
	stop	#0x2300
	bra.s	wait
done:
	move.w	#0x2700, %sr
	cmpi.b	#'a', buffer
	beq.s	1f
	FAIL	1
1:	cmpi.b	#'b', buffer+1
	beq.s	1f
	FAIL	2
1:	cmpi.b	#'c', buffer+2
	beq.s	1f
	FAIL	3
1:	cmpi.l	#1, ticks
	bcc.s	1f
	FAIL	4
1:	move.w	nested_sr+2, %d0	/* the timer interrupted the level-4 handler */
	andi.w	#0x0700, %d0
	cmpi.w	#0x0400, %d0
	beq.s	1f
	FAIL	5
1:	move.b	#'o', CONSOLE
	move.b	#'k', CONSOLE
	move.b	#10, CONSOLE
	move.l	#0, EXIT
2:	bra.s	2b
