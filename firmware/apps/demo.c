/*
 * demo - the bundled default image: the kernel's object model at work, with a deterministic
 * log. A supervisor task runs the scenes one after another so that what is printed does not
 * depend on how fast the CPU is:
 *
 *   1 producer/consumer through a message box (two tasks at different priorities)
 *   2 two workers of equal priority sharing a counter under a semaphore (round robin)
 *   3 a task that allocates and frees heap chunks of varying sizes (coalescing)
 *   4 a task with constructor, main and destructor that finishes
 *   5 a periodic timer waking a heartbeat task, and the tick ISR signalling an event
 *
 * then prints the task table and ends through the exit device with status 0.
 */
#include "bbos.h"

extern char __heap_start[];

#define HEAP_BLOCK 16
#define HEAP_BLOCKS 4096
#define STACK 1024

static bb_sem done;      /* scene tasks signal the supervisor */
static bb_mbox box;
static bb_sem counter_lock;
static bb_timer heartbeat_timer;
static bb_event heartbeat_ev;
static bb_event isr_ev;

/* ---- scene 1: producer / consumer ---------------------------------------------------------- */
#define MESSAGES 5

static void producer(void)
{
  int i;
  char msg[24];
  for (i = 1; i <= MESSAGES; i++) {
    int n = 0;
    const char *w = "reading #";
    while (*w)
      msg[n++] = *w++;
    msg[n++] = (char)('0' + i);
    msg[n++] = 0;
    bb_printf("producer: put \"%s\"\n", msg);
    bb_mbox_put(&box, msg, (bb_u32)n);
    bb_task_delay(2);
  }
  bb_sem_up(&done);
}

static void consumer(void)
{
  int i;
  char buf[32];
  bb_u32 len;
  for (i = 1; i <= MESSAGES; i++) {
    if (bb_mbox_get(&box, buf, sizeof(buf), &len, BB_FOREVER) == BB_OK)
      bb_printf("consumer: got \"%s\" (%u bytes, %u queued)\n", buf, len, (bb_u32)box.count);
  }
  bb_sem_up(&done);
}

/* ---- scene 2: workers sharing a counter ---------------------------------------------------- */
#define ROUNDS 40
static volatile bb_u32 counter;
static volatile bb_u32 work_sink;
static bb_u32 worker_rounds[2];
static volatile int last_worker = -1;
static bb_u32 handovers;

static void worker(void)
{
  int id = *(int *)this_data;
  int i, k;
  for (i = 0; i < ROUNDS; i++) {
    bb_u32 v;
    bb_sem_down(&counter_lock, BB_FOREVER);
    v = counter;
    for (k = 0; k < 800; k++) /* long enough for time slices to end inside and outside */
      work_sink += (bb_u32)k;
    counter = v + 1;
    bb_sem_up(&counter_lock);
    worker_rounds[id]++;
    if (last_worker != id) {
      if (last_worker >= 0)
        handovers++;
      last_worker = id;
    }
    for (k = 0; k < 800; k++)
      work_sink += (bb_u32)k;
  }
  bb_sem_up(&done);
}

/* ---- scene 3: heap chunks of varying sizes ------------------------------------------------- */
static void heap_user(void)
{
  static const bb_u32 sizes[6] = { 24, 200, 60, 1000, 8, 333 };
  void *p[6];
  bb_u32 before = bb_heap.free_bytes;
  int i;
  for (i = 0; i < 6; i++) {
    p[i] = alloc_fmem(sizes[i]);
    bb_printf("heap: alloc %4u -> heap+0x%04x (chunk %u bytes)\n", sizes[i],
              (bb_u32)p[i] - bb_heap.start, ((bb_chunk *)p[i] - 1)->size);
  }
  free_fmem(p[1]);
  free_fmem(p[3]);
  bb_printf("heap: freed 200 and 1000: %u bytes free\n", bb_heap.free_bytes);
  free_fmem(p[2]); /* merges with both free neighbours */
  bb_printf("heap: freed 60, chunk at heap+0x%04x now %u bytes\n",
            (bb_u32)p[1] - bb_heap.start, ((bb_chunk *)p[1] - 1)->size);
  p[1] = alloc_fmem(1200);
  bb_printf("heap: alloc 1200 -> heap+0x%04x (reuses the merged chunk)\n", (bb_u32)p[1] - bb_heap.start);
  free_fmem(p[1]);
  free_fmem(p[0]);
  free_fmem(p[4]);
  free_fmem(p[5]);
  bb_printf("heap: all freed: %u bytes free (%s), check %s\n", bb_heap.free_bytes,
            bb_heap.free_bytes == before ? "as before" : "LEAK", bb_mem_check(&bb_heap) ? "FAILED" : "ok");
  bb_sem_up(&done);
}

/* ---- scene 4: a task that finishes ---------------------------------------------------------- */
static void finisher_ctor(void)
{
  bb_printf("finisher: constructor (data \"%s\")\n", (const char *)this_data);
}

