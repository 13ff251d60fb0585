/*
 * Build-time configuration of the reference kernel. Every value may be overridden with -D.
 */
#ifndef BBOS_CFG_H
#define BBOS_CFG_H

/* Priority levels: 0 is the idle task's, BB_PRIORITIES-1 the most urgent. */
#ifndef BB_PRIORITIES
#define BB_PRIORITIES 8
#endif

/* System tick rate (the board timer interrupt). */
#ifndef BB_TICK_HZ
#define BB_TICK_HZ 100
#endif

/* Round-robin time slice among tasks of equal priority, in ticks. */
#ifndef BB_SLICE_TICKS
#define BB_SLICE_TICKS 2
#endif

/* Every stack byte is filled with this pattern at task creation. */
#ifndef BB_STACK_FILL
#define BB_STACK_FILL 0xA5
#endif

/* Bytes at the bottom of each stack that must keep the fill pattern (overflow guard). */
#ifndef BB_STACK_GUARD
#define BB_STACK_GUARD 16
#endif

/* Trace records per task by default; 0 compiles tracing out. bb_task_trace() changes it at
 * run time for one task. */
#ifndef BB_TRACE_DEPTH
#define BB_TRACE_DEPTH 4
#endif

#ifndef BB_IDLE_STACK
#define BB_IDLE_STACK 256
#endif

#endif
