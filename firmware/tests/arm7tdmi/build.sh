#!/bin/sh
# Rebuild the CRC-32 test images: ./build.sh (needs arm-none-eabi-gcc). Outputs
# crc32-arm.bin / crc32-thumb.bin (raw images for address 0) and their .lst listings.
set -e
cd "$(dirname "$0")"
for mode in arm thumb; do
  arm-none-eabi-gcc -mcpu=arm7tdmi -O2 -m$mode -mthumb-interwork -ffreestanding -nostdlib \
    -fno-builtin -Wall -Wextra -T link.ld -o crc32-$mode.elf crt0.S crc32.c
  arm-none-eabi-objcopy -O binary crc32-$mode.elf crc32-$mode.bin
  arm-none-eabi-objdump -d crc32-$mode.elf > crc32-$mode.lst
  rm crc32-$mode.elf
done
