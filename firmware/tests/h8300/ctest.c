/*
 * C89 self-test for the H8/300 core, compiled by gcc-h8300-hms 3.4 (-O2) and started by
 * crt0.s on the h8300-generic board. It exercises what compiled kernel code does: 16/32-bit
 * arithmetic and compares, pointers, structures and a linked list, initialised and zeroed
 * data, a C interrupt handler (timer 0 compare match) sharing a volatile counter with SLEEP,
 * and polled SCI output. main() returns 0 when every check passed, else the failed check's
 * number (the exit status). No multiply/divide helpers are called: the toolchain's libgcc is
 * not linked (its H8/300 build is mis-linked).
 */
#define REG8(a) (*(volatile unsigned char *)(a))
#define TCR0   REG8(0xffc8)
#define TCSR0  REG8(0xffc9)
#define TCORA0 REG8(0xffca)
#define SMR    REG8(0xffd8)
#define BRR    REG8(0xffd9)
#define SCR    REG8(0xffda)
#define TDR    REG8(0xffdb)
#define SSR    REG8(0xffdc)

struct node {
    struct node *next;
    int key;
    unsigned long value;
};

static struct node pool[8];
static struct node *head;
static volatile unsigned char ticks;
static const int keys[8] = { 42, -7, 1000, 0, -32768, 32767, 5, -7 };
static unsigned long seed = 0x12345678UL;    /* in .data: must be copied from ROM */
static char text[] = "Byte-BOS";

void tmr0_cmia(void) __attribute__((interrupt_handler));
void tmr0_cmia(void)
{
    TCSR0 &= (unsigned char)~0x40;           /* clear CMFA */
    ticks++;
}

static void put(char c)
{
    while (!(SSR & 0x80))
        ;
    TDR = (unsigned char)c;
    SSR &= (unsigned char)~0x80;
}

static void puts_(const char *s)
{
    while (*s)
        put(*s++);
}

static void puthex(unsigned long v)
{
    int i;
    for (i = 28; i >= 0; i -= 4)
        put("0123456789abcdef"[(int)((v >> i) & 15)]);
}

/* xorshift: shifts by constants, XOR on 32-bit values */
static unsigned long next_random(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

/* insertion into a list sorted by key (signed compares), values by pointer */
static void insert(struct node *n)
{
    struct node **pp = &head;
    while (*pp && (*pp)->key <= n->key)
        pp = &(*pp)->next;
    n->next = *pp;
    *pp = n;
}

static int length(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (int)(p - s);
}

int main(void)
{
    int i;
    unsigned long sum;
    struct node *n;

    /* 1: .data was copied, .bss is zero */
    if (seed != 0x12345678UL || length(text) != 8 || head != 0 || pool[3].value != 0)
        return 1;

    /* 2: 32-bit arithmetic: carries across words, signed/unsigned compares */
    sum = 0xFFFFUL;
    sum += 1;
    if (sum != 0x10000UL)
        return 2;
    sum -= 0x10001UL;
    if (sum != 0xFFFFFFFFUL || (long)sum != -1L || (long)sum > 0)
        return 2;

    /* 3: xorshift32 reference values */
    if (next_random() != 0x87985aa5UL)
        return 3;
    for (i = 0; i < 99; i++)
        next_random();
    sum = next_random();

    /* 4: a sorted linked list of structures */
    for (i = 0; i < 8; i++) {
        pool[i].key = keys[i];
        pool[i].value = (unsigned long)i << 20;
        insert(&pool[i]);
    }
    i = -32768;
    for (n = head; n; n = n->next) {
        if (n->key < i)
            return 4;
        i = n->key;
    }
    if (head->key != -32768 || head->value != (4UL << 20) || head->next->next->value != (7UL << 20))
        return 4;

    /* 5: timer 0 interrupts in C, waited for with SLEEP */
    TCORA0 = 199;
    TCR0 = 0x49;                             /* CMIEA, clear on A, phi/8 */
    __asm__ volatile ("andc #0x7f,ccr");
    while (ticks < 3)
        __asm__ volatile ("sleep");
    TCR0 = 0;
    if (ticks != 3)
        return 5;

    /* 6: the serial port, polled */
    SMR = 0;
    BRR = 0;
    SCR = 0x20;                              /* TE */
    puts_(text);
    put(' ');
    puthex(sum);
    puts_("\r\n");
    while (!(SSR & 0x04))                    /* TEND */
        ;
    return 0;
}
