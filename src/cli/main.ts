#!/usr/bin/env node
/**
 * The `bytebos` command line. Every command reports bad input as one clear line on stderr
 * and exit status 2, never a stack trace.
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError } from '../core/errors.js';
import { runCommand } from './run.js';
import { identifyCommand } from './identify.js';
import { disasmCommand } from './disasm.js';
import { asmCommand } from './asm.js';
import { ASSEMBLER_IDS } from '../asm/registry.js';
import { conformanceCommand } from './conformance.js';
import { boardsCommand } from './boards.js';
import { startCommand } from './start.js';
import { debugCommand } from './debug.js';
import { testCommand } from './test.js';
import { osCommand, OS_VIEWS } from './os.js';
import { CPU_IDS } from '../../cpus/registry.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function machineOptions(c: Command): Command {
  return c
    .option('--board <name|file>', 'built-in board name or board JSON file (default: the CPU\'s generic board)')
    .option('--cpu <id>', `CPU id (${CPU_IDS.join(', ')}); chooses the default board when --board is absent`)
    .option('--base <addr>', 'load address of a raw binary (default: the board\'s image base)')
    .option('--entry <addr|symbol|image>', 'set PC after reset (default: the reset vector); "image" uses the file\'s entry point')
    .addOption(new Option('--format <fmt>', 'force the image format instead of detecting it').choices(['raw', 'ihex', 'srec', 'elf', 'coff']))
    .option('--symbols <file>', 'extra symbols: name=address lines or a GNU ld map file');
}

/** Wrap an async action: map errors to exit codes. */
function act<A extends unknown[]>(fn: (...a: A) => Promise<number | void>): (...a: A) => Promise<void> {
  return async (...a: A) => {
    try {
      const code = await fn(...a);
      process.exitCode = code ?? 0;
    } catch (e) {
      if (e instanceof UserError) {
        process.stderr.write(`bytebos: ${e.message}\n`);
        process.exitCode = e.exitCode;
      } else {
        process.stderr.write(`bytebos: internal error: ${(e as Error).stack ?? String(e)}\n`);
        process.exitCode = 70;
      }
    }
  };
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('bytebos')
    .description('Emulator for the CPUs that ran the Byte-BOS RTOS: boot ROM images, step them, watch the OS, script regression runs.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  machineOptions(
    program
      .command('run <image>')
      .description('boot an image headless and run it until it exits, faults, or a limit/condition is reached')
      .option('--max-cycles <n>', 'stop after n CPU cycles of virtual time')
      .option('--max-instructions <n>', 'stop after n instructions')
      .option('--until <addr|symbol>', 'stop when the PC reaches this address (exit 0; 124 if a limit comes first)')
      .option('--serial-in <text|@file>', 'bytes for the serial port; text takes C escapes (\\r, \\n, \\xNN)')
      .option('--port-in <name=text|@file>', 'input for another serial port of the board, e.g. host="\\r" (repeatable)', collect)
      .option('--serial-out <file|->', 'where serial output goes (default - = stdout)')
      .option('--expect <regex>', 'stop with exit 0 when the serial output matches (124 if a limit comes first)')
      .option('--semihosting', 'ARM Angel semihosting (SWI 0x123456 / 0xAB)')
      .option('--trace <file>', 'write one line per instruction: index, PC, disassembly, registers')
      .option('--regs', 'print the registers at the end')
      .option('--dump <addr:len>', 'print memory at the end (repeatable)', collect)
      .option('--json', 'print one JSON object describing the end state (serial output included)')
      .option('-q, --quiet', 'no log lines or stop summary on stderr'),
  )
    .addHelpText('after', `
Exit status: 0 success or firmware exit 0; 1 expectation not met or firmware exit != 0;
2 bad input or usage; 3 the emulated machine faulted or halted; 124 the cycle/instruction limit
came before --expect/--until; 130 interrupted.

Examples:
  bytebos run firmware/images/m68000/demo.elf --max-cycles 20000000
  bytebos run rom.bin --cpu m68000 --expect "READY>" --max-cycles 5e7
  bytebos run image.elf --until main --regs --dump 0x100000:64 --json`)
    .action(act((image: string, o) => runCommand(image, o)));

  machineOptions(
    program
      .command('debug [image]')
      .description('full-screen debugger: disassembly, registers, memory, stack, serial console, kernel tasks and heap')
      .option('--run', 'start running at once (F6 pauses)')
      .option('--state <file>', 'open a saved machine state (bytebos test saves one beside each failure); the image and board come from it unless given')
      .option('--profile <file>', 'kernel layout profile for the Tasks/Heap panels (default: the shipped one for the CPU)')
      .option('--discover', 'find the kernel structures by scanning RAM even when symbols exist')
      .option('--semihosting', 'ARM Angel semihosting (SWI 0x123456 / 0xAB)'),
  )
    .addHelpText('after', '\nKeys: F5 run, F6 pause, F10 step over, F11 step into, Shift-F11 step out, F9 breakpoint, Tab next panel, q quit; type help inside for the commands.\n\nExamples:\n  bytebos debug firmware/images/m68000/demo.elf\n  bytebos debug rom.bin --cpu m68000 --symbols rom.map\n  bytebos debug --state bytebos-test-results/demo.state')
    .action(act((image: string | undefined, o) => debugCommand(image, o)));

  program
    .command('identify <image>')
    .description('tell what an image is: format, load addresses, entry, symbols, Byte-BOS banner and the CPU it implies')
    .addOption(new Option('--format <fmt>', 'force the image format').choices(['raw', 'ihex', 'srec', 'elf', 'coff']))
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  bytebos identify rom.bin\n  bytebos identify firmware.s19 --json')
    .action(act((image: string, o) => identifyCommand(image, o)));

  program
    .command('disasm <image>')
    .description('disassemble an image')
    .requiredOption('--cpu <id>', `CPU id (${CPU_IDS.join(', ')})`)
    .option('--base <addr>', 'load address of a raw binary (default 0)')
    .option('--start <addr|symbol>', 'first address (default: the lowest loaded address)')
    .option('--count <n>', 'number of instructions (default: to the end of the segment)')
    .option('--thumb', 'ARM: decode Thumb instructions')
    .addOption(new Option('--format <fmt>', 'force the image format').choices(['raw', 'ihex', 'srec', 'elf', 'coff']))
    .addHelpText('after', '\nExamples:\n  bytebos disasm rom.bin --cpu m68000 --start 0x400 --count 20\n  bytebos disasm app.elf --cpu arm7tdmi --thumb --start main')
    .action(act((image: string, o) => disasmCommand(image, o)));

  program
    .command('asm <source>')
    .description('assemble a source file (labels, expressions, ORG/EQU/DB/DW/DS, INCLUDE) into a binary, Intel HEX or S-records')
    .requiredOption('--cpu <id>', `CPU id (${ASSEMBLER_IDS.join(', ')})`)
    .option('-o, --output <file>', 'output file (default: the source name with .bin/.hex/.s19)')
    .addOption(new Option('--format <fmt>', 'output format (default: from the output name, else bin)').choices(['bin', 'ihex', 'srec']))
    .option('--list <file>', 'write a listing: address, bytes, line, source; then the symbols')
    .option('-I, --include <dir>', 'folder searched by INCLUDE after the including file\'s own (repeatable)', collect)
    .option('-D, --define <name[=value]>', 'define a symbol before the first line (repeatable)', collect)
    .option('--fill <byte>', 'bin: value of the gaps between ORG blocks (default 0xFF)')
    .option('--base <addr>', 'bin: start the image at this address (default: the lowest assembled address)')
    .option('-q, --quiet', 'no summary line')
    .addHelpText('after', '\nA bin file starts at the lowest assembled address or --base (the summary names it: load the file there).\nErrors are reported as file:line: what (exit 2).\n\nExamples:\n  bytebos asm firmware/tests/i8096/interrupts.a96 --cpu i8096 --base 0x2000 -o int.bin --list int.lst\n  bytebos asm prog.a96 --cpu i8096 --format ihex -o prog.hex')
    .action(act((source: string, o) => asmCommand(source, o)));

  program
    .command('conformance [paths...]')
    .description('run per-instruction reference vectors (files or folders; default: the CPU\'s folder of $BYTEBOS_VECTORS or ../shared/vectors) against a core')
    .requiredOption('--cpu <id>', `CPU id (${CPU_IDS.join(', ')})`)
    .option('--filter <regex>', 'only tests whose name matches')
    .option('--json', 'per-test differences as JSON')
    .option('--failures <n>', 'failures to show per file (default 3)')
    .addHelpText('after', '\nThe last line is "N passed, M failed"; exit 1 if any failed.\n\nExamples:\n  bytebos conformance --cpu m68000 ../shared/vectors/m68000/full\n  bytebos conformance --cpu arm7tdmi ../shared/vectors/arm7tdmi --filter "^E0"')
    .action(act((paths: string[], o) => conformanceCommand(paths, o)));

  machineOptions(
    program
      .command('os <image> [view]')
      .description(`show the Byte-BOS kernel's state read from emulated RAM (views: ${OS_VIEWS.join(', ')})`)
      .option('--after-cycles <n>', 'run this many cycles first (default: half a second of virtual time)')
      .option('--until <addr|symbol>', 'run until the PC gets here first')
      .option('--profile <file>', 'kernel layout profile (default: the shipped one for the CPU)')
      .option('--discover', 'find the kernel structures by scanning RAM even when symbols exist')
      .option('--serial-in <text|@file>', 'bytes for the serial port')
      .option('--diff-from <cycles>', 'show what changed between this cycle and the end of the run instead')
      .option('--explore', 'no profile needed: find the linked lists in RAM and describe their fields (for reverse-engineering an unknown kernel)')
      .option('--json', 'the whole state as JSON (schema: README "OS layer JSON")'),
  )
    .addHelpText('after', '\nExamples:\n  bytebos os firmware/images/m68000/demo.elf tasks\n  bytebos os demo.bin --cpu m68000 --discover --after-cycles 4000000\n  bytebos os faults.elf --until bb_fault --json\n  bytebos os demo.elf --diff-from 2000000 --after-cycles 4000000\n  bytebos os rom.bin --cpu m68000 --explore --after-cycles 3000000')
    .action(act((image: string, view: string | undefined, o) => osCommand(image, view, o)));

  program
    .command('test <paths...>')
    .description('run scenario files (YAML/JSON) or folders of them: scripted serial I/O, cycle limits, assertions, golden traces')
    .option('--junit <file>', 'write JUnit XML for CI')
    .option('--json', 'print the results as JSON instead of text')
    .option('--shard <i/n>', 'run the i-th of n deterministic slices of the suite (1 <= i <= n)')
    .option('--jobs <n>', 'scenarios run in parallel worker threads (default 1)')
    .option('--update-golden', 'write golden traces and memory files from this run instead of comparing')
    .option('--filter <regex>', 'only scenarios whose path or name matches')
    .option('--artifacts <dir>', 'where failure reports and state files go (default: beside --junit, else ./bytebos-test-results)')
    .addHelpText('after', '\nThe last line is "N passed, M failed"; exit 0 only if all passed (1 otherwise, 2 bad usage).\n\nExamples:\n  bytebos test firmware/tests/scenarios\n  bytebos test firmware/tests --jobs 2 --junit reports/junit.xml\n  bytebos test firmware/tests --shard 2/4 --filter m68000')
    .action(act((paths: string[], o) => testCommand(paths, o)));

  program
    .command('boards')
    .description('list the built-in boards')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nBoards live in firmware/boards/*.json (format: README "Board files"); --board also takes a path.\n\nExamples:\n  bytebos boards\n  bytebos run rom.bin --board mex68kecb --serial-in "HE\\r"')
    .action(act((o) => boardsCommand(o)));

  program
    .command('start')
    .description('the main job of `npm start`: boot the bundled default image and show it')
    .option('--headless', 'print a summary instead of opening the debugger')
    .addHelpText('after', '\nExamples:\n  npm start\n  bytebos start --headless')
    .action(act((o) => startCommand(o)));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage errors exit 2.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    throw e;
  }
}

await main(process.argv);
