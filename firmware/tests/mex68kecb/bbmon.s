| BBMON 1.0: a small machine-language monitor for the Motorola MEX68KECB board, written for
| bytebos-emu (it is this project's own, not Motorola's TUTOR). Build: make (see Makefile).
|
| The ROM sits at 0x8000; the board shows its first 8 bytes (reset SSP and PC) at 0 until the
| first write there, which this monitor does first when it fills the vector table in RAM.
|
| Commands (numbers are hex, commands and digits in either case):
|   MD <addr> [<len>]   display <len> bytes (default 10) from <addr>, 16 a line
|   MM <addr> <byte>    write <byte> at <addr>, show the old value and what reads back
|   TM                  show the PI/T timer: milliseconds since reset and the live counter
|   TM <ms>             wait <ms> milliseconds, timed by the PI/T timer interrupt
|   HE                  list the commands
| Anything else gets an error line. Input: the terminal ACIA's receive interrupt (IPL 5)
| fills a ring buffer; the monitor waits with STOP. Output: polls TDRE. The PI/T timer
| interrupts (IPL 2, autovectored) every millisecond.

	.equ	RAMTOP, 0x8000
	.equ	ACIA_T, 0x010040	| terminal ACIA: status/control
	.equ	ACIA_T_DATA, 0x010042	| terminal ACIA: data
	.equ	ACIA_H, 0x010041	| host ACIA: status/control
	.equ	PIT, 0x010001		| MC68230: register r at PIT + 2r
	.equ	PIT_TCR, PIT + 2 * 0x10
	.equ	PIT_TIVR, PIT + 2 * 0x11
	.equ	PIT_CPRH, PIT + 2 * 0x13
	.equ	PIT_CPRM, PIT + 2 * 0x14
	.equ	PIT_CPRL, PIT + 2 * 0x15
	.equ	PIT_TSR, PIT + 2 * 0x1A
	.equ	PIT_CNTR_MOVEP, 2 * 0x16	| MOVEP.L from PIT + this: null reg, CNTRH, CNTRM, CNTRL

	.equ	TIMER_VEC, 64		| TIVR, should the timer ever be set up vectored
	.equ	MS_CLOCKS, 125		| 4 MHz CLK / 32 = 125 kHz: 125 counter clocks a millisecond

| Monitor variables in RAM, above the vector table
	.equ	ticks, 0x400		| long: timer interrupts (milliseconds) since reset
	.equ	rxhead, 0x404		| word: ring buffer write index (receive interrupt)
	.equ	rxtail, 0x406		| word: ring buffer read index
	.equ	rxbuf, 0x410		| RXSIZE bytes
	.equ	RXSIZE, 128
	.equ	line, 0x500		| LINEMAX + 1 bytes
	.equ	LINEMAX, 72

	.text
	.long	RAMTOP			| reset SSP
	.long	start			| reset PC

start:
	move.w	#0x2700, %sr
	lea	RAMTOP, %sp
	| Vector table in RAM; the first write also uncovers RAM at 0-7.
	move.l	#RAMTOP, 0
	move.l	#start, 4
	lea	8, %a0
	move.w	#256 - 2 - 1, %d0
1:	move.l	#exception, (%a0)+
	dbra	%d0, 1b
	move.l	#timer_isr, (24 + 2) * 4	| autovector, IPL 2: PI/T timer
	move.l	#acia_isr, (24 + 5) * 4	| autovector, IPL 5: terminal ACIA
	move.l	#timer_isr, TIMER_VEC * 4
	clr.l	ticks
	clr.w	rxhead
	clr.w	rxtail
	| ACIAs: master reset, then 8 bits, no parity, 1 stop, clock / 16; the terminal
	| with its receive interrupt.
	move.b	#0x03, ACIA_T
	move.b	#0x95, ACIA_T
	move.b	#0x03, ACIA_H
	move.b	#0x15, ACIA_H
	| PI/T timer: halted, preload MS_CLOCKS - 1 (zero detect every MS_CLOCKS clocks),
	| CLK / 32, reload on zero, autovectored interrupt enabled, run.
	clr.b	PIT_TCR
	move.b	#TIMER_VEC, PIT_TIVR
	clr.b	PIT_CPRH
	clr.b	PIT_CPRM
	move.b	#MS_CLOCKS - 1, PIT_CPRL
	move.b	#0xE1, PIT_TCR
	move.w	#0x2000, %sr
	lea	banner, %a0
	bsr	puts