static void finisher_main(void)
{
  bb_printf("finisher: main\n");
}

static void finisher_dtor(void)
{
  bb_printf("finisher: destructor\n");
  bb_sem_up(&done);
}

/* ---- scene 5: heartbeat timer and an ISR-signalled event ----------------------------------- */
#define BEATS 4
static volatile bb_u32 hook_ticks;
static volatile int hook_armed;
static bb_u32 scene_start;

/* Runs inside the tick ISR: every 7th tick since arming, signal isr_ev. */
static void tick_hook(void)
{
  if (hook_armed && ++hook_ticks % 7 == 0)
    bb_event_signal(&isr_ev);
}

static void heartbeat(void)
{
  int i;
  for (i = 1; i <= BEATS; i++) {
    bb_event_wait(&heartbeat_ev, BB_FOREVER);
    bb_printf("heartbeat %d at tick +%u\n", i, bb_ticks - scene_start);
  }
  bb_timer_stop(&heartbeat_timer);
  bb_sem_up(&done);
}

static void isr_listener(void)
{
  int i;
  for (i = 1; i <= 3; i++) {
    bb_event_wait(&isr_ev, BB_FOREVER);
    bb_printf("isr event %d at tick +%u\n", i, bb_ticks - scene_start);
  }
  hook_armed = 0;
  bb_sem_up(&done);
}

/* ---- supervisor ---------------------------------------------------------------------------- */
static const char *const state_names[] = {
  "ready", "running", "wait-sem", "wait-mbox", "wait-event", "wait-timer", "suspended",
  "terminated", "wait-queue",
};

static void wait_done(int n)
{
  while (n--)
    bb_sem_down(&done, BB_FOREVER);
}

static void supervisor(void)
{
  static int ids[2] = { 0, 1 };
  bb_obj *o;

  bb_printf("\n== scene 1: producer/consumer through message box '%s'\n", box.w.hdr.name);
  bb_task_create("consumer", 4, NULL, consumer, NULL, NULL, STACK);
  bb_task_create("producer", 3, NULL, producer, NULL, NULL, STACK);
  wait_done(2);

  bb_printf("\n== scene 2: two workers at equal priority share a counter\n");
  bb_task_create("worker-a", 2, NULL, worker, NULL, &ids[0], STACK);
  bb_task_create("worker-b", 2, NULL, worker, NULL, &ids[1], STACK);
  wait_done(2);
  bb_printf("workers: counter = %u (expected %u), rounds %u + %u, %s\n", counter, 2UL * ROUNDS,
            worker_rounds[0], worker_rounds[1], handovers > 0 ? "interleaved by time slices" : "NOT interleaved");

  bb_printf("\n== scene 3: heap chunks of varying sizes\n");
  bb_task_create("heap-user", 3, NULL, heap_user, NULL, NULL, STACK);
  wait_done(1);

  bb_printf("\n== scene 4: a task runs constructor, main and destructor, then ends\n");
  bb_task_create("finisher", 3, finisher_ctor, finisher_main, finisher_dtor, (void *)"hello", STACK);
  wait_done(1);

  bb_printf("\n== scene 5: heartbeat every 5 ticks, tick ISR event every 7 ticks\n");
  bb_task_create("heartbeat", 5, NULL, heartbeat, NULL, NULL, STACK);
  bb_task_create("isr-listener", 4, NULL, isr_listener, NULL, NULL, STACK);
  bb_task_delay(1); /* start both on a tick boundary */
  bb_lock();
  scene_start = bb_ticks;
  hook_ticks = 0;
  hook_armed = 1;
  bb_timer_start(&heartbeat_timer, 5, 5);
  bb_unlock();
  wait_done(2);

  bb_task_delay(1); /* let the last scene tasks finish */
  bb_printf("\n== tasks\n");
  for (o = bb_task_list.first; o; o = o->next) {
    bb_task *t = (bb_task *)o;
    bb_printf("  %-12s prio %u  %s\n", o->name, (bb_u32)t->priority, state_names[t->state]);
  }
  bb_printf("\ndemo: complete, %u faults\n", bb_fault_count);
  port_exit(bb_fault_count ? 1 : 0);
}

int main(void)
{
  bb_init(__heap_start, HEAP_BLOCK, HEAP_BLOCKS);
  bb_puts(bb_banner);
  bb_sem_init(&done, "done", 0);
  bb_mbox_init(&box, "readings", &bb_heap, 8);
  bb_sem_init(&counter_lock, "counter", 1);
  bb_event_init(&heartbeat_ev, "heartbeat");
  bb_event_init(&isr_ev, "isr-event");
  bb_timer_init(&heartbeat_timer, "heartbeat", NULL, NULL, &heartbeat_ev);
  bb_set_tick_hook(tick_hook);
  bb_task_create("supervisor", 6, NULL, supervisor, NULL, NULL, STACK);
  bb_start();
  return 0;
}
