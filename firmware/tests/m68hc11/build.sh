#!/bin/sh
# Rebuild the 68HC11 test images (binutils-m68hc1x: m68hc11-as, m68hc11-ld): ./build.sh [outdir]
# Each <prog>.s becomes <prog>.bin (the 8 KB ROM image E000h-FFFFh of the m68hc11-generic
# board, gaps filled with FFh), <prog>.sym (nm: address, type, name) and <prog>.lst (objdump).
# The output is byte for byte the same on every run (test/cpus/m68hc11/firmware.test.ts checks
# the committed files against a fresh build when the tools are installed).
set -e
cd "$(dirname "$0")"
out=${1:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in *.s; do
  prog=${src%.s}
  m68hc11-as -o "$tmp/$prog.o" "$src"
  m68hc11-ld -T link.ld -o "$tmp/$prog.elf" "$tmp/$prog.o"
  m68hc11-objcopy -O binary --gap-fill 0xff "$tmp/$prog.elf" "$out/$prog.bin"
  m68hc11-nm -n "$tmp/$prog.elf" > "$out/$prog.sym"
  m68hc11-objdump -d "$tmp/$prog.elf" | tail -n +3 > "$out/$prog.lst"
done
