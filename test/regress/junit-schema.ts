/**
 * A strict XML 1.0 reader (enough for JUnit reports) and the JUnit report schema as CI tools
 * read it (the Ant/Jenkins "junit-10" structure), written out as a table: which elements may
 * appear where, which attributes they have, which are required, which are numbers.
 */

export interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`${where}: "<" must be escaped`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s)) throw new Error(`${where}: character not allowed in XML 1.0`);
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, ent: string | undefined) => {
    if (ent === undefined) throw new Error(`${where}: bare "&"`);
    if (ent === 'amp') return '&';
    if (ent === 'lt') return '<';
    if (ent === 'gt') return '>';
    if (ent === 'quot') return '"';
    if (ent === 'apos') return "'";
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    throw new Error(`${where}: unknown entity ${m}`);
  });
}

/** Parse a whole document; throws on anything not well-formed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    if (!/^<\?xml version="1\.0"( encoding="UTF-8")?\?>$/.test(text.slice(0, end + 2))) throw new Error('bad XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (stack.length === 0) {
      if (chunk.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    } else stack[stack.length - 1].text += decode(chunk, `text at ${i}`);
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (text.startsWith('</', i)) {
      const m = NAME.exec(text.slice(i + 2));
      if (!m) throw new Error(`bad end tag at ${i}`);
      const top = stack.pop();
      if (!top || top.name !== m[0]) throw new Error(`end tag </${m[0]}> does not match <${top?.name ?? 'nothing'}>`);
      i += 2 + m[0].length;
      while (/\s/.test(text[i])) i++;
      if (text[i] !== '>') throw new Error(`bad end tag </${m[0]}>`);
      i++;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (!m) throw new Error(`bad start tag at ${i}`);
    const el: XmlElement = { name: m[0], attrs: new Map(), children: [], text: '' };
    i += 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(text.slice(i))![0].length;
      i += ws;
      if (text.startsWith('/>', i) || text[i] === '>') break;
      if (ws === 0) throw new Error(`attributes of <${el.name}> need white space between them`);
      const a = /^([A-Za-z_:][A-Za-z0-9_:.-]*)="([^"]*)"/.exec(text.slice(i));
      if (!a) throw new Error(`bad attribute in <${el.name}> at ${i}`);
      if (el.attrs.has(a[1])) throw new Error(`duplicate attribute ${a[1]} in <${el.name}>`);
      el.attrs.set(a[1], decode(a[2], `attribute ${a[1]} of <${el.name}>`));
      i += a[0].length;
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error('more than one root element');
    else root = el;
    if (text.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new Error('no root element');
  return root;
}

interface ElementRule {
  attrs: string[];
  required: string[];
  integers: string[];
  decimals: string[];
  /** Allowed children with [min, max] occurrences. */
  children: Record<string, [number, number]>;
  /** Whether text content is allowed (other than white space). */
  text: boolean;
}

const INF = Infinity;

export const JUNIT_SCHEMA: Record<string, ElementRule> = {
  testsuites: {
    attrs: ['name', 'tests', 'failures', 'errors', 'disabled', 'time'], required: [],
    integers: ['tests', 'failures', 'errors', 'disabled'], decimals: ['time'],
    children: { testsuite: [0, INF] }, text: false,
  },
  testsuite: {
    attrs: ['name', 'tests', 'failures', 'errors', 'skipped', 'disabled', 'time', 'timestamp', 'hostname', 'id', 'package', 'file'],
    required: ['name', 'tests', 'failures', 'errors'],
    integers: ['tests', 'failures', 'errors', 'skipped', 'disabled', 'id'], decimals: ['time'],
    children: { properties: [0, 1], testcase: [0, INF], 'system-out': [0, 1], 'system-err': [0, 1] }, text: false,
  },
  properties: { attrs: [], required: [], integers: [], decimals: [], children: { property: [0, INF] }, text: false },
  property: { attrs: ['name', 'value'], required: ['name', 'value'], integers: [], decimals: [], children: {}, text: false },
  testcase: {
    attrs: ['name', 'classname', 'time', 'file', 'line', 'assertions', 'status'], required: ['name', 'classname'],
    integers: ['assertions', 'line'], decimals: ['time'],
    children: { skipped: [0, 1], error: [0, INF], failure: [0, INF], 'system-out': [0, INF], 'system-err': [0, INF] }, text: false,
  },
  failure: { attrs: ['message', 'type'], required: [], integers: [], decimals: [], children: {}, text: true },
  error: { attrs: ['message', 'type'], required: [], integers: [], decimals: [], children: {}, text: true },
  skipped: { attrs: ['message'], required: [], integers: [], decimals: [], children: {}, text: true },
  'system-out': { attrs: [], required: [], integers: [], decimals: [], children: {}, text: true },
  'system-err': { attrs: [], required: [], integers: [], decimals: [], children: {}, text: true },
};

