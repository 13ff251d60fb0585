/*
 * mbox.c - message boxes: a FIFO of messages whose memory is allocated from the box's memory
 * object on put and freed on get. A task getting from an empty box waits (with a timeout).
 */
#include "bbos.h"

void bb_mbox_init(bb_mbox *b, const char *name, bb_mem *mem, bb_u16 limit)
{
  b->w.waiters.first = NULL;
  b->w.waiters.last = NULL;
  b->first = NULL;
  b->last = NULL;
  b->mem = mem ? mem : &bb_heap;
  b->count = 0;
  b->limit = limit;
  bb_obj_register(&bb_mbox_list, &b->w.hdr, name, BB_MAGIC_MBOX);
  b->w.hdr.flags = 0;
}

int bb_mbox_put(bb_mbox *b, const void *data, bb_u32 len)
{
  int r = BB_OK;
  bb_u32 f;
  bb_msg *m = (bb_msg *)bb_mem_alloc(b->mem, sizeof(bb_msg) + len);
  if (!m) {
    r = BB_NOMEM;
  } else {
    memcpy(m + 1, data, len);
    m->len = len;
    f = port_irq_save();
    if (b->limit && b->count >= b->limit) {
      r = BB_FULL;
    } else {
      m->next = NULL;
      m->prev = b->last;
      if (b->last)
        b->last->next = m;
      else
        b->first = m;
      b->last = m;
      b->count++;
      if (b->w.waiters.first) {
        bb_wake(b->w.waiters.first, BB_OK);
        bb_reschedule();
      }
    }
    port_irq_restore(f);
    if (r != BB_OK)
      bb_mem_free(b->mem, m);
  }
  bb_trace(BB_TR_MBOX_PUT, (bb_u32)b, len, (bb_u32)r);
  return r;
}

/* Copies up to `max` bytes of the oldest message to buf; *len gets the message's length. */
int bb_mbox_get(bb_mbox *b, void *buf, bb_u32 max, bb_u32 *len, bb_u32 timeout)
{
  bb_msg *m;
  int r = BB_OK;
  bb_u32 f = port_irq_save();
  while (!b->first) {
    if (timeout == BB_NOWAIT || bb_isr_nest) {
      r = BB_EMPTY;
      break;
    }
    bb_block(&b->w, BB_WAIT_MBOX, timeout);
    if (bb_current->wait_result != BB_OK) {
      r = BB_TIMEOUT;
      break;
    }
  }
  if (r != BB_OK) {
    port_irq_restore(f);
    bb_trace(BB_TR_MBOX_GET, (bb_u32)b, timeout, (bb_u32)r);
    return r;
  }
  m = b->first;
  b->first = m->next;
  if (m->next)
    m->next->prev = NULL;
  else
    b->last = NULL;
  b->count--;
  port_irq_restore(f);
  memcpy(buf, m + 1, m->len < max ? m->len : max);
  if (len)
    *len = m->len;
  bb_mem_free(b->mem, m);
  bb_trace(BB_TR_MBOX_GET, (bb_u32)b, timeout, (bb_u32)r);
  return r;
}
