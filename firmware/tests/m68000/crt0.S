/* Reset vectors and start-up for C programs on the m68000-generic board. */
	.section .vectors, "a"
	.long	0x00200000		/* initial SSP: top of RAM */
	.long	_start			/* initial PC */

	.text
	.globl	_start
_start:
	lea	__bss_start, %a0
	lea	__bss_end, %a1
1:	cmpa.l	%a1, %a0
	bcc.s	2f
	clr.b	(%a0)+
	bra.s	1b
2:	jsr	main
	move.l	%d0, 0xff0300		/* exit device: status = main's return value */
3:	bra.s	3b
