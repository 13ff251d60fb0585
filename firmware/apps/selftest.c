/*
 * selftest - kernel tests that run inside the emulator. A test task at the highest priority
 * runs each case and prints "ok N - name" or "not ok N - name: why"; the image ends through
 * the exit device with status 0 only when every case holds (1 otherwise).
 */
#include "bbos.h"

extern char __heap_start[];

#define STACK 768

static int failures, count;
static const char *why;
static const char *skip; /* set by a case that could not run; reported as a TAP SKIP */
static bb_sem done;

#define CHECK(cond, msg) \
  do { \
    if (!(cond)) { \
      why = (msg); \
      return 0; \
    } \
  } while (0)

static void report(const char *name, int ok)
{
  count++;
  if (ok && skip) {
    bb_printf("ok %d - %s # SKIP %s\n", count, name, skip);
    skip = NULL;
  } else if (ok) {
    bb_printf("ok %d - %s\n", count, name);
  } else {
    failures++;
    bb_printf("not ok %d - %s: %s\n", count, name, why);
  }
}

static void wait_done(int n)
{
  while (n--)
    bb_sem_down(&done, BB_FOREVER);
}

/* The fault hook records instead of printing: some cases provoke faults on purpose. */
static bb_task *fault_task;
static const char *fault_what;
static bb_u32 fault_addr, faults_seen;

static void fault_hook(bb_task *t, const char *what, bb_u32 addr)
{
  fault_task = t;
  fault_what = what;
  fault_addr = addr;
  faults_seen++;
}

/* ---- 1: scheduling order ------------------------------------------------------------------- */
static char order[16];
static int order_n;

static void mark(char c)
{
  bb_u32 f = port_irq_save();
  if (order_n < 15)
    order[order_n++] = c;
  order[order_n] = 0;
  port_irq_restore(f);
}

static void mark_l(void) { mark('L'); bb_sem_up(&done); }
static void mark_m(void) { mark('M'); bb_sem_up(&done); }
static void mark_h(void) { mark('H'); bb_sem_up(&done); }
static void mark_b(void) { mark('b'); bb_sem_up(&done); }

static void preempt_low(void)
{
  mark('a');
  bb_task_create("st-high", 4, NULL, mark_b, NULL, NULL, STACK); /* runs at once */
  mark('c');
  bb_sem_up(&done);
}

static int test_order(void)
{
  order_n = 0;
  bb_lock();
  bb_task_create("st-low", 2, NULL, mark_l, NULL, NULL, STACK);
  bb_task_create("st-mid", 3, NULL, mark_m, NULL, NULL, STACK);
  bb_task_create("st-high", 4, NULL, mark_h, NULL, NULL, STACK);
  bb_unlock();
  wait_done(3);
  CHECK(bb_strcmp(order, "HML") == 0, "ready tasks did not run most urgent first");
  order_n = 0;
  bb_task_create("st-low", 2, NULL, preempt_low, NULL, NULL, STACK);
  wait_done(2);
  CHECK(bb_strcmp(order, "abc") == 0, "a more urgent task did not pre-empt its creator");
  return 1;
}

/* ---- 2: round robin ------------------------------------------------------------------------ */
static volatile int rr_last = -1;
static volatile bb_u32 rr_switches;
static bb_u32 rr_runs[2];

static void rr_task(void)
{
  int id = *(int *)this_data;
  bb_u32 until = bb_ticks + 12;
  while ((bb_i32)(bb_ticks - until) < 0) {
    if (rr_last != id) {
      rr_last = id;
      rr_switches++;
      rr_runs[id]++;
    }
  }
  bb_sem_up(&done);
}

static int test_round_robin(void)
{
  static int ids[2] = { 0, 1 };
  bb_task_create("rr-0", 2, NULL, rr_task, NULL, &ids[0], STACK);
  bb_task_create("rr-1", 2, NULL, rr_task, NULL, &ids[1], STACK);
  wait_done(2);
  CHECK(rr_runs[0] >= 2 && rr_runs[1] >= 2, "equal-priority tasks did not take turns");
  CHECK(rr_switches >= 4, "too few time-slice switches");
  return 1;
}

/* ---- 3: semaphore timeout ------------------------------------------------------------------ */
static bb_sem tsem;

static void sem_giver(void)
{
  bb_task_delay(3);
  bb_sem_up(&tsem);
}

