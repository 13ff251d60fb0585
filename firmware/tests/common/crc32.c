/*
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) over a 1 KB pattern, bit by bit.
 * Built by firmware/tests/<cpu>/build.sh at -O2 for each core's generic board, which passes
 * the address of a small mailbox at the top of RAM (-DMAILBOX=...): the iteration count is
 * read from ITERATIONS (0 means 4), the result goes to RESULT, DONE counts finished runs.
 */
#include <stdint.h>

#define ITERATIONS (*(volatile uint32_t *)(MAILBOX + 0))
#define RESULT (*(volatile uint32_t *)(MAILBOX + 4))
#define DONE (*(volatile uint32_t *)(MAILBOX + 8))

static uint8_t buffer[1024];

static uint32_t crc32(const uint8_t *p, uint32_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
    }
    return ~crc;
}

int main(void)
{
    for (uint32_t i = 0; i < sizeof buffer; i++)
        buffer[i] = (uint8_t)((i << 3) - i + 3u); /* i * 7 + 3 without a libgcc multiply */
    uint32_t n = ITERATIONS;
    if (n == 0)
        n = 4;
    uint32_t crc = 0;
    for (uint32_t i = 0; i < n; i++) {
        crc = crc32(buffer, sizeof buffer);
        buffer[i & 1023] ^= (uint8_t)crc;
        DONE = i + 1;
    }
    RESULT = crc;
    return 0;
}
