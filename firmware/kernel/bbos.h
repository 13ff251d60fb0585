/*
 * bbos.h - the bytebos-emu reference kernel: a clean-room kernel implementing the published
 * Byte-BOS object model (tasks with constructor/main/destructor, semaphores, message boxes,
 * timers, events, memory objects, devices, lists/queues/buffers).
 *
 * Portable C89. All kernel objects use fixed-width fields ordered so that every 32-bit field
 * sits at a 4-byte offset: the layouts are the same on the 68000 (2-byte alignment) and the
 * ARM7TDMI (4-byte alignment). README.md beside this file documents every offset; keep the
 * two in step (the OS-aware layer is written from the README).
 */
#ifndef BBOS_H
#define BBOS_H

#include "bbos_cfg.h"

typedef unsigned char bb_u8;
typedef unsigned short bb_u16;
typedef unsigned long bb_u32;
typedef long bb_i32;

#ifndef NULL
#define NULL ((void *)0)
#endif

/* ---- results ---------------------------------------------------------------------------- */
#define BB_OK 0
#define BB_TIMEOUT 1
#define BB_EMPTY 2
#define BB_FULL 3
#define BB_NOMEM 4
#define BB_ERROR 5

/* Timeouts are in ticks; BB_NOWAIT polls, BB_FOREVER waits without limit. */
#define BB_NOWAIT 0UL
#define BB_FOREVER 0xFFFFFFFFUL

/* ---- object header: first 16 bytes of every kernel object --------------------------------- */
#define BB_MAGIC_TASK 0x544B   /* 'TK' */
#define BB_MAGIC_SEM 0x534D    /* 'SM' */
#define BB_MAGIC_MBOX 0x4D42   /* 'MB' */
#define BB_MAGIC_TIMER 0x544D  /* 'TM' */
#define BB_MAGIC_EVENT 0x4556  /* 'EV' */
#define BB_MAGIC_MEM 0x4D45    /* 'ME' */
#define BB_MAGIC_DEVICE 0x4456 /* 'DV' */
#define BB_MAGIC_LIST 0x4C53   /* 'LS' */
#define BB_MAGIC_QUEUE 0x5155  /* 'QU' */
#define BB_MAGIC_BUFFER 0x4246 /* 'BF' */

typedef struct bb_obj {
  struct bb_obj *next;  /* +0  next object of the same type (registry list), NULL at the end */
  struct bb_obj *prev;  /* +4  previous object, NULL at the start */
  const char *name;     /* +8  NUL-terminated name */
  bb_u16 magic;         /* +12 BB_MAGIC_* */
  bb_u16 flags;         /* +14 object-specific flags */
} bb_obj;

/* Registry of all objects of one type: a doubly linked list of bb_obj headers. */
typedef struct bb_objlist {
  bb_obj *first; /* +0 */
  bb_obj *last;  /* +4 */
} bb_objlist;

/* ---- tasks --------------------------------------------------------------------------------- */
#define BB_READY 0
#define BB_RUNNING 1
#define BB_WAIT_SEM 2
#define BB_WAIT_MBOX 3
#define BB_WAIT_EVENT 4
#define BB_WAIT_TIMER 5
#define BB_SUSPENDED 6
#define BB_TERMINATED 7
#define BB_WAIT_QUEUE 8

/* task flags (header flags) */
#define BB_TF_STACK_FAULT 0x0001 /* stack overflow detected; the task was suspended */
#define BB_TF_HEAP_STACK 0x0002  /* TCB and stack were allocated from bb_heap */
#define BB_TF_IDLE 0x0004        /* the idle task */

struct bb_task;
typedef void (*bb_task_fn)(void);

/* Per-task trace record (16 bytes). */
typedef struct bb_trace_rec {
  bb_u16 call; /* +0  BB_TR_* service id */
  bb_u16 seq;  /* +2  global trace sequence number (low 16 bits) */
  bb_u32 arg0; /* +4  first parameter (object address or value) */
  bb_u32 arg1; /* +8  second parameter */
  bb_u32 ret;  /* +12 return value */
} bb_trace_rec;

#define BB_TR_SEM_DOWN 1
#define BB_TR_SEM_UP 2
#define BB_TR_MBOX_PUT 3
#define BB_TR_MBOX_GET 4
#define BB_TR_EVENT_WAIT 5
#define BB_TR_EVENT_SIGNAL 6
#define BB_TR_ALLOC 7
#define BB_TR_FREE 8
#define BB_TR_DELAY 9
#define BB_TR_YIELD 10
#define BB_TR_TASK_CREATE 11
#define BB_TR_TIMER_START 12
#define BB_TR_QUEUE_PUT 13
#define BB_TR_QUEUE_GET 14
#define BB_TR_DEV_WRITE 15
#define BB_TR_DEV_READ 16