static int test_sem_timeout(void)
{
  bb_u32 t0;
  int r;
  bb_sem_init(&tsem, "st-sem", 0);
  bb_task_delay(1);
  t0 = bb_ticks;
  r = bb_sem_down(&tsem, 5);
  CHECK(r == BB_TIMEOUT, "down on an empty semaphore did not time out");
  CHECK(bb_ticks - t0 == 5, "timeout did not last 5 ticks");
  CHECK(bb_sem_down(&tsem, BB_NOWAIT) == BB_TIMEOUT, "poll of an empty semaphore succeeded");
  bb_sem_up(&tsem);
  CHECK(tsem.count == 1, "up without waiters did not count");
  CHECK(bb_sem_down(&tsem, BB_NOWAIT) == BB_OK, "poll of a counted semaphore failed");
  bb_task_create("st-giver", 3, NULL, sem_giver, NULL, NULL, STACK);
  t0 = bb_ticks;
  r = bb_sem_down(&tsem, 20);
  CHECK(r == BB_OK, "an up did not wake the waiter");
  CHECK(bb_ticks - t0 >= 3 && bb_ticks - t0 <= 4, "the waiter woke at the wrong time");
  CHECK(tsem.count == 0 && tsem.w.waiters.first == NULL, "semaphore state wrong after hand-over");
  return 1;
}

/* ---- 4: message FIFO ----------------------------------------------------------------------- */
static bb_mbox fbox;

static int test_fifo(void)
{
  static const char *const msgs[5] = { "one", "two two", "three three three", "4", "five!" };
  char buf[32];
  bb_u32 len, before;
  int i, k;
  bb_mbox_init(&fbox, "st-fifo", &bb_heap, 4);
  before = bb_heap.free_bytes;
  for (i = 0; i < 4; i++) {
    for (k = 0; msgs[i][k]; k++) {
    }
    CHECK(bb_mbox_put(&fbox, msgs[i], (bb_u32)k + 1) == BB_OK, "put failed");
  }
  CHECK(bb_mbox_put(&fbox, msgs[4], 6) == BB_FULL, "put beyond the limit did not report full");
  CHECK(fbox.count == 4 && bb_heap.free_bytes < before, "messages not allocated on put");
  for (i = 0; i < 4; i++) {
    CHECK(bb_mbox_get(&fbox, buf, sizeof(buf), &len, BB_NOWAIT) == BB_OK, "get failed");
    CHECK(bb_strcmp(buf, msgs[i]) == 0, "messages out of order");
  }
  CHECK(bb_heap.free_bytes == before, "message memory not freed on get");
  CHECK(fbox.first == NULL && fbox.last == NULL && fbox.count == 0, "box not empty");
  CHECK(bb_mbox_get(&fbox, buf, sizeof(buf), &len, 2) == BB_TIMEOUT, "get from an empty box did not time out");
  return 1;
}

/* ---- 5: heap coalescing and errors --------------------------------------------------------- */
static bb_mem tmem;
static bb_u32 tmem_area[256]; /* 1 KB: 64 blocks of 16 bytes */

static int chunks(bb_mem *m)
{
  int n = 0;
  bb_chunk *c;
  for (c = m->first; c; c = c->next)
    n++;
  return n;
}