prompt_loop:
	lea	RAMTOP, %sp
	move.w	#0x2000, %sr
	lea	prompt, %a0
	bsr	puts
	bsr	getline
	bsr	skipsp
	tst.b	(%a0)
	beq.s	prompt_loop
	| The command word, up to 4 characters, packed into d0.
	moveq	#0, %d0
	moveq	#0, %d1
1:	move.b	(%a0), %d2
	beq.s	2f
	cmp.b	#0x20, %d2
	beq.s	2f
	addq.l	#1, %a0
	lsl.l	#8, %d0
	move.b	%d2, %d0
	addq.w	#1, %d1
	bra.s	1b
2:	cmp.w	#4, %d1
	bhi.s	unknown
	lea	commands, %a1
3:	move.l	(%a1)+, %d2
	beq.s	unknown
	move.l	(%a1)+, %a2
	cmp.l	%d2, %d0
	bne.s	3b
	jsr	(%a2)			| a0: the rest of the line
	bra.s	prompt_loop
unknown:
	lea	msg_unknown, %a0
	bsr	puts
	bra.s	prompt_loop

commands:
	.long	0x4D44, cmd_md		| "MD"
	.long	0x4D4D, cmd_mm		| "MM"
	.long	0x544D, cmd_tm		| "TM"
	.long	0x4845, cmd_he		| "HE"
	.long	0

| Commands jump to bad_arg from their own level (it returns to the prompt loop).
bad_arg:
	lea	msg_bad_arg, %a0
	bra	puts

| MD <addr> [<len>]
cmd_md:
	bsr	gethex
	tst.w	%d1
	ble.s	bad_arg
	move.l	%d0, %a3
	moveq	#0x10, %d3
	bsr	gethex
	tst.w	%d1
	bmi.s	bad_arg
	beq.s	1f
	move.l	%d0, %d3
1:	bsr	at_end
	bne.s	bad_arg
2:	tst.l	%d3
	beq.s	9f
	move.l	%a3, %d0
	moveq	#6, %d1
	bsr	puthex
	moveq	#0x20, %d0
	bsr	putc
	moveq	#15, %d4
3:	moveq	#0x20, %d0
	bsr	putc
	moveq	#0, %d0
	move.b	(%a3)+, %d0
	moveq	#2, %d1
	bsr	puthex
	subq.l	#1, %d3
	dbeq	%d4, 3b
	bsr	newline
	bra.s	2b
9:	rts

| MM <addr> <byte>
cmd_mm:
	bsr	gethex
	tst.w	%d1
	ble.s	bad_arg
	move.l	%d0, %a3
	bsr	gethex
	tst.w	%d1
	ble.s	bad_arg
	cmp.l	#0xFF, %d0
	bhi.s	bad_arg
	move.l	%d0, %d3
	bsr	at_end
	bne.s	bad_arg
	move.l	%a3, %d0
	moveq	#6, %d1
	bsr	puthex
	moveq	#0x20, %d0
	bsr	putc
	bsr	putc
	moveq	#0, %d0
	move.b	(%a3), %d0
	moveq	#2, %d1
	bsr	puthex
	lea	msg_arrow, %a0
	bsr	puts
	move.b	%d3, (%a3)
	move.b	(%a3), %d0
	bsr	puthex
	bra	newline

| TM [<ms>]
cmd_tm:
	bsr	gethex
	tst.w	%d1
	bmi	bad_arg
	bne.s	tm_wait
	bsr	at_end
	bne	bad_arg
	lea	msg_ticks, %a0
	bsr	puts
	move.l	ticks, %d0
	moveq	#8, %d1
	bsr	puthex
	lea	msg_counter, %a0
	bsr	puts
	lea	PIT, %a0
	movep.l	PIT_CNTR_MOVEP(%a0), %d0
	moveq	#6, %d1
	bsr	puthex
	bra	newline
