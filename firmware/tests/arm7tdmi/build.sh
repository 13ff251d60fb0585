#!/bin/sh
# Rebuild the test images (needs arm-none-eabi-gcc): ./build.sh
#  crc32-arm.bin / crc32-thumb.bin   gcc -O2 CRC-32 (crc32.c + crt0.S), ARM and Thumb
#  exceptions.bin                    exceptions.S: exceptions, modes, interrupts (self-checking)
#  semihost.bin                      semihost.S: Angel semihosting calls
# Raw images for address 0 of the arm7tdmi-generic board; .lst files are objdump listings.
set -e
cd "$(dirname "$0")"
for mode in arm thumb; do
  arm-none-eabi-gcc -mcpu=arm7tdmi -O2 -m$mode -mthumb-interwork -ffreestanding -nostdlib \
    -fno-builtin -Wall -Wextra -T link.ld -o crc32-$mode.elf crt0.S crc32.c
  arm-none-eabi-objcopy -O binary crc32-$mode.elf crc32-$mode.bin
  arm-none-eabi-objdump -d crc32-$mode.elf > crc32-$mode.lst
  rm crc32-$mode.elf
done
for prog in exceptions semihost; do
  arm-none-eabi-gcc -mcpu=arm7tdmi -nostdlib -T link.ld -o $prog.elf $prog.S
  arm-none-eabi-objcopy -O binary $prog.elf $prog.bin
  arm-none-eabi-objdump -d $prog.elf > $prog.lst
  rm $prog.elf
done
