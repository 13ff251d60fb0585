#!/bin/sh
# Rebuilds the scenario test programs (the images are committed; tests need no toolchain).
set -e
cd "$(dirname "$0")"
arm-none-eabi-gcc -nostdlib -nostartfiles -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T echo-arm.ld -o echo-arm.elf echo-arm.S
