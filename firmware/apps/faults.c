/*
 * faults - scenarios the OS-aware layer and the debugger must diagnose. Each scenario runs in
 * its own task; the kernel reports what it detects on the UART, and the damage is left in
 * place for inspection. Afterwards the system keeps running (idle task and a heartbeat).
 *
 *   stack overflow   task 'overflow' recurses until the kernel detects the overflow and
 *                    suspends it (flag BB_TF_STACK_FAULT)
 *   corrupt header   task 'scribbler' overruns a buffer in memory object 'scratch' and
 *                    clobbers the next chunk's header; bb_mem_check reports it
 *   double free      task 'double-free' frees the same chunk of the system heap twice
 *   deadlock         tasks 'left' and 'right' each hold one semaphore and wait forever for
 *                    the other's
 */
#include "bbos.h"

extern char __heap_start[];

#define STACK 768

static bb_sem step, lock_a, lock_b;
static bb_mem scratch;
static bb_u32 scratch_area[128]; /* 512 bytes: 32 blocks of 16 */
/* The overflow task's 384-byte stack sits above a 512-byte pad that absorbs the overshoot. */
static bb_u32 overflow_area[(512 + 384) / 4];
static bb_task overflow_task;
static bb_timer beat_timer;
static bb_event beat;

static bb_u32 dig(bb_u32 depth)
{
  volatile bb_u8 local[48];
  local[0] = (bb_u8)depth;
  local[47] = (bb_u8)depth;
  bb_task_delay(1);
  return depth < 64 ? dig(depth + 1) + local[0] + local[47] : local[0];
}

static void overflow_main(void)
{
  bb_printf("overflow: recursing\n");
  dig(1);
}

static void scribbler(void)
{
  bb_u8 *a = (bb_u8 *)bb_mem_alloc(&scratch, 24);
  bb_u8 *b = (bb_u8 *)bb_mem_alloc(&scratch, 24);
  int i;
  bb_printf("scribbler: writing 40 bytes into a 24-byte chunk\n");
  for (i = 0; i < 40; i++)
    a[i] = 0x55; /* runs over the rest of a's chunk and into b's header */
  bb_mem_check(&scratch);
  (void)b;
  bb_sem_up(&step);
}

static void double_free(void)
{
  void *p = alloc_fmem(48);
  bb_printf("double-free: freeing a 48-byte chunk twice\n");
  free_fmem(p);
  free_fmem(p);
  bb_sem_up(&step);
}

static void left(void)
{
  bb_sem_down(&lock_a, BB_FOREVER);
  bb_task_delay(2);
  bb_printf("left: holds A, waiting for B\n");
  bb_sem_down(&lock_b, BB_FOREVER);
  bb_printf("left: got B (not expected)\n");
}

static void right(void)
{
  bb_sem_down(&lock_b, BB_FOREVER);
  bb_task_delay(2);
  bb_printf("right: holds B, waiting for A\n");
  bb_sem_down(&lock_a, BB_FOREVER);
  bb_printf("right: got A (not expected)\n");
}

static void heartbeat(void)
{
  bb_u32 n = 0;
  for (;;) {
    bb_event_wait(&beat, BB_FOREVER);
    n++;
  }
}

static void director(void)
{
  int i;
  bb_printf("faults: stack overflow\n");
  bb_task_init(&overflow_task, "overflow", 3, NULL, overflow_main, NULL, NULL, (bb_u8 *)overflow_area + 512,
               384);
  for (i = 0; i < 80 && !(overflow_task.hdr.flags & BB_TF_STACK_FAULT); i++)
    bb_task_delay(1);

  bb_printf("faults: corrupted heap chunk header\n");
  bb_task_create("scribbler", 3, NULL, scribbler, NULL, NULL, STACK);
  bb_sem_down(&step, BB_FOREVER);

  bb_printf("faults: double free\n");
  bb_task_create("double-free", 3, NULL, double_free, NULL, NULL, STACK);
  bb_sem_down(&step, BB_FOREVER);

  bb_printf("faults: deadlock\n");
  bb_task_create("left", 3, NULL, left, NULL, NULL, STACK);
  bb_task_create("right", 3, NULL, right, NULL, NULL, STACK);
  bb_task_delay(5);

  bb_printf("faults: all scenarios in place (%u faults reported); system left running\n", bb_fault_count);
  bb_timer_start(&beat_timer, 10, 10);
  bb_task_suspend(this_task);
}

int main(void)
{
  bb_init(__heap_start, 16, 4096);
  bb_puts(bb_banner);
  bb_sem_init(&step, "step", 0);
  bb_sem_init(&lock_a, "A", 1);
  bb_sem_init(&lock_b, "B", 1);
  bb_mem_init(&scratch, "scratch", scratch_area, 16, 32);
  bb_event_init(&beat, "beat");
  bb_timer_init(&beat_timer, "beat", NULL, NULL, &beat);
  bb_task_create("heartbeat", 2, NULL, heartbeat, NULL, NULL, STACK);
  bb_task_create("director", 6, NULL, director, NULL, NULL, 1024);
  bb_start();
  return 0;
}
