/**
 * Finds Byte-BOS banners in an image's bytes:
 *   original:  "Byte-BOS <cpu> Multitasking Operating System ..."
 *   reference: "Byte-BOS-model reference kernel for <cpu> ..." (this project's own kernels)
 * The banner is ASCII, "Byte-BOS" is matched case-sensitively, and the banner must be
 * contiguous in the file; `text` runs from "Byte-BOS" to the end of the printable string
 * (a NUL, another control character other than tab, or the end of the file).
 */

export interface Banner {
  /** Byte offset of "Byte-BOS" in the file. */
  offset: number;
  /** The whole printable string from "Byte-BOS" on. */
  text: string;
  /** The CPU as the banner spells it ("68HC11", "H8/300"). */
  cpuText: string;
  /** The CPU id that spelling means, or null when unknown. */
  cpuId: string | null;
  kind: 'original' | 'reference';
}

const CPU_SPELLINGS: Record<string, string> = {
  '8096': 'i8096',
  '8096BH': 'i8096',
  I8096: 'i8096',
  MCS96: 'i8096',
  'MCS-96': 'i8096',
  '80C196': 'i80c196',
  '80C196KB': 'i80c196',
  I80C196: 'i80c196',
  '68000': 'm68000',
  MC68000: 'm68000',
  '68K': 'm68000',
  M68000: 'm68000',
  M68K: 'm68000',
  '68HC11': 'm68hc11',
  MC68HC11: 'm68hc11',
  M68HC11: 'm68hc11',
  HC11: 'm68hc11',
  H8300: 'h8300',
  'H8/300': 'h8300',
  'H8-300': 'h8300',
  ARM: 'arm7tdmi',
  ARM7: 'arm7tdmi',
  ARM7TDMI: 'arm7tdmi',
  THUMB: 'arm7tdmi',
};

/** CPU id for a banner's CPU spelling (case-insensitive), or null. */
export function cpuIdFromText(cpuText: string): string | null {
  return CPU_SPELLINGS[cpuText.trim().toUpperCase()] ?? null;
}

const MARK = [0x42, 0x79, 0x74, 0x65, 0x2d, 0x42, 0x4f, 0x53]; // "Byte-BOS"
const ORIGINAL_TAIL = ' Multitasking Operating System';
const REFERENCE_HEAD = '-model reference kernel for ';
const MAX_TEXT = 200;

function printable(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || c === 0x09;
}

export function findBanners(bytes: Uint8Array): Banner[] {
  const out: Banner[] = [];
  const n = bytes.length;
  for (let i = 0; i + MARK.length <= n; i++) {
    if (bytes[i] !== 0x42) continue;
    let k = 1;
    while (k < MARK.length && bytes[i + k] === MARK[k]) k++;
    if (k < MARK.length) continue;
    let end = i + MARK.length;
    while (end < n && end - i < MAX_TEXT && printable(bytes[end])) end++;
    let text = '';
    for (let j = i; j < end; j++) text += String.fromCharCode(bytes[j]);
    const rest = text.slice(MARK.length);
    if (rest.startsWith(REFERENCE_HEAD)) {
      const m = /^\s*([^\s,;:()]+)/.exec(rest.slice(REFERENCE_HEAD.length));
      if (m) {
        const cpuText = m[1].replace(/[.!]+$/, '');
        if (cpuText) {
          out.push({ offset: i, text, cpuText, cpuId: cpuIdFromText(cpuText), kind: 'reference' });
          i = end - 1;
        }
      }
    } else if (rest.startsWith(' ')) {
      const t = rest.indexOf(ORIGINAL_TAIL);
      if (t > 1) {
        const cpuText = rest.slice(1, t).trim();
        if (cpuText && cpuText.length <= 24) {
          out.push({ offset: i, text, cpuText, cpuId: cpuIdFromText(cpuText), kind: 'original' });
          i = end - 1;
        }
      }
    }
  }
  return out;
}
