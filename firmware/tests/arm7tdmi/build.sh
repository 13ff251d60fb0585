#!/bin/sh
# Rebuild the test images (needs arm-none-eabi-gcc): ./build.sh
#  crc32-arm.bin / crc32-thumb.bin   gcc -O2 CRC-32 (../common/crc32.c + crt0.S), ARM and Thumb
#  exceptions.bin                    exceptions.S: exceptions, modes, interrupts (self-checking)
#  fiq.bin                           fiq.S: FIQ banking, preemption and masking (needs a timer on FIQ)
#  semihost.bin                      semihost.S: Angel semihosting calls
#  selftest-arm.bin / -thumb.bin     ../common/selftest.c (with libgcc) whose console output must equal
#                                    selftest.expected, the output of the same C built for the host
# Raw images for address 0 of the arm7tdmi-generic board; .lst files are objdump listings.
set -e
cd "$(dirname "$0")"
for mode in arm thumb; do
  arm-none-eabi-gcc -mcpu=arm7tdmi -O2 -m$mode -mthumb-interwork -ffreestanding -nostdlib \
    -fno-builtin -Wall -Wextra -T link.ld -DMAILBOX=0x001ffff0u -o crc32-$mode.elf crt0.S ../common/crc32.c
  arm-none-eabi-objcopy -O binary crc32-$mode.elf crc32-$mode.bin
  arm-none-eabi-objdump -d crc32-$mode.elf > crc32-$mode.lst
  rm crc32-$mode.elf
done
for mode in arm thumb; do
  arm-none-eabi-gcc -mcpu=arm7tdmi -O2 -m$mode -mthumb-interwork -ffreestanding -nostdlib \
    -fno-builtin -Wall -Wextra -T link.ld -DCONSOLE_ADDR=0x10000200u -o selftest-$mode.elf crt0.S ../common/selftest.c -lgcc
  arm-none-eabi-objcopy -O binary selftest-$mode.elf selftest-$mode.bin
  arm-none-eabi-objdump -d selftest-$mode.elf > selftest-$mode.lst
  rm selftest-$mode.elf
done
gcc -DHOST -O2 -o /tmp/selftest-host.$$ ../common/selftest.c
/tmp/selftest-host.$$ > selftest.expected
rm /tmp/selftest-host.$$
for prog in exceptions fiq semihost; do
  arm-none-eabi-gcc -mcpu=arm7tdmi -nostdlib -T link.ld -o $prog.elf $prog.S
  arm-none-eabi-objcopy -O binary $prog.elf $prog.bin
  arm-none-eabi-objdump -d $prog.elf > $prog.lst
  rm $prog.elf
done