tm_wait:
	move.l	%d0, %d3
	bsr	at_end
	bne	bad_arg
	move.l	ticks, %d4
1:	move.w	#0x2700, %sr
	move.l	ticks, %d0
	sub.l	%d4, %d0
	cmp.l	%d3, %d0
	bhs.s	2f
	stop	#0x2000			| until the next interrupt
	bra.s	1b
2:	move.w	#0x2000, %sr
	lea	msg_waited, %a0
	bsr	puts
	move.l	%d3, %d0
	moveq	#8, %d1
	bsr	puthex
	lea	msg_ms, %a0
	bra	puts

| HE
cmd_he:
	lea	msg_help, %a0
	bra	puts

| Any exception the monitor does not expect: report it and start over at the prompt.
exception:
	move.w	#0x2700, %sr
	lea	RAMTOP, %sp
	lea	msg_exception, %a0
	bsr	puts
	bra	prompt_loop

| PI/T timer zero detect: clear ZDS (the request goes away), count a millisecond.
timer_isr:
	move.b	#1, PIT_TSR
	addq.l	#1, ticks
	rte

| Terminal ACIA: reading the data register clears RDRF (and the request).
acia_isr:
	movem.l	%d0-%d1/%a0, -(%sp)
	move.b	ACIA_T, %d1
	bpl.s	9f			| IRQ bit clear: not ours
	move.b	ACIA_T_DATA, %d0
	btst	#0, %d1
	beq.s	9f
	move.w	rxhead, %d1
	lea	rxbuf, %a0
	move.b	%d0, (%a0, %d1.w)
	addq.w	#1, %d1
	and.w	#RXSIZE - 1, %d1
	cmp.w	rxtail, %d1
	beq.s	9f			| full: drop the byte
	move.w	%d1, rxhead
9:	movem.l	(%sp)+, %d0-%d1/%a0
	rte

| ---- terminal I/O ----------------------------------------------------------------------

| getc: next received byte in d0 (waits with STOP). Other registers kept.
getc:
	movem.l	%d1/%a0, -(%sp)
1:	move.w	#0x2700, %sr
	move.w	rxtail, %d1
	cmp.w	rxhead, %d1
	bne.s	2f
	stop	#0x2000			| interrupts on, wait
	bra.s	1b
2:	lea	rxbuf, %a0
	moveq	#0, %d0
	move.b	(%a0, %d1.w), %d0
	addq.w	#1, %d1
	and.w	#RXSIZE - 1, %d1
	move.w	%d1, rxtail
	move.w	#0x2000, %sr
	movem.l	(%sp)+, %d1/%a0
	rts

| putc: send d0.b when the transmit data register is empty. Registers kept.
putc:
	btst	#1, ACIA_T
	beq.s	putc
	move.b	%d0, ACIA_T_DATA
	rts

| puts: send the NUL-terminated string at a0. a0 ends past the NUL.
puts:
	move.l	%d0, -(%sp)
1:	move.b	(%a0)+, %d0
	beq.s	2f
	bsr.s	putc
	bra.s	1b
2:	move.l	(%sp)+, %d0
	rts

newline:
	lea	msg_crlf, %a0
	bra.s	puts

| puthex: d0 as d1.w (1-8) hex digits. Registers kept.
puthex:
	movem.l	%d0-%d2, -(%sp)
	move.l	%d0, %d2
	moveq	#8, %d0
	sub.w	%d1, %d0
	lsl.w	#2, %d0
	rol.l	%d0, %d2		| first digit to the top nibble
	subq.w	#1, %d1
1:	rol.l	#4, %d2
	move.b	%d2, %d0
	and.b	#0x0F, %d0
	add.b	#0x30, %d0
	cmp.b	#0x39, %d0
	bls.s	2f
	addq.b	#7, %d0
