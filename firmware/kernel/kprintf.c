/*
 * kprintf.c - formatted output to the UART device. A call formats into a line buffer and
 * sends it with interrupts disabled, so lines from different tasks never interleave.
 * Conversions: %s %c %d %u %x %X %p %%, with an optional '0' flag, '-' flag and width.
 */
#include <stdarg.h>
#include "bbos.h"

#define LINE 160

typedef struct out {
  char buf[LINE];
  int n;
} out;

static void put(out *o, char c)
{
  if (o->n < LINE - 1)
    o->buf[o->n++] = c;
}

static void pad(out *o, int count, char c)
{
  while (count-- > 0)
    put(o, c);
}

static void number(out *o, bb_u32 v, int base, int neg, int width, int zero, int left, int upper)
{
  char tmp[12];
  int i = 0, len;
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    tmp[i++] = digits[v % (bb_u32)base];
    v /= (bb_u32)base;
  } while (v);
  len = i + (neg ? 1 : 0);
  if (!left && !zero)
    pad(o, width - len, ' ');
  if (neg)
    put(o, '-');
  if (!left && zero)
    pad(o, width - len, '0');
  while (i)
    put(o, tmp[--i]);
  if (left)
    pad(o, width - len, ' ');
}

static void format(out *o, const char *fmt, va_list ap)
{
  for (; *fmt; fmt++) {
    int width = 0, zero = 0, left = 0;
    if (*fmt != '%') {
      put(o, *fmt);
      continue;
    }
    fmt++;
    if (*fmt == '-') {
      left = 1;
      fmt++;
    }
    if (*fmt == '0') {
      zero = 1;
      fmt++;
    }
    while (*fmt >= '0' && *fmt <= '9')
      width = width * 10 + (*fmt++ - '0');
    if (*fmt == 'l')
      fmt++;
    switch (*fmt) {
    case 'd': {
      long v = va_arg(ap, long);
      number(o, v < 0 ? (bb_u32)-v : (bb_u32)v, 10, v < 0, width, zero, left, 0);
      break;
    }
    case 'u':
      number(o, va_arg(ap, bb_u32), 10, 0, width, zero, left, 0);
      break;
    case 'x':
    case 'X':
      number(o, va_arg(ap, bb_u32), 16, 0, width, zero, left, *fmt == 'X');
      break;
    case 'p':
      put(o, '0');
      put(o, 'x');
      number(o, (bb_u32)va_arg(ap, void *), 16, 0, 8, 1, 0, 0);
      break;
    case 'c':
      put(o, (char)va_arg(ap, int));
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      int len = 0;
      if (!s)
        s = "(null)";
      while (s[len])
        len++;
      if (!left)
        pad(o, width - len, ' ');
      while (*s)
        put(o, *s++);
      if (left)
        pad(o, width - len, ' ');
      break;
    }
    case '%':
      put(o, '%');
      break;
    default:
      put(o, '%');
      if (*fmt)
        put(o, *fmt);
      else
        fmt--;
      break;
    }
  }
}

void bb_printf(const char *fmt, ...)
{
  out o;
  va_list ap;
  o.n = 0;
  va_start(ap, fmt);
  format(&o, fmt, ap);
  va_end(ap);
  o.buf[o.n] = 0;
  bb_dev_write(&bb_uart, o.buf);
}

void bb_puts(const char *s)
{
  bb_dev_write(&bb_uart, s);
  bb_dev_write(&bb_uart, "\n");
}