static int test_heap(void)
{
  void *a, *b, *c, *d, *big;
  bb_mem_init(&tmem, "st-heap", tmem_area, 16, 64);
  a = bb_mem_alloc(&tmem, 40);
  b = bb_mem_alloc(&tmem, 100);
  c = bb_mem_alloc(&tmem, 10);
  d = bb_mem_alloc(&tmem, 200);
  CHECK(a && b && c && d, "allocation failed");
  CHECK(((bb_chunk *)a - 1)->size == 64 && ((bb_chunk *)b - 1)->size == 128, "sizes not rounded to blocks");
  CHECK(((bb_chunk *)a - 1)->owner == this_task, "owner not recorded");
  CHECK(chunks(&tmem) == 5, "chunk list wrong after allocations");
  bb_mem_free(&tmem, b);
  bb_mem_free(&tmem, c);
  CHECK(chunks(&tmem) == 4 && ((bb_chunk *)b - 1)->size == 128 + 32, "freed neighbours not merged");
  bb_mem_free(&tmem, a);
  CHECK(chunks(&tmem) == 3 && tmem.first->size == 64 + 128 + 32, "merge with the previous chunk failed");
  bb_mem_free(&tmem, d);
  CHECK(chunks(&tmem) == 1 && tmem.first->size == 1024 && tmem.free_bytes == 1024, "heap did not coalesce to one chunk");
  big = bb_mem_alloc(&tmem, 1024 - sizeof(bb_chunk));
  CHECK(big != NULL && tmem.free_bytes == 0, "whole-heap allocation failed");
  CHECK(bb_mem_alloc(&tmem, 1) == NULL, "allocation from a full heap succeeded");
  bb_mem_free(&tmem, big);
  faults_seen = 0;
  a = bb_mem_alloc(&tmem, 16);
  b = bb_mem_alloc(&tmem, 16);
  bb_mem_free(&tmem, a);
  CHECK(bb_mem_free(&tmem, a) == BB_ERROR && faults_seen == 1, "double free not detected");
  ((bb_chunk *)b - 1)->size = 12345;
  CHECK(bb_mem_check(&tmem) == 1 && faults_seen == 2 && fault_addr == (bb_u32)((bb_chunk *)b - 1),
        "corrupted chunk header not detected");
  CHECK(tmem.errors == 2, "heap error count wrong");
  CHECK(bb_mem_check(&bb_heap) == 0, "system heap inconsistent");
  return 1;
}

/* ---- 6: timer periods ---------------------------------------------------------------------- */
static bb_timer periodic, oneshot, evtimer;
static bb_event tev;
static bb_u32 callback_runs;

static void count_cb(bb_timer *t, void *arg)
{
  (void)t;
  *(bb_u32 *)arg += 1;
}

static int test_timers(void)
{
  bb_u32 t0;
  bb_timer_init(&periodic, "st-periodic", count_cb, &callback_runs, NULL);
  bb_timer_init(&oneshot, "st-oneshot", NULL, NULL, NULL);
  bb_event_init(&tev, "st-timer-ev");
  bb_timer_init(&evtimer, "st-ev-timer", NULL, NULL, &tev);
  bb_task_delay(1);
  bb_timer_start(&periodic, 3, 3);
  bb_timer_start(&oneshot, 7, 0);
  bb_task_delay(20);
  CHECK(periodic.expiries == 6 && callback_runs == 6, "periodic timer count wrong after 20 ticks");
  CHECK(oneshot.expiries == 1 && !(oneshot.hdr.flags & BB_TMF_ACTIVE), "one-shot timer wrong");
  CHECK((periodic.hdr.flags & BB_TMF_ACTIVE) && periodic.remaining == 1, "periodic timer phase wrong");
  bb_timer_stop(&periodic);
  t0 = bb_ticks;
  bb_timer_start(&evtimer, 4, 0);
  CHECK(bb_event_wait(&tev, 10) == BB_OK, "timer event not signalled");
  CHECK(bb_ticks - t0 == 4, "timer event at the wrong tick");
  return 1;
}

/* ---- 7: events from an ISR, task life cycle, lists -------------------------------------------- */
static bb_event isr_event;
static volatile int hook_countdown;

static void tick_hook(void)
{
  if (hook_countdown > 0 && --hook_countdown == 0)
    bb_event_signal(&isr_event);
}

static int test_isr_event(void)
{
  bb_u32 t0;
  bb_event_init(&isr_event, "st-isr-ev");
  bb_set_tick_hook(tick_hook);
  bb_task_delay(1);
  t0 = bb_ticks;
  hook_countdown = 3;
  CHECK(bb_event_wait(&isr_event, 10) == BB_OK, "ISR signal did not wake the task");
  CHECK(bb_ticks - t0 == 3, "woken at the wrong tick");
  CHECK(isr_event.signals == 1, "signal count wrong");
  bb_event_signal(&isr_event);
  CHECK(isr_event.w.hdr.flags & BB_EF_PENDING, "signal without waiters not kept pending");
  CHECK(bb_event_wait(&isr_event, BB_NOWAIT) == BB_OK, "pending signal lost");
  CHECK(bb_event_wait(&isr_event, BB_NOWAIT) == BB_TIMEOUT, "pending signal not consumed");
  bb_set_tick_hook(NULL);
  return 1;
}

static bb_task *life;

static void life_ctor(void) { mark('C'); }
static void life_main(void) { mark('M'); }
static void life_dtor(void) { mark('D'); bb_sem_up(&done); }