typedef struct bb_tqueue {
  struct bb_task *first; /* +0 */
  struct bb_task *last;  /* +4 */
} bb_tqueue;

typedef struct bb_task {
  bb_obj hdr;              /* +0  registry: bb_task_list */
  struct bb_task *qnext;   /* +16 next task in the ready queue or wait list it is on */
  struct bb_task *qprev;   /* +20 */
  bb_u32 sp;               /* +24 saved stack pointer (context frame, see README) */
  bb_u32 stack_lo;         /* +28 lowest stack address (guard zone starts here) */
  bb_u32 stack_hi;         /* +32 one past the highest stack address (initial SP) */
  bb_obj *wait_obj;        /* +36 object waited on (semaphore, mbox, event, queue) or NULL */
  bb_u32 timeout;          /* +40 ticks left before a wait times out; 0 = none */
  bb_task_fn ctor;         /* +44 constructor, or NULL */
  bb_task_fn main;         /* +48 main function */
  bb_task_fn dtor;         /* +52 destructor, or NULL */
  void *data;              /* +56 this_data */
  bb_trace_rec *trace;     /* +60 trace ring, or NULL */
  bb_u16 trace_size;       /* +64 records in the ring */
  bb_u16 trace_pos;        /* +66 index of the next record to write */
  bb_u32 switches;         /* +68 times the task was switched in */
  bb_u8 priority;          /* +72 0 (idle) .. BB_PRIORITIES-1 (most urgent) */
  bb_u8 state;             /* +73 BB_READY .. */
  bb_u8 slice;             /* +74 ticks left in the round-robin time slice */
  bb_u8 wait_result;       /* +75 BB_OK / BB_TIMEOUT after a wait */
} bb_task;                 /* 76 bytes */

/* ---- waitable objects ---------------------------------------------------------------------- */
typedef struct bb_waitable {
  bb_obj hdr;          /* +0 */
  bb_tqueue waiters;   /* +16 tasks waiting, most urgent first, FIFO among equals */
} bb_waitable;

typedef struct bb_sem {
  bb_waitable w;       /* +0 */
  bb_i32 count;        /* +24 */
} bb_sem;              /* 28 bytes */

typedef struct bb_event {
  bb_waitable w;       /* +0  hdr.flags bit0: signalled while nobody waited (pending) */
  bb_u32 signals;      /* +24 number of signals so far */
} bb_event;            /* 28 bytes */
#define BB_EF_PENDING 0x0001

struct bb_mem;
typedef struct bb_msg {
  struct bb_msg *next; /* +0 */
  struct bb_msg *prev; /* +4 */
  bb_u32 len;          /* +8 bytes of data following the header */
} bb_msg;              /* 12 bytes, followed by the data */

typedef struct bb_mbox {
  bb_waitable w;       /* +0  waiters: tasks blocked in get */
  bb_msg *first;       /* +24 oldest message */
  bb_msg *last;        /* +28 newest message */
  struct bb_mem *mem;  /* +32 memory object messages are allocated from */
  bb_u16 count;        /* +36 messages queued */
  bb_u16 limit;        /* +38 maximum messages (0 = no limit) */
} bb_mbox;             /* 40 bytes */

/* ---- timers -------------------------------------------------------------------------------- */
struct bb_timer;
typedef void (*bb_timer_fn)(struct bb_timer *t, void *arg);
#define BB_TMF_ACTIVE 0x0001
#define BB_TMF_PERIODIC 0x0002

typedef struct bb_timer {
  bb_obj hdr;          /* +0  flags: BB_TMF_* */
  bb_u32 remaining;    /* +16 ticks to the next expiry */
  bb_u32 period;       /* +20 reload for periodic timers; 0 = one-shot */
  bb_timer_fn fn;      /* +24 called in the tick ISR at expiry, or NULL */
  void *arg;           /* +28 */
  bb_event *event;     /* +32 event signalled at expiry, or NULL */
  bb_u32 expiries;     /* +36 */
} bb_timer;            /* 40 bytes */

/* ---- memory objects ------------------------------------------------------------------------ */
#define BB_CHUNK_FREE 0x46524545UL /* 'FREE' */
#define BB_CHUNK_USED 0x55534544UL /* 'USED' */

