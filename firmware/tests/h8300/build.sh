#!/bin/sh
# Rebuild the H8/300 test images with binutils-h8300-hms (COFF output): ./build.sh
#  selftest.coff  selftest.s linked at address 0 (vectors first), loaded by src/loaders/coff.ts
#  selftest.lst   objdump listing
# The build is deterministic: running it again reproduces the committed files byte for byte
# (./build.sh --check compares instead of writing).
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
if [ "$1" = "--check" ]; then
  for f in selftest.coff selftest.lst crc32.coff crc32.lst; do cmp $f $out/$f; done
  rm -r "$out"
  echo "up to date"
fi
