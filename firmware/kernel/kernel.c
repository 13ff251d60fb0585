/*
 * kernel.c - tasks, scheduling, semaphores, events, timers, the tick, faults and tracing.
 *
 * Scheduling: pre-emptive by priority; tasks of equal priority share the CPU in round-robin
 * time slices. Each priority has a doubly linked ready queue; the running task stays at the
 * head of its queue (state BB_RUNNING). A task that waits is on its object's wait list
 * (most urgent first, FIFO among equals) and, when it waits with a timeout, counts down
 * in `timeout` at each tick.
 *
 * Every service that changes scheduling state runs with interrupts disabled and ends with
 * bb_reschedule(): from a task this switches at once through port_yield(); inside an ISR the
 * port's EXIT_ISR switches when the outermost ISR returns.
 */
#include <stddef.h>
#include "bbos.h"

bb_task *volatile bb_current;
bb_tqueue bb_ready[BB_PRIORITIES];
bb_objlist bb_task_list, bb_sem_list, bb_mbox_list, bb_timer_list, bb_event_list;
bb_objlist bb_mem_list, bb_device_list, bb_list_list, bb_queue_list, bb_buffer_list;
volatile bb_u32 bb_ticks;
volatile bb_u8 bb_isr_nest;
bb_u8 bb_lock_nest;
bb_u8 bb_started;
bb_u16 bb_trace_seq;
bb_task *bb_idle_task;
bb_task *bb_last_fault_task;
bb_u32 bb_fault_count;

static void (*tick_hook)(void);
static void (*fault_hook)(bb_task *t, const char *what, bb_u32 addr);

#define STACK_FILL32 ((bb_u32)BB_STACK_FILL * 0x01010101UL)

/* ---- registries and task queues ------------------------------------------------------------ */

void bb_obj_register(bb_objlist *l, bb_obj *o, const char *name, bb_u16 magic)
{
  bb_u32 f = port_irq_save();
  o->name = name;
  o->magic = magic;
  o->next = NULL;
  o->prev = l->last;
  if (l->last)
    l->last->next = o;
  else
    l->first = o;
  l->last = o;
  port_irq_restore(f);
}

static void tq_append(bb_tqueue *q, bb_task *t)
{
  t->qnext = NULL;
  t->qprev = q->last;
  if (q->last)
    q->last->qnext = t;
  else
    q->first = t;
  q->last = t;
}

static void tq_insert_prio(bb_tqueue *q, bb_task *t)
{
  bb_task *p = q->first;
  while (p && p->priority >= t->priority)
    p = p->qnext;
  if (!p) {
    tq_append(q, t);
    return;
  }
  t->qnext = p;
  t->qprev = p->qprev;
  if (p->qprev)
    p->qprev->qnext = t;
  else
    q->first = t;
  p->qprev = t;
}

static void tq_remove(bb_tqueue *q, bb_task *t)
{
  if (t->qprev)
    t->qprev->qnext = t->qnext;
  else
    q->first = t->qnext;
  if (t->qnext)
    t->qnext->qprev = t->qprev;
  else
    q->last = t->qprev;
  t->qnext = NULL;
  t->qprev = NULL;
}

static void make_ready(bb_task *t)
{
  t->state = BB_READY;
  tq_append(&bb_ready[t->priority], t);
}

static void unready(bb_task *t)
{
  tq_remove(&bb_ready[t->priority], t);
}

/* Leaves the wait list the task is on, if any. */
static void unwait(bb_task *t)
{
  if (t->wait_obj)
    tq_remove(&((bb_waitable *)t->wait_obj)->waiters, t);
  t->wait_obj = NULL;
  t->timeout = 0;
}

static int is_ready(bb_task *t)
{
  return t->state == BB_READY || t->state == BB_RUNNING;
}

static int is_waiting(bb_task *t)
{
  return (t->state >= BB_WAIT_SEM && t->state <= BB_WAIT_TIMER) || t->state == BB_WAIT_QUEUE;
}

static bb_task *highest(void)
{
  int p;
  for (p = BB_PRIORITIES - 1; p >= 0; p--)
    if (bb_ready[p].first)
      return bb_ready[p].first;
  return NULL;
}