typedef struct bb_chunk {
  struct bb_chunk *next; /* +0  next chunk in address order */
  struct bb_chunk *prev; /* +4 */
  bb_u32 size;           /* +8  bytes including this header (a multiple of the block size) */
  struct bb_task *owner; /* +12 task that allocated it (NULL when free or before start) */
  bb_u32 state;          /* +16 BB_CHUNK_FREE or BB_CHUNK_USED */
} bb_chunk;              /* 20 bytes, followed by the caller's memory */

typedef struct bb_mem {
  bb_obj hdr;            /* +0 */
  bb_u32 start;          /* +16 heap start address */
  bb_u32 block_size;     /* +20 allocation granule (bytes, multiple of 4) */
  bb_u32 block_count;    /* +24 blocks in the heap */
  bb_chunk *first;       /* +28 first chunk (at start) */
  bb_u32 free_bytes;     /* +32 */
  bb_u32 used_chunks;    /* +36 */
  bb_u32 errors;         /* +40 corruptions and double frees detected */
} bb_mem;                /* 44 bytes */

/* ---- lists, queues, buffers ---------------------------------------------------------------- */
typedef struct bb_node {
  struct bb_node *next; /* +0 */
  struct bb_node *prev; /* +4 */
} bb_node;

typedef struct bb_list {
  bb_obj hdr;          /* +0 */
  bb_node *first;      /* +16 */
  bb_node *last;       /* +20 */
  bb_u32 count;        /* +24 */
} bb_list;             /* 28 bytes */

typedef struct bb_queue {
  bb_waitable w;       /* +0  waiters: tasks blocked in get */
  bb_node *first;      /* +24 */
  bb_node *last;       /* +28 */
  bb_u32 count;        /* +32 */
} bb_queue;            /* 36 bytes */

typedef struct bb_buffer {
  bb_obj hdr;          /* +0 */
  bb_u8 *data;         /* +16 */
  bb_u16 size;         /* +20 capacity in bytes */
  bb_u16 head;         /* +22 index of the oldest byte */
  bb_u16 count;        /* +24 bytes held */
  bb_u16 lost;         /* +26 bytes dropped because the buffer was full */
} bb_buffer;           /* 28 bytes */

/* ---- devices ------------------------------------------------------------------------------- */
struct bb_device;
typedef struct bb_device_ops {
  void (*init)(struct bb_device *d);
  void (*putc)(struct bb_device *d, int c);
  void (*isr)(struct bb_device *d);
} bb_device_ops;

typedef struct bb_device {
  bb_obj hdr;               /* +0 */
  const bb_device_ops *ops; /* +16 */
  bb_u32 base;              /* +20 register base address */
  bb_buffer *rx;            /* +24 receive buffer */
  bb_sem *rx_sem;           /* +28 counts received bytes */
  bb_u32 tx_count;          /* +32 */
  bb_u32 rx_count;          /* +36 */
} bb_device;                /* 40 bytes */

/* ---- global roots -------------------------------------------------------------------------- */
extern bb_task *volatile bb_current;  /* the running task: this_task */
extern bb_tqueue bb_ready[BB_PRIORITIES];
extern bb_objlist bb_task_list, bb_sem_list, bb_mbox_list, bb_timer_list, bb_event_list;
extern bb_objlist bb_mem_list, bb_device_list, bb_list_list, bb_queue_list, bb_buffer_list;
extern bb_mem bb_heap;
extern volatile bb_u32 bb_ticks;
extern volatile bb_u8 bb_isr_nest;
extern bb_u8 bb_lock_nest;
extern bb_u8 bb_started;
extern bb_u16 bb_trace_seq;
extern bb_task *bb_idle_task;
extern bb_device bb_uart;
extern const char bb_banner[];
extern bb_task *bb_last_fault_task;
extern bb_u32 bb_fault_count;

#define this_task (bb_current)
#define this_data (bb_current->data)

/* ---- services ------------------------------------------------------------------------------ */
/* kernel.c */
void bb_init(void *heap_start, bb_u32 block_size, bb_u32 block_count);
void bb_start(void);
bb_task *bb_task_create(const char *name, int priority, bb_task_fn ctor, bb_task_fn main_fn,
                        bb_task_fn dtor, void *data, bb_u32 stack_size);
void bb_task_init(bb_task *t, const char *name, int priority, bb_task_fn ctor, bb_task_fn main_fn,
                  bb_task_fn dtor, void *data, void *stack, bb_u32 stack_size);