static int test_life_cycle(void)
{
  order_n = 0;
  life = bb_task_create("st-life", 3, life_ctor, life_main, life_dtor, NULL, STACK);
  wait_done(1);
  bb_task_delay(1);
  CHECK(bb_strcmp(order, "CMD") == 0, "constructor, main, destructor not run in order");
  CHECK(life->state == BB_TERMINATED, "finished task not terminated");
  CHECK(life->trace && life->trace_size == BB_TRACE_DEPTH, "no trace buffer");
  return 1;
}

static bb_list lst;
static bb_queue que;
static bb_buffer buf;
static bb_u8 buf_data[4];

static int test_lists(void)
{
  bb_node n1, n2, n3;
  bb_list_init(&lst, "st-list");
  bb_list_add_tail(&lst, &n1);
  bb_list_add_tail(&lst, &n2);
  bb_list_add_head(&lst, &n3);
  CHECK(lst.first == &n3 && n3.next == &n1 && n1.next == &n2 && n2.prev == &n1 && lst.last == &n2, "list links wrong");
  bb_list_remove(&lst, &n1);
  CHECK(n3.next == &n2 && n2.prev == &n3 && lst.count == 2, "remove wrong");
  CHECK(bb_list_pop(&lst) == &n3 && bb_list_pop(&lst) == &n2 && bb_list_pop(&lst) == NULL, "pop wrong");
  bb_queue_init(&que, "st-queue");
  bb_queue_put(&que, &n1);
  bb_queue_put(&que, &n2);
  CHECK(bb_queue_get(&que, BB_NOWAIT) == &n1 && bb_queue_get(&que, 1) == &n2, "queue not FIFO");
  CHECK(bb_queue_get(&que, 2) == NULL, "get from an empty queue did not time out");
  bb_buffer_init(&buf, "st-buffer", buf_data, sizeof(buf_data));
  bb_buffer_put(&buf, 1);
  bb_buffer_put(&buf, 2);
  bb_buffer_put(&buf, 3);
  CHECK(bb_buffer_get(&buf) == 1, "buffer order");
  bb_buffer_put(&buf, 4);
  bb_buffer_put(&buf, 5);
  CHECK(bb_buffer_put(&buf, 6) == BB_FULL && buf.lost == 1, "full buffer not reported");
  CHECK(bb_buffer_get(&buf) == 2 && bb_buffer_get(&buf) == 3 && bb_buffer_get(&buf) == 4 &&
        bb_buffer_get(&buf) == 5 && bb_buffer_get(&buf) == -1, "buffer wrap-around wrong");
  return 1;
}

/* ---- 8: stack overflow detection ----------------------------------------------------------- */
/* The task's stack sits above a pad that absorbs the overshoot before detection. */
static bb_u32 ovf_area[(512 + 512) / 4];
static bb_task ovf_task;
static volatile bb_u32 ovf_depth;

static bb_u32 dig(bb_u32 depth)
{
  volatile bb_u8 local[48];
  local[0] = (bb_u8)depth;
  local[47] = (bb_u8)depth;
  ovf_depth = depth;
  bb_task_delay(1);
  if (depth < 64)
    return dig(depth + 1) + local[0] + local[47];
  return local[0];
}

static void ovf_main(void)
{
  dig(1);
}

static int test_stack_overflow(void)
{
  int i;
  faults_seen = 0;
  fault_task = NULL;
  bb_task_init(&ovf_task, "st-overflow", 3, NULL, ovf_main, NULL, NULL, (bb_u8 *)ovf_area + 512, 512);
  for (i = 0; i < 80 && !(ovf_task.hdr.flags & BB_TF_STACK_FAULT); i++)
    bb_task_delay(1);
  CHECK(ovf_task.hdr.flags & BB_TF_STACK_FAULT, "overflow not detected");
  CHECK(fault_task == &ovf_task && faults_seen == 1, "overflow not reported for the task");
  CHECK(ovf_task.state == BB_SUSPENDED, "overflowing task not stopped");
  CHECK(ovf_depth > 3 && ovf_depth < 20, "detected at an unexpected depth");
  CHECK(bb_stack_unused(&ovf_task) < BB_STACK_GUARD, "guard zone not reached");
  return 1;
}

/* ---- 11: UART reception (interrupt driven) ------------------------------------------------- */
/* Expects the line "ping\n" on the serial input (the test suite sends it); without input the
 * case is reported as skipped. */