/* ---- scheduling ---------------------------------------------------------------------------- */

static int switch_wanted(void)
{
  bb_task *cur = bb_current;
  if (!bb_started)
    return 0;
  if (bb_lock_nest && cur->state == BB_RUNNING)
    return 0;
  return highest() != cur;
}

void bb_reschedule(void)
{
  if (bb_isr_nest)
    return; /* EXIT_ISR switches when the outermost ISR returns */
  if (switch_wanted())
    port_yield();
}

/* Called by the port's EXIT_ISR (interrupts disabled, nesting already decremented). */
int bb_isr_need_switch(void)
{
  return bb_isr_nest == 0 && switch_wanted();
}

static void stack_fault(bb_task *t)
{
  t->hdr.flags |= BB_TF_STACK_FAULT;
  if (is_ready(t))
    unready(t);
  else
    unwait(t);
  t->state = BB_SUSPENDED;
  bb_fault(t, "stack overflow", t->stack_lo);
}

/*
 * The context switch proper, called by the port with interrupts disabled and the outgoing
 * task's context saved at `sp`. Returns the stack pointer of the context to restore.
 */
bb_u32 bb_switch_context(bb_u32 sp)
{
  bb_task *cur = bb_current;
  bb_task *n;
  cur->sp = sp;
  if (cur->state == BB_RUNNING)
    cur->state = BB_READY;
  if (!(cur->hdr.flags & BB_TF_STACK_FAULT) && cur->state != BB_TERMINATED && bb_stack_check(cur))
    stack_fault(cur);
  n = highest();
  n->state = BB_RUNNING;
  n->switches++;
  if (n->slice == 0)
    n->slice = BB_SLICE_TICKS;
  bb_current = n;
  return n->sp;
}

void bb_lock(void)
{
  bb_u32 f = port_irq_save();
  bb_lock_nest++;
  port_irq_restore(f);
}

void bb_unlock(void)
{
  bb_u32 f = port_irq_save();
  if (bb_lock_nest && --bb_lock_nest == 0)
    bb_reschedule();
  port_irq_restore(f);
}

/* ---- tasks --------------------------------------------------------------------------------- */

/* First code every task runs: constructor, main, destructor, then termination. */
void bb_task_entry(void)
{
  bb_task *t = bb_current;
  if (t->ctor)
    t->ctor();
  t->main();
  if (t->dtor)
    t->dtor();
  bb_task_exit();
}

void bb_task_init(bb_task *t, const char *name, int priority, bb_task_fn ctor, bb_task_fn main_fn,
                  bb_task_fn dtor, void *data, void *stack, bb_u32 stack_size)
{
  bb_u32 f;
  bb_u32 lo = ((bb_u32)stack + 3) & ~3UL;
  bb_u32 hi = ((bb_u32)stack + stack_size) & ~3UL;
  bb_u16 keep = t->hdr.flags & BB_TF_HEAP_STACK;
  memset(t, 0, sizeof(*t));
  t->hdr.flags = keep;
  if (priority < 0)
    priority = 0;
  if (priority >= BB_PRIORITIES)
    priority = BB_PRIORITIES - 1;
  t->priority = (bb_u8)priority;
  t->ctor = ctor;
  t->main = main_fn;
  t->dtor = dtor;
  t->data = data;
  t->stack_lo = lo;
  t->stack_hi = hi;
  t->slice = BB_SLICE_TICKS;
  memset((void *)lo, BB_STACK_FILL, hi - lo);
  t->sp = port_init_frame(t);
  bb_obj_register(&bb_task_list, &t->hdr, name, BB_MAGIC_TASK);
  f = port_irq_save();
  make_ready(t);
  bb_reschedule();
  port_irq_restore(f);
}

