#!/bin/sh
# Rebuild the H8/300 test images (COFF, loaded by src/loaders/coff.ts): ./build.sh
# Needs binutils-h8300-hms and gcc-h8300-hms (Debian packages).
#  selftest.coff  selftest.s: assembly self-test (flags, devices, interrupts), linked by link.ld
#  crc32.coff     crc32.s: CRC-32 of "123456789" (the benchmark's loop), linked by link.ld
#  ctest.coff     crt0.s + ctest.c (C89, gcc 3.4 -O2), linked by link-c.ld; no libgcc
#  *.lst          objdump listings
# The build is deterministic (COFF time stamps are 0): ./build.sh --check rebuilds into a
# temporary folder and compares with the committed files byte for byte.
set -e
cd "$(dirname "$0")"
out=.
if [ "$1" = "--check" ]; then out=$(mktemp -d); fi
for prog in selftest crc32; do
  h8300-hms-as -o $out/$prog.o $prog.s
  h8300-hms-ld -T link.ld -o $out/$prog.coff $out/$prog.o
  h8300-hms-objdump -d $out/$prog.coff | sed 1,2d > $out/$prog.lst
  rm $out/$prog.o
done
h8300-hms-as -o $out/crt0.o crt0.s
h8300-hms-gcc -std=c89 -pedantic -Wall -Wextra -Werror -O2 -fno-builtin -c -o $out/ctest.o ctest.c
h8300-hms-ld -T link-c.ld -o $out/ctest.coff $out/crt0.o $out/ctest.o
h8300-hms-objdump -d $out/ctest.coff | sed 1,2d > $out/ctest.lst
rm $out/crt0.o $out/ctest.o
if [ "$1" = "--check" ]; then
  for f in selftest.coff selftest.lst crc32.coff crc32.lst ctest.coff ctest.lst; do cmp $f $out/$f; done
  rm -r "$out"
  echo "up to date"
fi