void bb_task_trace(bb_task *t, bb_trace_rec *buf, bb_u16 records);
void bb_task_exit(void);
void bb_task_yield(void);
void bb_task_delay(bb_u32 ticks);
void bb_task_suspend(bb_task *t);
void bb_task_resume(bb_task *t);
void bb_task_set_priority(bb_task *t, int priority);
void bb_lock(void);
void bb_unlock(void);
int bb_stack_check(bb_task *t);
bb_u32 bb_stack_unused(bb_task *t);
void bb_set_tick_hook(void (*hook)(void));
void bb_set_fault_hook(void (*hook)(bb_task *t, const char *what, bb_u32 addr));
void bb_fault(bb_task *t, const char *what, bb_u32 addr);
void bb_trace(bb_u16 call, bb_u32 a0, bb_u32 a1, bb_u32 ret);

void bb_sem_init(bb_sem *s, const char *name, bb_i32 count);
int bb_sem_down(bb_sem *s, bb_u32 timeout);
void bb_sem_up(bb_sem *s);

void bb_event_init(bb_event *e, const char *name);
int bb_event_wait(bb_event *e, bb_u32 timeout);
void bb_event_signal(bb_event *e);

void bb_timer_init(bb_timer *t, const char *name, bb_timer_fn fn, void *arg, bb_event *ev);
void bb_timer_start(bb_timer *t, bb_u32 ticks, bb_u32 period);
void bb_timer_stop(bb_timer *t);

/* mem.c */
void bb_mem_init(bb_mem *m, const char *name, void *start, bb_u32 block_size, bb_u32 block_count);
void *bb_mem_alloc(bb_mem *m, bb_u32 size);
int bb_mem_free(bb_mem *m, void *p);
int bb_mem_check(bb_mem *m);
void *alloc_fmem(bb_u32 size);
int free_fmem(void *p);

/* mbox.c */
void bb_mbox_init(bb_mbox *b, const char *name, bb_mem *mem, bb_u16 limit);
int bb_mbox_put(bb_mbox *b, const void *data, bb_u32 len);
int bb_mbox_get(bb_mbox *b, void *buf, bb_u32 max, bb_u32 *len, bb_u32 timeout);

/* list.c */
void bb_list_init(bb_list *l, const char *name);
void bb_list_add_tail(bb_list *l, bb_node *n);
void bb_list_add_head(bb_list *l, bb_node *n);
void bb_list_remove(bb_list *l, bb_node *n);
bb_node *bb_list_pop(bb_list *l);
void bb_queue_init(bb_queue *q, const char *name);
void bb_queue_put(bb_queue *q, bb_node *n);
bb_node *bb_queue_get(bb_queue *q, bb_u32 timeout);
void bb_buffer_init(bb_buffer *b, const char *name, bb_u8 *data, bb_u16 size);
int bb_buffer_put(bb_buffer *b, bb_u8 c);
int bb_buffer_get(bb_buffer *b);

/* device.c */
void bb_device_init(bb_device *d, const char *name, const bb_device_ops *ops, bb_u32 base,
                    bb_buffer *rx, bb_sem *rx_sem);
void bb_dev_putc(bb_device *d, int c);
void bb_dev_write(bb_device *d, const char *s);
int bb_dev_getc(bb_device *d, bb_u32 timeout);
extern const bb_device_ops bb_uart_ops;
void bb_uart_isr(void);

/* kprintf.c: formatted output to the UART device (%s %d %u %x %c %p, width, '0' pad) */
void bb_printf(const char *fmt, ...);
void bb_puts(const char *s);

/* klib.c */
void *memcpy(void *d, const void *s, unsigned long n);
void *memset(void *d, int c, unsigned long n);
int bb_strcmp(const char *a, const char *b);

/* internal (kernel.c), used by the other kernel files */
void bb_obj_register(bb_objlist *l, bb_obj *o, const char *name, bb_u16 magic);
void bb_block(bb_waitable *w, int state, bb_u32 timeout);
void bb_wake(bb_task *t, int result);
void bb_reschedule(void);
void bb_tick(void);

/* port (per CPU) */
bb_u32 port_irq_save(void);
void port_irq_restore(bb_u32 flags);
void port_yield(void);
void port_start_first(bb_u32 sp);
bb_u32 port_init_frame(bb_task *t);
void port_timer_start(void);
void port_exit(bb_u32 status);
void port_idle(void);
void port_init(void);
#ifdef BB_HEAP_LIMIT
bb_u32 BB_HEAP_LIMIT(void *start, bb_u32 block_size, bb_u32 block_count); /* blocks that fit */
#endif
/* kernel entry points used by the ports' assembly */
bb_u32 bb_switch_context(bb_u32 sp); /* interrupts disabled; returns the SP to restore */
int bb_isr_need_switch(void);        /* EXIT_ISR: nonzero when the outermost ISR must switch */
void bb_task_entry(void);

#endif