bb_task *bb_task_create(const char *name, int priority, bb_task_fn ctor, bb_task_fn main_fn,
                        bb_task_fn dtor, void *data, bb_u32 stack_size)
{
  bb_u32 trace_bytes = (bb_u32)BB_TRACE_DEPTH * sizeof(bb_trace_rec);
  bb_u8 *p = (bb_u8 *)alloc_fmem(sizeof(bb_task) + trace_bytes + stack_size);
  bb_task *t = (bb_task *)p;
  if (!p)
    return NULL;
  ((bb_chunk *)p - 1)->owner = t; /* the chunk holds the task itself: TCB, trace ring, stack */
  t->hdr.flags = BB_TF_HEAP_STACK;
#if BB_TRACE_DEPTH
  /* The trace ring is attached before the task can run: set it up in a locked section. */
  bb_lock();
  bb_task_init(t, name, priority, ctor, main_fn, dtor, data, p + sizeof(bb_task) + trace_bytes, stack_size);
  bb_task_trace(t, (bb_trace_rec *)(p + sizeof(bb_task)), BB_TRACE_DEPTH);
  bb_trace(BB_TR_TASK_CREATE, (bb_u32)t, (bb_u32)priority, (bb_u32)t);
  bb_unlock();
#else
  bb_task_init(t, name, priority, ctor, main_fn, dtor, data, p + sizeof(bb_task), stack_size);
#endif
  return t;
}

void bb_task_trace(bb_task *t, bb_trace_rec *buf, bb_u16 records)
{
  bb_u32 f = port_irq_save();
  t->trace = records ? buf : NULL;
  t->trace_size = records;
  t->trace_pos = 0;
  if (buf)
    memset(buf, 0, (bb_u32)records * sizeof(bb_trace_rec));
  port_irq_restore(f);
}

void bb_task_exit(void)
{
  bb_task *t;
  port_irq_save();
  t = bb_current;
  unready(t);
  t->state = BB_TERMINATED;
  bb_reschedule();
  for (;;) {
  }
}

void bb_task_yield(void)
{
  bb_u32 f = port_irq_save();
  bb_task *t = bb_current;
  bb_tqueue *q = &bb_ready[t->priority];
  if (q->first != q->last) {
    tq_remove(q, t);
    tq_append(q, t);
    t->slice = BB_SLICE_TICKS;
  }
  bb_reschedule();
  port_irq_restore(f);
  bb_trace(BB_TR_YIELD, 0, 0, 0);
}

void bb_task_delay(bb_u32 ticks)
{
  bb_u32 f;
  if (ticks == 0) {
    bb_task_yield();
    return;
  }
  f = port_irq_save();
  unready(bb_current);
  bb_current->state = BB_WAIT_TIMER;
  bb_current->wait_obj = NULL;
  bb_current->timeout = ticks;
  bb_reschedule();
  port_irq_restore(f);
  bb_trace(BB_TR_DELAY, ticks, 0, 0);
}

void bb_task_suspend(bb_task *t)
{
  bb_u32 f = port_irq_save();
  if (is_ready(t)) {
    unready(t);
    t->state = BB_SUSPENDED;
  } else if (is_waiting(t)) {
    unwait(t);
    t->wait_result = BB_ERROR;
    t->state = BB_SUSPENDED;
  }
  bb_reschedule();
  port_irq_restore(f);
}

void bb_task_resume(bb_task *t)
{
  bb_u32 f = port_irq_save();
  if (t->state == BB_SUSPENDED && !(t->hdr.flags & BB_TF_STACK_FAULT)) {
    make_ready(t);
    bb_reschedule();
  }
  port_irq_restore(f);
}

void bb_task_set_priority(bb_task *t, int priority)
{
  bb_u32 f = port_irq_save();
  if (priority < 0)
    priority = 0;
  if (priority >= BB_PRIORITIES)
    priority = BB_PRIORITIES - 1;
  if (is_ready(t)) {
    bb_u8 st = t->state;
    unready(t);
    t->priority = (bb_u8)priority;
    make_ready(t);
    t->state = st;
  } else if (t->wait_obj) {
    bb_tqueue *q = &((bb_waitable *)t->wait_obj)->waiters;
    tq_remove(q, t);
    t->priority = (bb_u8)priority;
    tq_insert_prio(q, t);
  } else {
    t->priority = (bb_u8)priority;
  }
  bb_reschedule();
  port_irq_restore(f);
}

