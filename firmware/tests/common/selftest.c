/*
 * Differential self-test: the same source is compiled for the host (gcc) and for each core's
 * generic board (firmware/tests/<cpu>/build.sh: ARM7TDMI in ARM and Thumb state; MC68000 with
 * -m68000 and 68000-safe libgcc helpers). Both print the same lines; the
 * host output is committed as selftest.expected and the emulator's console output must match
 * it byte for byte. Exercises 32/64-bit arithmetic, division (libgcc), shifts, signed and
 * unsigned narrow loads/stores, unaligned byte copies, recursion, function pointers, switch
 * tables, sorting and a hash.
 */
#include <stdint.h>

#ifdef HOST
#include <stdio.h>
static void out(char c) { putchar(c); }
#else
/* The board's console device; build.sh passes its address (-DCONSOLE_ADDR=...). */
#define CONSOLE (*(volatile uint8_t *)CONSOLE_ADDR)
static void out(char c) { CONSOLE = (uint8_t)c; }
#endif

static void puts_(const char *s) { while (*s) out(*s++); }
static void hex(uint32_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) out("0123456789abcdef"[(v >> (4 * i)) & 15]);
}
static void line(const char *tag, uint32_t v)
{
    puts_(tag);
    out('=');
    hex(v, 8);
    out('\n');
}

static uint32_t seed; /* set in main: the images have no initialised data */
static uint32_t rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) | (seed << 16);
}

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * b; }
static uint32_t op_rot(uint32_t a, uint32_t b) { b &= 31; return b ? (a >> b) | (a << (32 - b)) : a; }
static uint32_t (*const ops[4])(uint32_t, uint32_t) = { op_add, op_xor, op_mul, op_rot };

static uint32_t classify(uint32_t v)
{
    switch (v % 11) {
    case 0: return v * 3;
    case 1: return v ^ 0x5a5a5a5a;
    case 2: return v >> 3;
    case 3: return (uint32_t)((int32_t)v >> 5);
    case 4: return v + 0x1234;
    case 5: return ~v;
    case 6: return v & 0xff00ff;
    case 7: return v | 0x80000001u;
    case 8: return v - 77;
    case 9: return v << 7;
    default: return 0xdeadbeef;
    }
}

struct rec {
    int8_t sb;
    uint8_t ub;
    int16_t sh;
    uint16_t uh;
    int32_t w;
};

static struct rec recs[16];
static uint8_t bytes[96];
static uint32_t arr[64];

int main(void)
{
    uint32_t acc = 0;
    seed = 12345;
    /* 32-bit and 64-bit arithmetic, division */
    for (int i = 0; i < 40; i++) {
        uint32_t a = rnd(), b = rnd() | 1;
        int32_t sa = (int32_t)a, sb = (int32_t)(b >> (i & 7));
        uint64_t p = (uint64_t)a * b;
        int64_t sp = (int64_t)sa * (int64_t)sb;
        acc = acc * 31u + (uint32_t)p + (uint32_t)(p >> 32);
        acc = acc * 31u + (uint32_t)sp + (uint32_t)((uint64_t)sp >> 32);
        acc = acc * 31u + a / b + a % b;
        if (sb != 0 && !(sa == INT32_MIN && sb == -1))
            acc = acc * 31u + (uint32_t)(sa / sb) + (uint32_t)(sa % sb);
        acc = acc * 31u + (uint32_t)(p >> (i & 63)) + (uint32_t)((uint64_t)sp << (i & 31));
    }
    line("arith", acc);

    /* narrow signed/unsigned loads and stores */
    acc = 0;
    for (int i = 0; i < 16; i++) {
        uint32_t r = rnd();
        recs[i].sb = (int8_t)r;
        recs[i].ub = (uint8_t)(r >> 8);
        recs[i].sh = (int16_t)(r >> 4);
        recs[i].uh = (uint16_t)(r >> 12);
        recs[i].w = (int32_t)r;
    }
    for (int i = 0; i < 16; i++) {
        acc = acc * 33u + (uint32_t)(int32_t)recs[i].sb + recs[i].ub;
        acc = acc * 33u + (uint32_t)(int32_t)recs[i].sh + recs[i].uh + (uint32_t)recs[i].w;
    }
    line("narrow", acc);

    /* byte copies at every alignment */
    for (int i = 0; i < 96; i++) bytes[i] = (uint8_t)(i * 13 + 7);
    acc = 0;
    for (int off = 0; off < 8; off++) {
        for (int i = 0; i < 40; i++) bytes[off + 48 + i] = bytes[off + i];
        for (int i = 0; i < 96; i++) acc = acc * 7u + bytes[i];
    }
    line("copy", acc);

    /* recursion, function pointers, switch */
    line("fib", fib(20));
    acc = 0x9e3779b9;
    for (int i = 0; i < 64; i++) acc = ops[i & 3](acc, rnd()) + classify(acc);
    line("ops", acc);

    /* sort, then a checksum that depends on the order */
    for (int i = 0; i < 64; i++) arr[i] = rnd() % 1000;
    for (int i = 1; i < 64; i++) {
        uint32_t v = arr[i];
        int j = i - 1;
        while (j >= 0 && arr[j] > v) {
            arr[j + 1] = arr[j];
            j--;
        }
        arr[j + 1] = v;
    }
    acc = 0;
    for (int i = 0; i < 64; i++) acc = (acc << 3) ^ (acc >> 29) ^ arr[i];
    line("sort", acc);

    /* FNV-1a over the byte buffer, 64-bit shifts */
    uint32_t h = 2166136261u;
    for (int i = 0; i < 96; i++) h = (h ^ bytes[i]) * 16777619u;
    line("fnv", h);
    uint64_t w = 0x0123456789abcdefull;
    for (int i = 0; i < 70; i++) w = (w << 3) ^ (w >> 7) ^ (uint64_t)i;
    line("w64hi", (uint32_t)(w >> 32));
    line("w64lo", (uint32_t)w);
    puts_("done\n");
    return 0;
}