static int test_uart_rx(void)
{
  char line[16];
  int n = 0, c;
  bb_u32 rx0 = bb_uart.rx_count - bb_uart.rx->count;
  c = bb_dev_getc(&bb_uart, 20);
  if (c < 0) {
    skip = "no serial input";
    return 1;
  }
  while (c >= 0 && c != '\n' && n < 15) {
    line[n++] = (char)c;
    c = bb_dev_getc(&bb_uart, 20);
  }
  line[n] = 0;
  CHECK(c == '\n', "line not terminated");
  CHECK(bb_strcmp(line, "ping") == 0, "wrong bytes received");
  CHECK(bb_uart.rx_count - rx0 == 5 && bb_uart.rx->count == 0 && bb_uart.rx->lost == 0, "receive counts wrong");
  CHECK(bb_uart.rx_sem->count == 0, "receive semaphore out of step");
  return 1;
}

/* ---- 10: 32-bit multiply/divide (the 68000 build uses the kernel's own helpers) -------- */
static volatile bb_u32 ua, ub;
static volatile bb_i32 sa, sb;

static bb_u32 udiv(bb_u32 a, bb_u32 b) { ua = a; ub = b; return ua / ub; }
static bb_u32 umod(bb_u32 a, bb_u32 b) { ua = a; ub = b; return ua % ub; }
static bb_i32 sdiv(bb_i32 a, bb_i32 b) { sa = a; sb = b; return sa / sb; }
static bb_i32 smod(bb_i32 a, bb_i32 b) { sa = a; sb = b; return sa % sb; }
static bb_i32 smul(bb_i32 a, bb_i32 b) { sa = a; sb = b; return sa * sb; }

static int test_arith(void)
{
  CHECK((bb_u32)smul(0x12345678L, (bb_i32)0x9abcdef1UL) == 0x366176f8UL, "multiply (low 32 bits)");
  CHECK(smul(-7, 6) == -42 && smul(-7, -6) == 42, "signed multiply");
  CHECK(udiv(0xFFFFFFFFUL, 10) == 429496729UL && umod(0xFFFFFFFFUL, 10) == 5, "unsigned divide by a 16-bit divisor");
  CHECK(udiv(0xFFFFFFFFUL, 0x10001UL) == 65535UL && umod(0xFFFFFFFFUL, 0x10001UL) == 0, "divisor just above 16 bits");
  CHECK(udiv(0xF0000000UL, 0x80000001UL) == 1 && umod(0xF0000000UL, 0x80000001UL) == 0x6FFFFFFFUL, "divisor above 2^31");
  CHECK(udiv(123456789UL, 100000UL) == 1234 && umod(123456789UL, 100000UL) == 56789UL, "32-bit divisor");
  CHECK(udiv(0x87654321UL, 0xFFFF) == 34661UL && umod(0x87654321UL, 0xFFFF) == 51846UL, "quotient above 16 bits");
  CHECK(sdiv(-100, 7) == -14 && smod(-100, 7) == -2, "negative dividend");
  CHECK(sdiv(100, -7) == -14 && smod(100, -7) == 2, "negative divisor");
  CHECK(sdiv(-100, -7) == 14 && smod(-100, -7) == -2, "both negative");
  return 1;
}

/* ---- runner -------------------------------------------------------------------------------- */
static void tester(void)
{
  bb_set_fault_hook(fault_hook);
  report("scheduling order and pre-emption", test_order());
  report("round robin among equal priorities", test_round_robin());
  report("semaphore timeout and hand-over", test_sem_timeout());
  report("message box FIFO, limit and memory", test_fifo());
  report("heap coalescing, double free, corruption", test_heap());
  report("timer periods and timer events", test_timers());
  report("event signalled from an ISR", test_isr_event());
  report("task life cycle and trace buffer", test_life_cycle());
  report("lists, queues and buffers", test_lists());
  report("stack overflow detection", test_stack_overflow());
  report("32-bit multiply and divide", test_arith());
  report("UART receive through the device's ISR, buffer and semaphore", test_uart_rx());
  bb_printf("selftest: %d passed, %d failed\n", count - failures, failures);
  port_exit(failures ? 1 : 0);
}

int main(void)
{
  bb_init(__heap_start, 16, 4096);
  bb_puts(bb_banner);
  bb_sem_init(&done, "st-done", 0);
  bb_task_create("tester", 6, NULL, tester, NULL, NULL, 1024);
  bb_start();
  return 0;
}