/* 0 when the stack is sound; 1 when the saved SP is out of bounds or the guard zone changed. */
int bb_stack_check(bb_task *t)
{
  const bb_u32 *g = (const bb_u32 *)t->stack_lo;
  int i;
  if (t->sp < t->stack_lo + BB_STACK_GUARD || t->sp > t->stack_hi)
    return 1;
  for (i = 0; i < BB_STACK_GUARD / 4; i++)
    if (g[i] != STACK_FILL32)
      return 1;
  return 0;
}

/* Bytes at the bottom of the stack that still hold the fill pattern (never used). */
bb_u32 bb_stack_unused(bb_task *t)
{
  const bb_u8 *p = (const bb_u8 *)t->stack_lo;
  bb_u32 n = 0;
  while (t->stack_lo + n < t->stack_hi && p[n] == BB_STACK_FILL)
    n++;
  return n;
}

/* ---- waiting ------------------------------------------------------------------------------- */

/* Blocks the running task on `w` (interrupts disabled). The result is in wait_result. */
void bb_block(bb_waitable *w, int state, bb_u32 timeout)
{
  bb_task *t = bb_current;
  unready(t);
  t->state = (bb_u8)state;
  t->wait_obj = &w->hdr;
  t->timeout = timeout == BB_FOREVER ? 0 : timeout;
  t->wait_result = BB_TIMEOUT;
  tq_insert_prio(&w->waiters, t);
  bb_reschedule();
}

/* Makes a waiting task ready with `result` (interrupts disabled; the caller reschedules). */
void bb_wake(bb_task *t, int result)
{
  unwait(t);
  t->wait_result = (bb_u8)result;
  make_ready(t);
}

/* ---- semaphores ---------------------------------------------------------------------------- */

void bb_sem_init(bb_sem *s, const char *name, bb_i32 count)
{
  s->w.waiters.first = NULL;
  s->w.waiters.last = NULL;
  s->count = count;
  bb_obj_register(&bb_sem_list, &s->w.hdr, name, BB_MAGIC_SEM);
}

int bb_sem_down(bb_sem *s, bb_u32 timeout)
{
  int r;
  bb_u32 f = port_irq_save();
  if (s->count > 0) {
    s->count--;
    r = BB_OK;
  } else if (timeout == BB_NOWAIT || bb_isr_nest) {
    r = BB_TIMEOUT;
  } else {
    bb_block(&s->w, BB_WAIT_SEM, timeout);
    r = bb_current->wait_result;
  }
  port_irq_restore(f);
  bb_trace(BB_TR_SEM_DOWN, (bb_u32)s, timeout, (bb_u32)r);
  return r;
}

void bb_sem_up(bb_sem *s)
{
  bb_u32 f = port_irq_save();
  bb_task *t = s->w.waiters.first;
  if (t) {
    bb_wake(t, BB_OK); /* the unit passes straight to the most urgent waiter */
    bb_reschedule();
  } else {
    s->count++;
  }
  port_irq_restore(f);
  bb_trace(BB_TR_SEM_UP, (bb_u32)s, 0, 0);
}

/* ---- events -------------------------------------------------------------------------------- */

void bb_event_init(bb_event *e, const char *name)
{
  e->w.waiters.first = NULL;
  e->w.waiters.last = NULL;
  e->signals = 0;
  bb_obj_register(&bb_event_list, &e->w.hdr, name, BB_MAGIC_EVENT);
  e->w.hdr.flags = 0;
}

int bb_event_wait(bb_event *e, bb_u32 timeout)
{
  int r;
  bb_u32 f = port_irq_save();
  if (e->w.hdr.flags & BB_EF_PENDING) {
    e->w.hdr.flags &= ~BB_EF_PENDING;
    r = BB_OK;
  } else if (timeout == BB_NOWAIT || bb_isr_nest) {
    r = BB_TIMEOUT;
  } else {
    bb_block(&e->w, BB_WAIT_EVENT, timeout);
    r = bb_current->wait_result;
  }
  port_irq_restore(f);
  bb_trace(BB_TR_EVENT_WAIT, (bb_u32)e, timeout, (bb_u32)r);
  return r;
}

