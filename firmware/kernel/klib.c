/* klib.c - the few C library routines the kernel and the compiler need. */
#include "bbos.h"

void *memcpy(void *d, const void *s, unsigned long n)
{
  bb_u8 *dp = (bb_u8 *)d;
  const bb_u8 *sp = (const bb_u8 *)s;
  while (n--)
    *dp++ = *sp++;
  return d;
}

void *memset(void *d, int c, unsigned long n)
{
  bb_u8 *dp = (bb_u8 *)d;
  while (n--)
    *dp++ = (bb_u8)c;
  return d;
}

int bb_strcmp(const char *a, const char *b)
{
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (int)(bb_u8)*a - (int)(bb_u8)*b;
}
