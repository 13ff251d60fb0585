/*
 * list.c - List (doubly linked list of caller nodes), Queue (FIFO of nodes a task can wait
 * on) and Buffer (byte ring) objects.
 */
#include "bbos.h"

void bb_list_init(bb_list *l, const char *name)
{
  l->first = NULL;
  l->last = NULL;
  l->count = 0;
  bb_obj_register(&bb_list_list, &l->hdr, name, BB_MAGIC_LIST);
  l->hdr.flags = 0;
}

static void nodes_add_tail(bb_node **first, bb_node **last, bb_node *n)
{
  n->next = NULL;
  n->prev = *last;
  if (*last)
    (*last)->next = n;
  else
    *first = n;
  *last = n;
}

static void nodes_remove(bb_node **first, bb_node **last, bb_node *n)
{
  if (n->prev)
    n->prev->next = n->next;
  else
    *first = n->next;
  if (n->next)
    n->next->prev = n->prev;
  else
    *last = n->prev;
  n->next = NULL;
  n->prev = NULL;
}

void bb_list_add_tail(bb_list *l, bb_node *n)
{
  bb_u32 f = port_irq_save();
  nodes_add_tail(&l->first, &l->last, n);
  l->count++;
  port_irq_restore(f);
}

void bb_list_add_head(bb_list *l, bb_node *n)
{
  bb_u32 f = port_irq_save();
  n->prev = NULL;
  n->next = l->first;
  if (l->first)
    l->first->prev = n;
  else
    l->last = n;
  l->first = n;
  l->count++;
  port_irq_restore(f);
}

void bb_list_remove(bb_list *l, bb_node *n)
{
  bb_u32 f = port_irq_save();
  nodes_remove(&l->first, &l->last, n);
  l->count--;
  port_irq_restore(f);
}

bb_node *bb_list_pop(bb_list *l)
{
  bb_node *n;
  bb_u32 f = port_irq_save();
  n = l->first;
  if (n) {
    nodes_remove(&l->first, &l->last, n);
    l->count--;
  }
  port_irq_restore(f);
  return n;
}

void bb_queue_init(bb_queue *q, const char *name)
{
  q->w.waiters.first = NULL;
  q->w.waiters.last = NULL;
  q->first = NULL;
  q->last = NULL;
  q->count = 0;
  bb_obj_register(&bb_queue_list, &q->w.hdr, name, BB_MAGIC_QUEUE);
  q->w.hdr.flags = 0;
}

void bb_queue_put(bb_queue *q, bb_node *n)
{
  bb_u32 f = port_irq_save();
  nodes_add_tail(&q->first, &q->last, n);
  q->count++;
  if (q->w.waiters.first) {
    bb_wake(q->w.waiters.first, BB_OK);
    bb_reschedule();
  }
  port_irq_restore(f);
  bb_trace(BB_TR_QUEUE_PUT, (bb_u32)q, (bb_u32)n, 0);
}

bb_node *bb_queue_get(bb_queue *q, bb_u32 timeout)
{
  bb_node *n = NULL;
  bb_u32 f = port_irq_save();
  for (;;) {
    if (q->first) {
      n = q->first;
      nodes_remove(&q->first, &q->last, n);
      q->count--;
      break;
    }
    if (timeout == BB_NOWAIT || bb_isr_nest)
      break;
    bb_block(&q->w, BB_WAIT_QUEUE, timeout);
    if (bb_current->wait_result != BB_OK)
      break;
  }
  port_irq_restore(f);
  bb_trace(BB_TR_QUEUE_GET, (bb_u32)q, timeout, (bb_u32)n);
  return n;
}

void bb_buffer_init(bb_buffer *b, const char *name, bb_u8 *data, bb_u16 size)
{
  b->data = data;
  b->size = size;
  b->head = 0;
  b->count = 0;
  b->lost = 0;
  bb_obj_register(&bb_buffer_list, &b->hdr, name, BB_MAGIC_BUFFER);
  b->hdr.flags = 0;
}

/* BB_OK, or BB_FULL (the byte is counted in `lost`). Usable from ISRs. */
int bb_buffer_put(bb_buffer *b, bb_u8 c)
{
  int r = BB_OK;
  bb_u32 f = port_irq_save();
  if (b->count >= b->size) {
    b->lost++;
    r = BB_FULL;
  } else {
    bb_u16 i = (bb_u16)(b->head + b->count);
    if (i >= b->size)
      i = (bb_u16)(i - b->size);
    b->data[i] = c;
    b->count++;
  }
  port_irq_restore(f);
  return r;
}

/* The oldest byte, or -1 when empty. */
int bb_buffer_get(bb_buffer *b)
{
  int c = -1;
  bb_u32 f = port_irq_save();
  if (b->count) {
    c = b->data[b->head];
    if (++b->head >= b->size)
      b->head = 0;
    b->count--;
  }
  port_irq_restore(f);
  return c;
}
