/*
 * The libgcc helpers the self-test needs, for the plain 68000. The cross toolchain's libgcc
 * is built for the 68020 (BSR.L, MULU.L), which the 68000 does not have.
 * Built with -m68000 -O2: 16x16 MULU.W for multiplies, shift-and-subtract for division.
 */
typedef unsigned long long u64;
typedef unsigned int u32;
typedef int s32;

u32 __mulsi3(u32 a, u32 b);
u64 __muldi3(u64 a, u64 b);
u32 __udivsi3(u32 n, u32 d);
u32 __umodsi3(u32 n, u32 d);
s32 __divsi3(s32 n, s32 d);
s32 __modsi3(s32 n, s32 d);

/* 16x16 -> 32 with MULU.W (gcc would call __mulsi3 for the C expression: recursion). */
static u32 mul16(u32 a, u32 b)
{
    u32 r = a;
    __asm__("mulu.w %1,%0" : "+d"(r) : "d"(b));
    return r;
}

u32 __mulsi3(u32 a, u32 b)
{
    return mul16(a, b) + ((mul16(a >> 16, b) + mul16(a, b >> 16)) << 16);
}

u64 __muldi3(u64 a, u64 b)
{
    u32 al = (u32)a, ah = (u32)(a >> 32), bl = (u32)b, bh = (u32)(b >> 32);
    u32 p00 = mul16(al, bl), p01 = mul16(al, bl >> 16), p10 = mul16(al >> 16, bl), p11 = mul16(al >> 16, bl >> 16);
    u32 mid = (p00 >> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    u32 lo = (mid << 16) | (p00 & 0xffff);
    u32 hi = p11 + (p01 >> 16) + (p10 >> 16) + (mid >> 16) + __mulsi3(al, bh) + __mulsi3(ah, bl);
    return ((u64)hi << 32) | lo;
}

static u32 udivmod(u32 n, u32 d, u32 *rem)
{
    u32 q = 0, r = 0;
    for (int i = 31; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1);
        if (r >= d) {
            r -= d;
            q |= 1u << i;
        }
    }
    *rem = r;
    return q;
}

u32 __udivsi3(u32 n, u32 d) { u32 r; return udivmod(n, d, &r); }
u32 __umodsi3(u32 n, u32 d) { u32 r; udivmod(n, d, &r); return r; }

s32 __divsi3(s32 n, s32 d)
{
    u32 r, q = udivmod(n < 0 ? -(u32)n : (u32)n, d < 0 ? -(u32)d : (u32)d, &r);
    return (n < 0) != (d < 0) ? -(s32)q : (s32)q;
}

s32 __modsi3(s32 n, s32 d)
{
    u32 r;
    udivmod(n < 0 ? -(u32)n : (u32)n, d < 0 ? -(u32)d : (u32)d, &r);
    return n < 0 ? -(s32)r : (s32)r;
}
