/*
 * device.c - Device objects and the driver for the generic UART (byte registers DATA +0,
 * STATUS +1: bit0 RXRDY, bit1 TXRDY, bit7 IRQ; CTRL +2: bit0 RXIE, bit1 TXIE).
 * Transmission polls TXRDY; reception is interrupt driven into the device's Buffer, with a
 * semaphore counting the bytes waiting.
 */
#include "bbos.h"

#define REG(d, off) (*(volatile bb_u8 *)((d)->base + (off)))
#define UART_DATA 0
#define UART_STATUS 1
#define UART_CTRL 2

void bb_device_init(bb_device *d, const char *name, const bb_device_ops *ops, bb_u32 base,
                    bb_buffer *rx, bb_sem *rx_sem)
{
  d->ops = ops;
  d->base = base;
  d->rx = rx;
  d->rx_sem = rx_sem;
  d->tx_count = 0;
  d->rx_count = 0;
  bb_obj_register(&bb_device_list, &d->hdr, name, BB_MAGIC_DEVICE);
  d->hdr.flags = 0;
  if (ops->init)
    ops->init(d);
}

void bb_dev_putc(bb_device *d, int c)
{
  d->ops->putc(d, c);
  d->tx_count++;
}

void bb_dev_write(bb_device *d, const char *s)
{
  bb_u32 f = port_irq_save();
  while (*s)
    bb_dev_putc(d, *s++);
  port_irq_restore(f);
}

/* The next received byte, or -1 on timeout. */
int bb_dev_getc(bb_device *d, bb_u32 timeout)
{
  int c = -1;
  if (bb_sem_down(d->rx_sem, timeout) == BB_OK)
    c = bb_buffer_get(d->rx);
  bb_trace(BB_TR_DEV_READ, (bb_u32)d, timeout, (bb_u32)c);
  return c;
}

static void uart_init(bb_device *d)
{
  REG(d, UART_CTRL) = 1; /* receive interrupts */
}

static void uart_putc(bb_device *d, int c)
{
  while (!(REG(d, UART_STATUS) & 2)) {
  }
  REG(d, UART_DATA) = (bb_u8)c;
}

static void uart_isr(bb_device *d)
{
  while (REG(d, UART_STATUS) & 1) {
    bb_u8 c = REG(d, UART_DATA);
    d->rx_count++;
    if (bb_buffer_put(d->rx, c) == BB_OK)
      bb_sem_up(d->rx_sem);
  }
}

const bb_device_ops bb_uart_ops = { uart_init, uart_putc, uart_isr };

void bb_uart_isr(void)
{
  bb_uart.ops->isr(&bb_uart);
}