2:	bsr.s	putc
	dbra	%d1, 1b
	movem.l	(%sp)+, %d0-%d2
	rts

| getline: read a line with echo into `line` (upper case, NUL-terminated); a0 = line.
| Backspace and DEL erase, other control characters are ignored.
getline:
	lea	line, %a1
	moveq	#0, %d1
1:	bsr	getc
	cmp.b	#0x0D, %d0
	beq.s	9f
	cmp.b	#0x08, %d0
	beq.s	5f
	cmp.b	#0x7F, %d0
	beq.s	5f
	cmp.b	#0x20, %d0
	blo.s	1b
	cmp.w	#LINEMAX, %d1
	bhs.s	1b
	cmp.b	#0x61, %d0
	blo.s	2f
	cmp.b	#0x7A, %d0
	bhi.s	2f
	sub.b	#0x20, %d0
2:	move.b	%d0, (%a1, %d1.w)
	addq.w	#1, %d1
	bsr	putc
	bra.s	1b
5:	tst.w	%d1
	beq.s	1b
	subq.w	#1, %d1
	lea	msg_rubout, %a0
	bsr	puts
	bra.s	1b
9:	clr.b	(%a1, %d1.w)
	bsr	newline
	lea	line, %a0
	rts

| ---- parsing ---------------------------------------------------------------------------

| skipsp: advance a0 past spaces.
skipsp:
	cmp.b	#0x20, (%a0)
	bne.s	1f
	addq.l	#1, %a0
	bra.s	skipsp
1:	rts

| at_end: Z set when only spaces are left at a0.
at_end:
	bsr.s	skipsp
	tst.b	(%a0)
	rts

| gethex: parse a hex number at a0 (after spaces) into d0. d1.w: digit count, 0 when there is
| none, -1 when it is malformed or longer than 8 digits. a0 ends after it. d2 changed.
gethex:
	bsr.s	skipsp
	moveq	#0, %d0
	moveq	#0, %d1
1:	move.b	(%a0), %d2
	sub.b	#0x30, %d2
	blo.s	3f
	cmp.b	#9, %d2
	bls.s	2f
	subq.b	#7, %d2
	cmp.b	#0x0A, %d2
	blo.s	3f
	cmp.b	#0x0F, %d2
	bhi.s	3f
2:	lsl.l	#4, %d0
	or.b	%d2, %d0
	addq.l	#1, %a0
	addq.w	#1, %d1
	bra.s	1b
3:	cmp.w	#8, %d1
	bgt.s	8f
	move.b	(%a0), %d2
	beq.s	9f
	cmp.b	#0x20, %d2
	beq.s	9f
8:	moveq	#-1, %d1
9:	rts

| ---- text ------------------------------------------------------------------------------

banner:
	.ascii	"\r\nBBMON 1.0 - bytebos-emu monitor for the MEX68KECB\r\n"
	.asciz	"Type HE for help.\r\n"
prompt:
	.asciz	"BBMON> "
msg_unknown:
	.asciz	"ERR: unknown command (HE for help)\r\n"
msg_bad_arg:
	.asciz	"ERR: bad argument\r\n"
msg_exception:
	.asciz	"\r\nERR: unexpected exception\r\n"
msg_arrow:
	.asciz	" -> "
msg_ticks:
	.asciz	"TICKS "
msg_counter:
	.asciz	" MS, PI/T COUNTER "
msg_waited:
	.asciz	"WAITED "
msg_ms:
	.asciz	" MS\r\n"
msg_crlf:
	.asciz	"\r\n"
msg_rubout:
	.asciz	"\b \b"
msg_help:
	.ascii	"MD <addr> [<len>]  display memory\r\n"
	.ascii	"MM <addr> <byte>   modify memory\r\n"
	.ascii	"TM                 PI/T timer: ms since reset, counter\r\n"
	.ascii	"TM <ms>            wait <ms> milliseconds\r\n"
	.ascii	"HE                 this help\r\n"
	.asciz	"Numbers are hex.\r\n"
	.even
