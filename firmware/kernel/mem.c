/*
 * mem.c - memory objects: a heap of block_count blocks of block_size bytes, carved into
 * chunks kept in one doubly linked list in address order. Every chunk starts with a 20-byte
 * header (next, prev, size, owner, state); chunks are contiguous, so a sound header always
 * has next == (char *)chunk + size. Freeing merges a chunk with free neighbours.
 */
#include "bbos.h"

bb_mem bb_heap;

#define CHUNK_MERGED 0x44454144UL /* 'DEAD': header absorbed into its free predecessor */

void bb_mem_init(bb_mem *m, const char *name, void *start, bb_u32 block_size, bb_u32 block_count)
{
  bb_chunk *c;
  bb_u32 a = ((bb_u32)start + 3) & ~3UL;
  block_size = (block_size + 3) & ~3UL;
  if (block_size < 8)
    block_size = 8;
  m->start = a;
  m->block_size = block_size;
  m->block_count = block_count;
  c = (bb_chunk *)a;
  c->next = NULL;
  c->prev = NULL;
  c->size = block_size * block_count;
  c->owner = NULL;
  c->state = BB_CHUNK_FREE;
  m->first = c;
  m->free_bytes = c->size;
  m->used_chunks = 0;
  m->errors = 0;
  bb_obj_register(&bb_mem_list, &m->hdr, name, BB_MAGIC_MEM);
  m->hdr.flags = 0;
}

static bb_u32 heap_end(const bb_mem *m)
{
  return m->start + m->block_size * m->block_count;
}

/* 1 when the header at c is consistent with its neighbours and the heap bounds. */
static int chunk_sound(const bb_mem *m, const bb_chunk *c)
{
  bb_u32 a = (bb_u32)c;
  if (a < m->start || a + sizeof(bb_chunk) > heap_end(m) || (a & 3))
    return 0;
  if (c->state != BB_CHUNK_FREE && c->state != BB_CHUNK_USED)
    return 0;
  if (c->size < sizeof(bb_chunk) || c->size % m->block_size || a + c->size > heap_end(m))
    return 0;
  if (c->next ? (bb_u32)c->next != a + c->size || c->next->prev != c : a + c->size != heap_end(m))
    return 0;
  if (c->prev ? c->prev->next != c : c != m->first)
    return 0;
  return 1;
}

static void heap_error(bb_mem *m, const char *what, const bb_chunk *c)
{
  m->errors++;
  bb_fault(bb_current, what, (bb_u32)c);
}

void *bb_mem_alloc(bb_mem *m, bb_u32 size)
{
  bb_chunk *c;
  void *r = NULL;
  bb_u32 f;
  bb_u32 need = (size + sizeof(bb_chunk) + m->block_size - 1) / m->block_size * m->block_size;
  f = port_irq_save();
  for (c = m->first; c; c = c->next) {
    if (!chunk_sound(m, c)) {
      heap_error(m, "heap chunk header corrupted", c);
      break;
    }
    if (c->state == BB_CHUNK_FREE && c->size >= need) {
      if (c->size - need >= m->block_size && c->size - need >= sizeof(bb_chunk) + 4) {
        bb_chunk *n = (bb_chunk *)((bb_u8 *)c + need);
        n->size = c->size - need;
        n->state = BB_CHUNK_FREE;
        n->owner = NULL;
        n->prev = c;
        n->next = c->next;
        if (c->next)
          c->next->prev = n;
        c->next = n;
        c->size = need;
      }
      c->state = BB_CHUNK_USED;
      c->owner = bb_current;
      m->free_bytes -= c->size;
      m->used_chunks++;
      r = c + 1;
      break;
    }
  }
  port_irq_restore(f);
  bb_trace(BB_TR_ALLOC, size, (bb_u32)m, (bb_u32)r);
  return r;
}

int bb_mem_free(bb_mem *m, void *p)
{
  bb_chunk *c = (bb_chunk *)p - 1;
  int r = BB_ERROR;
  bb_u32 f = port_irq_save();
  if ((bb_u32)p < m->start + sizeof(bb_chunk) || (bb_u32)p >= heap_end(m)) {
    heap_error(m, "free of memory outside the heap", c);
  } else if (c->state == BB_CHUNK_FREE || c->state == CHUNK_MERGED) {
    heap_error(m, "double free", c);
  } else if (!chunk_sound(m, c)) {
    heap_error(m, "heap chunk header corrupted", c);
  } else {
    c->state = BB_CHUNK_FREE;
    c->owner = NULL;
    m->free_bytes += c->size;
    m->used_chunks--;
    if (c->next && c->next->state == BB_CHUNK_FREE) {
      bb_chunk *n = c->next;
      c->size += n->size;
      c->next = n->next;
      if (n->next)
        n->next->prev = c;
      n->state = CHUNK_MERGED;
    }
    if (c->prev && c->prev->state == BB_CHUNK_FREE) {
      bb_chunk *pv = c->prev;
      pv->size += c->size;
      pv->next = c->next;
      if (c->next)
        c->next->prev = pv;
      c->state = CHUNK_MERGED;
    }
    r = BB_OK;
  }
  port_irq_restore(f);
  bb_trace(BB_TR_FREE, (bb_u32)p, (bb_u32)m, (bb_u32)r);
  return r;
}

/* Walks the whole heap; returns the number of problems found (each is reported). */
int bb_mem_check(bb_mem *m)
{
  bb_chunk *c;
  bb_u32 free_bytes = 0;
  int bad = 0;
  bb_u32 f = port_irq_save();
  for (c = m->first; c; c = c->next) {
    if (!chunk_sound(m, c)) {
      heap_error(m, "heap chunk header corrupted", c);
      bad++;
      break;
    }
    if (c->state == BB_CHUNK_FREE)
      free_bytes += c->size;
  }
  if (!bad && free_bytes != m->free_bytes) {
    heap_error(m, "heap free count wrong", (bb_chunk *)m->start);
    bad++;
  }
  port_irq_restore(f);
  return bad;
}

void *alloc_fmem(bb_u32 size)
{
  return bb_mem_alloc(&bb_heap, size);
}

int free_fmem(void *p)
{
  return bb_mem_free(&bb_heap, p);
}
