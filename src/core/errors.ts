/**
 * Errors a user can act on. The CLI prints `message` (never a stack trace) and exits with
 * `exitCode`: 2 for bad input or usage, 3 for a machine that faulted.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** Bad input in a file: names the file and where in it (line or byte offset). */
export class InputError extends UserError {
  readonly file: string;
  readonly where: string;
  constructor(file: string, where: string, what: string) {
    super(`${file}${where ? `: ${where}` : ''}: ${what}`, 2);
    this.name = 'InputError';
    this.file = file;
    this.where = where;
  }
}

export function hex(v: number, digits = 0): string {
  const s = (v >>> 0).toString(16).toUpperCase();
  return '0x' + (digits > 0 ? s.padStart(digits, '0') : s);
}