/* Schedules every task waiting on the event; with none waiting the event stays pending. */
void bb_event_signal(bb_event *e)
{
  bb_u32 f = port_irq_save();
  e->signals++;
  if (!e->w.waiters.first)
    e->w.hdr.flags |= BB_EF_PENDING;
  while (e->w.waiters.first)
    bb_wake(e->w.waiters.first, BB_OK);
  bb_reschedule();
  port_irq_restore(f);
  bb_trace(BB_TR_EVENT_SIGNAL, (bb_u32)e, 0, 0);
}

/* ---- timers -------------------------------------------------------------------------------- */

void bb_timer_init(bb_timer *t, const char *name, bb_timer_fn fn, void *arg, bb_event *ev)
{
  t->remaining = 0;
  t->period = 0;
  t->fn = fn;
  t->arg = arg;
  t->event = ev;
  t->expiries = 0;
  bb_obj_register(&bb_timer_list, &t->hdr, name, BB_MAGIC_TIMER);
  t->hdr.flags = 0;
}

/* Expires after `ticks` (at least 1), then every `period` ticks when period is not 0. */
void bb_timer_start(bb_timer *t, bb_u32 ticks, bb_u32 period)
{
  bb_u32 f = port_irq_save();
  t->remaining = ticks ? ticks : 1;
  t->period = period;
  t->hdr.flags = BB_TMF_ACTIVE | (period ? BB_TMF_PERIODIC : 0);
  port_irq_restore(f);
  bb_trace(BB_TR_TIMER_START, (bb_u32)t, ticks, period);
}

void bb_timer_stop(bb_timer *t)
{
  bb_u32 f = port_irq_save();
  t->hdr.flags &= ~BB_TMF_ACTIVE;
  port_irq_restore(f);
}

/* ---- the tick (timer ISR) ------------------------------------------------------------------ */

void bb_set_tick_hook(void (*hook)(void))
{
  tick_hook = hook;
}

void bb_tick(void)
{
  bb_obj *o, *next;
  bb_task *cur = bb_current;
  bb_ticks++;
  for (o = bb_task_list.first; o; o = next) {
    bb_task *t = (bb_task *)o;
    next = o->next;
    if (t->timeout && is_waiting(t) && --t->timeout == 0)
      bb_wake(t, BB_TIMEOUT);
  }
  for (o = bb_timer_list.first; o; o = o->next) {
    bb_timer *tm = (bb_timer *)o;
    if ((o->flags & BB_TMF_ACTIVE) && --tm->remaining == 0) {
      tm->expiries++;
      if (o->flags & BB_TMF_PERIODIC)
        tm->remaining = tm->period;
      else
        o->flags &= ~BB_TMF_ACTIVE;
      if (tm->fn)
        tm->fn(tm, tm->arg);
      if (tm->event)
        bb_event_signal(tm->event);
    }
  }
  if (cur && cur->state == BB_RUNNING) {
    const bb_u32 *g = (const bb_u32 *)cur->stack_lo;
    int i;
    for (i = 0; i < BB_STACK_GUARD / 4; i++)
      if (g[i] != STACK_FILL32)
        break;
    if (i < BB_STACK_GUARD / 4) {
      stack_fault(cur);
    } else if (cur->slice && --cur->slice == 0) {
      bb_tqueue *q = &bb_ready[cur->priority];
      cur->slice = BB_SLICE_TICKS;
      if (q->first != q->last) {
        tq_remove(q, cur);
        tq_append(q, cur);
      }
    }
  }
  if (tick_hook)
    tick_hook();
}

/* ---- faults and tracing -------------------------------------------------------------------- */

void bb_set_fault_hook(void (*hook)(bb_task *t, const char *what, bb_u32 addr))
{
  fault_hook = hook;
}

