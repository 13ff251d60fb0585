/**
 * `bytebos boards`: the built-in boards.
 */
import { builtinBoards } from '../boards/board.js';
import { findCpu } from '../../cpus/registry.js';

export async function boardsCommand(o: { json?: boolean }): Promise<number> {
  const list = builtinBoards().map((b) => ({ ...b, implemented: Boolean(findCpu(b.cpu)?.load) }));
  if (o.json) {
    process.stdout.write(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  const w = Math.max(...list.map((b) => b.name.length), 4);
  for (const b of list) {
    process.stdout.write(`${b.name.padEnd(w)}  ${b.cpu.padEnd(9)}${b.implemented ? '' : ' (core not implemented yet)'}  ${b.description}\n`);
  }
  return 0;
}
