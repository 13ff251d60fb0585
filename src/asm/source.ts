/**
 * Source reading: files split into statements, INCLUDE files spliced in where they are named,
 * every statement remembering its file and line for messages and the listing.
 *
 * Line syntax (one statement per line; `;` starts a comment):
 *
 *   [label:] [operation [operands]]
 *   name EQU expr        name = expr
 *
 * A label needs its colon (so a misspelt mnemonic in column 0 is an error, not a label), except
 * before EQU and `=`. INCLUDE "file" (or 'file' or a bare path) is looked up next to the file
 * that names it, then in the include directories; an include cycle is an error. An INCLUDE
 * that cannot be read is an error when the assembler reaches it (not inside a false IF).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readQuoted, stripComment } from './lexer.js';
import { AsmError } from './types.js';

export interface Statement {
  /** File as named (null: a source string given without a name). */
  file: string | null;
  line: number;
  /** The whole line as written. */
  text: string;
  label: string | null;
  /** Operation in upper case: an instruction mnemonic or a directive (EQU for `=`), or null. */
  op: string | null;
  /** Operand text, comment removed, trimmed. */
  args: string;
  /** Include nesting depth (0 for the main file). */
  depth: number;
  /**
   * INCLUDE that could not be read: the error, raised only if the assembler reaches the line
   * (an INCLUDE in a false IF branch may name a missing file).
   */
  error?: AsmError;
}

export interface SourceOptions {
  /** Reads a file (default: the file system, UTF-8). */
  readFile?: (path: string) => string;
  /** Where INCLUDE looks after the including file's folder. */
  includeDirs?: string[];
}

const NAME = '[A-Za-z_?@.][A-Za-z0-9_?@.]*';
const LABEL_RE = new RegExp(`^\\s*(${NAME})\\s*:(.*)$`);
const EQU_RE = new RegExp(`^\\s*(${NAME})\\s*(?:\\s(EQU)\\b|(=))(.*)$`, 'i');
const OP_RE = new RegExp(`^\\s*(${NAME})(?:\\s+(.*))?$`);

/** Split one line into label, operation and operands. */
export function parseLine(text: string, file: string | null, line: number, depth = 0): Statement {
  const st: Statement = { file, line, text, label: null, op: null, args: '', depth };
  let rest = stripComment(text).trimEnd();
  const equ = EQU_RE.exec(rest);
  if (equ) {
    st.label = equ[1];
    st.op = 'EQU';
    st.args = equ[4].trim();
    return st;
  }
  const lab = LABEL_RE.exec(rest);
  if (lab) {
    st.label = lab[1];
    rest = lab[2];
  }
  if (rest.trim() === '') return st;
  const op = OP_RE.exec(rest);
  if (!op) throw new AsmError(`cannot read "${rest.trim()}" (expected [label:] operation operands)`, file, line);
  st.op = op[1].toUpperCase();
  st.args = (op[2] ?? '').trim();
  return st;
}

/** The file name of an INCLUDE operand. */
function includeName(args: string): string {
  const a = args.trim();
  if (a.startsWith('"') || a.startsWith("'")) {
    const { chars, end } = readQuoted(a, 0);
    if (a.slice(end).trim() !== '') throw new AsmError(`unexpected text after the file name: ${a.slice(end).trim()}`);
    return chars;
  }
  if (a === '') throw new AsmError('INCLUDE needs a file name');
  return a;
}

/**
 * Statements of `text` (named `file`), with includes expanded. `stack` holds the resolved
 * paths of the files being read (for cycle detection); `depth` is the include depth.
 * An END in an included file ends that file only (the assembler ignores it).
 */
export function readSource(text: string, file: string | null, opts: SourceOptions = {}, stack: string[] = [], depth = 0): Statement[] {
  const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const inside = file !== null && stack.length === 0 ? [resolve(file)] : stack;
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out: Statement[] = [];
  for (let i = 0; i < lines.length; i++) {
    const st = parseLine(lines[i], file, i + 1, depth);
    out.push(st);
    if (st.op === 'END') break;
    if (st.op !== 'INCLUDE') continue;
    try {
      if (st.label) throw new AsmError('INCLUDE takes no label');
      const name = includeName(st.args);
      const here = file === null ? process.cwd() : dirname(file);
      const tries = isAbsolute(name) ? [name] : [join(here, name), ...(opts.includeDirs ?? []).map((d) => join(d, name))];
      let found: { path: string; text: string } | null = null;
      for (const p of tries) {
        try {
          found = { path: p, text: read(p) };
          break;
        } catch {
          // not there: try the next folder
        }
      }
      if (!found) throw new AsmError(`cannot read include file "${name}" (looked in ${tries.map((t) => dirname(t) || '.').join(', ')})`);
      const key = resolve(found.path);
      if (inside.includes(key)) throw new AsmError(`"${name}" is already being read (include cycle)`);
      out.push(...readSource(found.text, found.path, opts, [...inside, key], depth + 1));
    } catch (e) {
      if (e instanceof AsmError) st.error = e.located ? e : new AsmError(e.what, file, i + 1);
      else throw e;
    }
  }
  return out;
}