void bb_fault(bb_task *t, const char *what, bb_u32 addr)
{
#ifdef BB_ADDR_MASK
  if (!fault_hook) /* print the address bits only (H8/300: gcc sign-extends 16-bit pointers) */
    addr &= BB_ADDR_MASK;
#endif
  bb_fault_count++;
  bb_last_fault_task = t;
  if (fault_hook)
    fault_hook(t, what, addr);
  else
    bb_printf("*** FAULT: %s in task '%s' at 0x%x\n", what, t ? t->hdr.name : "-", addr);
}

void bb_trace(bb_u16 call, bb_u32 a0, bb_u32 a1, bb_u32 ret)
{
#if BB_TRACE_DEPTH
  bb_task *t = bb_current;
  bb_trace_rec *r;
  bb_u32 f;
  if (!t || !t->trace || bb_isr_nest)
    return;
  f = port_irq_save();
  r = &t->trace[t->trace_pos];
  r->call = call;
  r->seq = ++bb_trace_seq;
  r->arg0 = a0;
  r->arg1 = a1;
  r->ret = ret;
  if (++t->trace_pos >= t->trace_size)
    t->trace_pos = 0;
  port_irq_restore(f);
#else
  (void)call;
  (void)a0;
  (void)a1;
  (void)ret;
#endif
}

/* ---- start-up ------------------------------------------------------------------------------ */

static void idle_main(void)
{
  for (;;)
    port_idle();
}

void bb_init(void *heap_start, bb_u32 block_size, bb_u32 block_count)
{
#ifdef BB_HEAP_LIMIT
  /* a port with little RAM (H8/300) clips the heap the application asks for */
  block_count = BB_HEAP_LIMIT(heap_start, block_size, block_count);
#endif
  bb_mem_init(&bb_heap, "heap", heap_start, block_size, block_count);
  port_init();
}

/* Starts multitasking; never returns. */
void bb_start(void)
{
  bb_task *n;
  port_irq_save();
  bb_idle_task = bb_task_create("idle", 0, NULL, idle_main, NULL, NULL, BB_IDLE_STACK);
  bb_idle_task->hdr.flags |= BB_TF_IDLE;
  n = highest();
  n->state = BB_RUNNING;
  n->switches++;
  bb_current = n;
  bb_started = 1;
  port_timer_start();
  port_start_first(n->sp);
}

/* ---- layout checks: README.md documents these sizes and offsets for the OS-aware layer ----
 * (for 32-bit pointers; an H8/300 build has 16-bit pointers and its own layouts) */
#ifndef __H8300__
#define BB_OFFSET(type, field) offsetof(type, field)
#define BB_ASSERT(name, cond) typedef char bb_layout_##name[(cond) ? 1 : -1]
BB_ASSERT(obj, sizeof(bb_obj) == 16);
BB_ASSERT(task, sizeof(bb_task) == 76 && BB_OFFSET(bb_task, sp) == 24 && BB_OFFSET(bb_task, data) == 56 &&
                    BB_OFFSET(bb_task, trace) == 60 && BB_OFFSET(bb_task, priority) == 72);
BB_ASSERT(sem, sizeof(bb_sem) == 28 && BB_OFFSET(bb_sem, count) == 24);
BB_ASSERT(event, sizeof(bb_event) == 28);
BB_ASSERT(mbox, sizeof(bb_mbox) == 40 && BB_OFFSET(bb_mbox, limit) == 38);
BB_ASSERT(msg, sizeof(bb_msg) == 12);
BB_ASSERT(timer, sizeof(bb_timer) == 40 && BB_OFFSET(bb_timer, expiries) == 36);
BB_ASSERT(mem, sizeof(bb_mem) == 44 && BB_OFFSET(bb_mem, errors) == 40);
BB_ASSERT(chunk, sizeof(bb_chunk) == 20);
BB_ASSERT(list, sizeof(bb_list) == 28);
BB_ASSERT(queue, sizeof(bb_queue) == 36);
BB_ASSERT(buffer, sizeof(bb_buffer) == 28 && BB_OFFSET(bb_buffer, lost) == 26);
BB_ASSERT(device, sizeof(bb_device) == 40 && BB_OFFSET(bb_device, rx_count) == 36);
BB_ASSERT(trace, sizeof(bb_trace_rec) == 16);
#endif
