#!/bin/sh
# Rebuild the 68000 test images (needs gcc-m68k-linux-gnu / binutils-m68k-linux-gnu): ./build.sh
#  crc32.bin      gcc -m68000 -O2 CRC-32 (../common/crc32.c + crt0.S) for the m68000-generic board
#  selftest.bin   ../common/selftest.c (+ libgcc68000.c: the toolchain's libgcc is 68020 code) whose
#                 console output must equal selftest.expected, the same C built for the host
#  *.bin from *.S (exceptions.S, ...): self-checking assembly programs, report via the exit device
# Raw images for address 0; .lst files are objdump listings.
set -e
cd "$(dirname "$0")"
m68k-linux-gnu-gcc -m68000 -O2 -ffreestanding -nostdlib -fno-builtin -Wall -Wextra -Wl,--no-warn-execstack,--build-id=none \
  -T link.ld -DMAILBOX=0x001ffff0u -o crc32.elf crt0.S ../common/crc32.c
m68k-linux-gnu-objcopy -O binary crc32.elf crc32.bin
m68k-linux-gnu-objdump -d crc32.elf > crc32.lst
rm crc32.elf
m68k-linux-gnu-gcc -m68000 -O2 -ffreestanding -nostdlib -fno-builtin -Wall -Wextra -Wl,--no-warn-execstack,--build-id=none \
  -T link.ld -DCONSOLE_ADDR=0x00ff0200u -o selftest.elf crt0.S ../common/selftest.c libgcc68000.c
m68k-linux-gnu-objcopy -O binary selftest.elf selftest.bin
m68k-linux-gnu-objdump -d selftest.elf > selftest.lst
rm selftest.elf
gcc -DHOST -O2 -o /tmp/selftest-host.$$ ../common/selftest.c
/tmp/selftest-host.$$ > selftest.expected
rm /tmp/selftest-host.$$
for src in *.S; do
  prog=${src%.S}
  [ "$prog" = crt0 ] && continue
  m68k-linux-gnu-gcc -m68000 -nostdlib -Wl,--no-warn-execstack,--build-id=none -T link.ld -o $prog.elf $src
  m68k-linux-gnu-objcopy -O binary $prog.elf $prog.bin
  m68k-linux-gnu-objdump -d $prog.elf > $prog.lst
  rm $prog.elf
done