/** Every way `root` breaks the JUnit schema (empty when it conforms), counts included. */
export function validateJunit(root: XmlElement): string[] {
  const problems: string[] = [];
  if (root.name !== 'testsuites' && root.name !== 'testsuite') problems.push(`root element is <${root.name}>`);
  const visit = (el: XmlElement, path: string): void => {
    const rule = JUNIT_SCHEMA[el.name];
    if (!rule) {
      problems.push(`${path}: unknown element`);
      return;
    }
    for (const a of el.attrs.keys()) if (!rule.attrs.includes(a)) problems.push(`${path}: attribute ${a} not allowed`);
    for (const a of rule.required) if (!el.attrs.has(a)) problems.push(`${path}: attribute ${a} missing`);
    for (const a of rule.integers) if (el.attrs.has(a) && !/^\d+$/.test(el.attrs.get(a)!)) problems.push(`${path}: ${a} is not an integer`);
    for (const a of rule.decimals) if (el.attrs.has(a) && !/^\d+(\.\d+)?$/.test(el.attrs.get(a)!)) problems.push(`${path}: ${a} is not a decimal`);
    if (!rule.text && el.text.trim() !== '') problems.push(`${path}: text not allowed`);
    const counts = new Map<string, number>();
    for (const c of el.children) {
      if (!(c.name in rule.children)) problems.push(`${path}: <${c.name}> not allowed here`);
      counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
    }
    for (const [name, [min, max]] of Object.entries(rule.children)) {
      const n = counts.get(name) ?? 0;
      if (n < min || n > max) problems.push(`${path}: ${n} <${name}> (allowed ${min}..${max})`);
    }
    el.children.forEach((c, k) => visit(c, `${path}/${c.name}[${k}]`));
  };
  visit(root, root.name);
  // The totals CI tools show must agree with the test cases.
  const suites = root.name === 'testsuites' ? root.children.filter((c) => c.name === 'testsuite') : [root];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const s of suites) {
    const cases = s.children.filter((c) => c.name === 'testcase');
    const f = cases.filter((c) => c.children.some((x) => x.name === 'failure')).length;
    const e = cases.filter((c) => c.children.some((x) => x.name === 'error')).length;
    const name = s.attrs.get('name');
    if (Number(s.attrs.get('tests')) !== cases.length) problems.push(`testsuite ${name}: tests=${s.attrs.get('tests')} but ${cases.length} testcases`);
    if (Number(s.attrs.get('failures')) !== f) problems.push(`testsuite ${name}: failures=${s.attrs.get('failures')} but ${f} failed`);
    if (Number(s.attrs.get('errors')) !== e) problems.push(`testsuite ${name}: errors=${s.attrs.get('errors')} but ${e} errors`);
    tests += cases.length;
    failures += f;
    errors += e;
  }
  if (root.name === 'testsuites') {
    if (root.attrs.has('tests') && Number(root.attrs.get('tests')) !== tests) problems.push(`testsuites: tests=${root.attrs.get('tests')} but ${tests}`);
    if (root.attrs.has('failures') && Number(root.attrs.get('failures')) !== failures) problems.push(`testsuites: failures=${root.attrs.get('failures')} but ${failures}`);
    if (root.attrs.has('errors') && Number(root.attrs.get('errors')) !== errors) problems.push(`testsuites: errors=${root.attrs.get('errors')} but ${errors}`);
  }
  return problems;
}
