| Self-checking test of the mex68kecb board's devices as a program sees them. Prints
| "PASS\r\n" on the terminal ACIA, or "FAIL n\r\n" with the number of the first failed check.
| The host port must be fed one byte; it is echoed back there as "HOST:<byte>\r\n".
|   1  0-7 read the ROM's first 8 bytes before any write there
|   2  after a write there, 0-7 are RAM
|   3  the terminal ACIA powers up held in master reset (status 0)
|   4  after master reset and 8N1 /16, status is TDRE only
|   5  the host ACIA's receive interrupt (IPL 6) brings the host byte
|   6  PI/T timer, vectored (TCR 101): interrupts arrive through TIVR, not the autovector
|   7  PI/T timer, autovectored (TCR 111): interrupts arrive through the IPL 2 autovector
|   8  terminal ACIA transmit interrupt (IPL 5) sends a string and is switched off after it

	.equ	RAMTOP, 0x8000
	.equ	ACIA_T, 0x010040
	.equ	ACIA_T_DATA, 0x010042
	.equ	ACIA_H, 0x010041
	.equ	ACIA_H_DATA, 0x010043
	.equ	PIT, 0x010001
	.equ	PIT_TCR, PIT + 2 * 0x10
	.equ	PIT_TIVR, PIT + 2 * 0x11
	.equ	PIT_CPRL, PIT + 2 * 0x15
	.equ	PIT_TSR, PIT + 2 * 0x1A
	.equ	PIT_VEC, 72

	.equ	hostbyte, 0x1000	| word: -1 until the host byte arrives
	.equ	vcount, 0x1004		| long: vectored timer interrupts
	.equ	acount, 0x1008		| long: autovectored timer interrupts
	.equ	txptr, 0x100C		| long: next byte for the transmit interrupt, 0 when done

	.macro	CHECK n
	beq.s	1f
	moveq	#\n, %d7
	bra	fail
1:
	.endm

	.text
	.long	RAMTOP
	.long	start

start:
	move.w	#0x2700, %sr
	| 1: the overlay
	move.l	0, %d0
	cmp.l	0x8000, %d0
	CHECK	1
	move.l	4, %d0
	cmp.l	0x8004, %d0
	CHECK	1
	| 2: the first write uncovers RAM (zero at power-on)
	move.l	#0x12345678, 4
	move.l	4, %d0
	cmp.l	#0x12345678, %d0
	CHECK	2
	tst.l	0
	CHECK	2
	| vector table
	lea	8, %a0
	move.w	#256 - 2 - 1, %d0
2:	move.l	#unexpected, (%a0)+
	dbra	%d0, 2b
	move.l	#pit_auto, (24 + 2) * 4
	move.l	#term_isr, (24 + 5) * 4
	move.l	#host_isr, (24 + 6) * 4
	move.l	#pit_vectored, PIT_VEC * 4
	| 3, 4: the terminal ACIA
	tst.b	ACIA_T
	CHECK	3
	move.b	#0x03, ACIA_T
	move.b	#0x15, ACIA_T
	cmp.b	#0x02, ACIA_T
	CHECK	4
	| 5: host ACIA receive interrupt
	move.w	#-1, hostbyte
	move.b	#0x03, ACIA_H
	move.b	#0x95, ACIA_H
	move.w	#0x2000, %sr
	move.l	#100000, %d1
3:	tst.w	hostbyte
	bpl.s	4f
	subq.l	#1, %d1
	bne.s	3b
4:	tst.w	hostbyte
	smi	%d0
	tst.b	%d0
	CHECK	5
	lea	msg_host, %a0
	lea	ACIA_H, %a1
	bsr	puts_on
	move.b	hostbyte + 1, %d0
	bsr	putc_on
	lea	msg_crlf, %a0
	bsr	puts_on
	| 6: PI/T vectored
	clr.l	vcount
	clr.l	acount
	move.b	#PIT_VEC, PIT_TIVR
	move.b	#10, PIT_CPRL
	move.b	#0xA1, PIT_TCR
5:	stop	#0x2000
	cmp.l	#3, vcount
	blo.s	5b
	tst.l	acount
	CHECK	6
	| 7: PI/T autovectored
	move.b	#0xE1, PIT_TCR
	move.l	vcount, %d2
6:	stop	#0x2000
	cmp.l	#3, acount
	blo.s	6b
	move.w	#0x2700, %sr
	clr.b	PIT_TCR
	move.w	#0x2000, %sr
	move.l	vcount, %d0
	sub.l	%d2, %d0
	cmp.l	#1, %d0			| at most the one already pending
	sls	%d0
	not.b	%d0
	tst.b	%d0
	CHECK	7
	| 8: transmit interrupt
	move.w	#0x2700, %sr
	move.l	#msg_txint, txptr
	move.b	#0x35, ACIA_T		| TX interrupt on
	move.w	#0x2000, %sr
7:	stop	#0x2000
	tst.l	txptr
	bne.s	7b
	cmp.b	#0x02, ACIA_T		| IRQ off again, TDRE
	CHECK	8
	lea	msg_pass, %a0
	lea	ACIA_T, %a1
	bsr	puts_on
done:
	stop	#0x2700
	bra.s	done

fail:
	move.w	#0x2700, %sr
	move.b	#0x03, ACIA_T
	move.b	#0x15, ACIA_T
	lea	ACIA_T, %a1
	lea	msg_fail, %a0
	bsr	puts_on
	move.b	%d7, %d0
	add.b	#0x30, %d0
	bsr	putc_on
	lea	msg_crlf, %a0
	bsr	puts_on
	bra.s	done

unexpected:
	moveq	#9, %d7
	bra.s	fail

pit_vectored:
	move.b	#1, PIT_TSR
	addq.l	#1, vcount
	rte

pit_auto:
	move.b	#1, PIT_TSR
	addq.l	#1, acount
	rte

host_isr:
	move.w	%d0, -(%sp)
	moveq	#0, %d0
	move.b	ACIA_H_DATA, %d0
	move.w	%d0, hostbyte
	move.w	(%sp)+, %d0
	rte

| Transmit interrupt: next byte of the string at txptr; at its end turn the interrupt off.
term_isr:
	move.l	%a0, -(%sp)
	move.l	txptr, %a0
	tst.b	(%a0)
	beq.s	1f
	move.b	(%a0)+, ACIA_T_DATA
	move.l	%a0, txptr
	bra.s	2f
1:	move.b	#0x15, ACIA_T
	clr.l	txptr
2:	move.l	(%sp)+, %a0
	rte

| putc_on: d0.b to the ACIA at a1 (status at a1, data at a1 + 2), polling TDRE.
putc_on:
	btst	#1, (%a1)
	beq.s	putc_on
	move.b	%d0, 2(%a1)
	rts

| puts_on: the NUL-terminated string at a0 to the ACIA at a1.
puts_on:
	move.b	(%a0)+, %d0
	beq.s	1f
	bsr.s	putc_on
	bra.s	puts_on
1:	rts

msg_host:
	.asciz	"HOST:"
msg_txint:
	.asciz	"TXINT\r\n"
msg_pass:
	.asciz	"PASS\r\n"
msg_fail:
	.asciz	"FAIL "
msg_crlf:
	.asciz	"\r\n"
	.even
