import type { Frame } from './fast';

/**
 * A one-pass reader for the plain block YAML most manifests are written in: block mappings and sequences, plain and
 * quoted one-line scalars, literal and folded block scalars, `[]`, `{}` and one-line flow sequences of scalars, and
 * comments. It gives the frames parse/fast.ts builds `yaml` nodes from, as js-yaml's listener would, at a fraction of
 * js-yaml's cost: it reads structure and scalar text only, and builds no JS values.
 *
 * It decides structure on its own, so it declines (undefined) on anything it does not read with certainty, and
 * js-yaml reads the chunk instead: escapes, anchors, tags, explicit keys, multi-line plain or quoted scalars, flow
 * mappings with entries, nested flow collections, keep chomping and explicit indents, document markers inside the
 * chunk. The builder still checks every range rule, and parse/fast.test.ts compares the result with `yaml` itself.
 */
export function scanBlock(src: string, maxDepth: number): Frame | undefined {
  // Characters js-yaml refuses (so `yaml` reads the chunk): control characters, lone surrogates, U+FFFE/F.
  if (NON_PRINTABLE.test(src)) return undefined;
  try {
    return new BlockScanner(src, maxDepth).document();
  } catch {
    // DECLINE, or anything unforeseen: js-yaml decides.
    return undefined;
  }
}

// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

const DECLINE = new Error('block scan not applicable');

function decline(): never {
  throw DECLINE;
}

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_SEQ = 0x5b;
const CLOSE_SEQ = 0x5d;
const OPEN_MAP = 0x7b;
const CLOSE_MAP = 0x7d;
const PIPE = 0x7c;
const GT = 0x3e;

/** Character classes of ASCII codes, as bits: what may not start a plain scalar here, appear in a plain key, in a flow scalar. */
const NOT_PLAIN_START = 1;
const NOT_IN_KEY = 2;
const NOT_IN_FLOW = 4;
const CLASS = new Uint8Array(65536);
for (const c of '-?:,[]{}#&*!|>\'"%@`') CLASS[c.charCodeAt(0)] |= NOT_PLAIN_START;
for (const c of ',[]{}#&*!|>\'"%@`') CLASS[c.charCodeAt(0)] |= NOT_IN_KEY;
for (const c of ',[]{}#:&*!|>\'"%@`?') CLASS[c.charCodeAt(0)] |= NOT_IN_FLOW;

class BlockScanner {
  private readonly n: number;
  /** Line start of the next content line after the node just read (n at the end). */
  private next = 0;

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
  ) {
    this.n = src.length;
  }

  document(): Frame {
    const src = this.src;
    let line = this.skipBlank(0, true);
    if (src.startsWith('---', line)) {
      // The marker line holds nothing but a comment (content on it falls back).
      line = this.skipBlank(this.nextLine(this.restOfLine(line + 3)), false);
    }
    if (line >= this.n) decline();
    const indent = this.indentAt(line);
    const root = this.block(line + indent, indent, 0);
    if (this.next < this.n) decline();
    return root;
  }

  private code(p: number): number {
    return this.src.charCodeAt(p);
  }

  /** A line break (LF, CR LF) or the end of the text at `p`. */
  private eol(p: number): boolean {
    const c = this.code(p);
    return p >= this.n || c === LF || (c === CR && this.code(p + 1) === LF);
  }

  /** A space or a line end after an indicator. */
  private spaceOrEol(p: number): boolean {
    return this.code(p) === SPACE || this.eol(p);
  }

  /** Offset of the line break (or the end) of the line holding `p`. */
  private lineEnd(p: number): number {
    const nl = this.src.indexOf('\n', p);
    if (nl < 0) return this.n;
    return this.code(nl - 1) === CR && nl - 1 >= p ? nl - 1 : nl;
  }

  /** The line end after `p`, where only spaces and a comment after one may follow a node or an indicator. */
  private restOfLine(p: number): number {
    let q = p;
    while (this.code(q) === SPACE) q++;
    if (this.code(q) === HASH && q > p) q = this.lineEnd(q);
    if (!this.eol(q)) decline();
    return q;
  }

  /** Start of the line after the one holding `p`. */
  private nextLine(p: number): number {
    const nl = this.src.indexOf('\n', p);
    return nl < 0 ? this.n : nl + 1;
  }

  private indentAt(line: number): number {
    let p = line;
    while (this.code(p) === SPACE) p++;
    return p - line;
  }

  /**
   * Start of the first line from `line` on with content (not blank, not a comment), or the end. A document marker
   * inside the chunk falls back; `---` opening the chunk is left for `document` when `leading`.
   */
  private skipBlank(line: number, leading: boolean): number {
    const src = this.src;
    while (line < this.n) {
      const p = line + this.indentAt(line);
      if (this.eol(p) || this.code(p) === HASH) {
        line = this.nextLine(p);
        continue;
      }
      if (p === line && (src.startsWith('...', p) || (src.startsWith('---', p) && !leading))) decline();
      return line;
    }
    return this.n;
  }

  private frame(open: number, kind: string | null, result: unknown, depth: number): Frame {
    if (depth >= this.maxDepth) decline();
    return { open, end: 0, kind, result, children: [] };
  }

  /** A block node whose first content is at `p`, in column `col`. */
  private block(p: number, col: number, depth: number): Frame {
    return this.isItem(p) ? this.seq(p, col, depth) : this.map(p, col, depth);
  }

  /** A block mapping whose first key starts at `p`, in column `col`. */
  private map(p: number, col: number, depth: number): Frame {
    // `result: null` marks a collection whose structure is certain (parse/fast.ts `Frame`).
    const map = this.frame(p, 'mapping', null, depth);
    for (;;) {
      const colon = this.key(p, map, depth + 1);
      map.children.push(this.value(colon + 1, col, depth + 1, true));
      p = this.nextInColumn(col);
      if (p < 0) break;
      // A sequence item where the next key belongs is an error in `yaml` (unless it is the value of the last key).
      if (this.isItem(p)) decline();
    }
    return map;
  }

  /** A block sequence whose first `-` is at `p`, in column `col`. */
  private seq(p: number, col: number, depth: number): Frame {
    const seq = this.frame(p, 'sequence', null, depth);
    for (;;) {
      seq.children.push(this.item(p + 1, col, depth + 1));
      p = this.nextInColumn(col);
      // A key in the sequence's column ends it: the mapping the sequence is the value of goes on (else its parent declines).
      if (p < 0 || !this.isItem(p)) break;
    }
    return seq;
  }

  /** The next content after a collection's entry when it is in the collection's column `col`, or -1 where the collection ends. */
  private nextInColumn(col: number): number {
    const next = this.next;
    if (next >= this.n) return -1;
    const indent = this.indentAt(next);
    if (indent > col) decline();
    return indent < col ? -1 : next + indent;
  }

  /** A `-` sequence indicator at `p`. */
  private isItem(p: number): boolean {
    return this.code(p) === DASH && this.spaceOrEol(p + 1);
  }

  /** The key at `p` of a mapping entry, pushed onto `map`; returns the offset of its `:`. */
  private key(p: number, map: Frame, depth: number): number {
    const c = this.code(p);
    if (c === DQUOTE || c === SQUOTE) {
      const key = this.quoted(p, depth);
      if (this.code(key.end) !== COLON || !this.spaceOrEol(key.end + 1)) decline();
      map.children.push(key);
      return key.end;
    }
    // `--max-model-len: 2048`: a dash starts a plain key when no space follows it.
    if (CLASS[c] & NOT_PLAIN_START && !(c === DASH && !this.spaceOrEol(p + 1))) decline();
    const src = this.src;
    for (let q = p; ; q++) {
      const k = this.code(q);
      if (k === LF || k === CR || q >= this.n) decline();
      if (k === COLON && this.spaceOrEol(q + 1)) {
        let end = q;
        while (this.code(end - 1) === SPACE) end--;
        const key = this.frame(p, 'scalar', src.slice(p, end), depth);
        key.end = end;
        map.children.push(key);
        return q;
      }
      if (CLASS[k] & NOT_IN_KEY) decline();
    }
  }

  /** Whether a mapping entry starts at `p` (a compact mapping in a sequence item). */
  private isKey(p: number): boolean {
    const c = this.code(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.src.indexOf(String.fromCharCode(c), p + 1);
      return close > 0 && close < this.lineEnd(p) && this.code(close + 1) === COLON;
    }
    if (c === OPEN_SEQ || c === OPEN_MAP) return false;
    for (let q = p; !this.eol(q); q++) {
      const k = this.code(q);
      if (k === COLON && this.spaceOrEol(q + 1)) return true;
      if (k === HASH && this.code(q - 1) === SPACE) return false;
    }
    return false;
  }

  /** The value of a mapping entry (`inMap`) or a sequence item, after its `:` or `-` at `after`, in column `col`. */
  private value(after: number, col: number, depth: number, inMap: boolean): Frame {
    let p = after;
    while (this.code(p) === SPACE) p++;
    if (this.eol(p) || (this.code(p) === HASH && p > after)) {
      const next = this.skipBlank(this.nextLine(p), false);
      if (next < this.n) {
        const indent = this.indentAt(next);
        const q = next + indent;
        if (indent > col) {
          const node = this.block(q, indent, depth);
          node.open = after;
          return node;
        }
        // `key:` then `- item` lines in the key's own column: the sequence is the key's value.
        if (inMap && indent === col && this.isItem(q)) {
          const node = this.seq(q, indent, depth);
          node.open = after;
          return node;
        }
      }
      this.next = next;
      return this.frame(after, null, null, depth);
    }
    if (p === after) decline();
    if (!inMap && this.isKey(p)) {
      // `- name: x`: a mapping in the item, in the column of its first key.
      const node = this.map(p, p - (this.src.lastIndexOf('\n', p - 1) + 1), depth);
      node.open = after;
      return node;
    }
    const c = this.code(p);
    if (c === PIPE || c === GT) return this.blockScalar(p, col, depth);
    const node = c === OPEN_SEQ || c === OPEN_MAP ? this.flow(p, depth) : c === DQUOTE || c === SQUOTE ? this.quoted(p, depth) : this.plain(p, depth);
    this.next = this.skipBlank(this.nextLine(this.restOfLine(node.end)), false);
    // Deeper lines after a one-line value continue it (a multi-line scalar) or are an error: both fall back.
    if (this.next < this.n && this.indentAt(this.next) > col) decline();
    node.open = after;
    return node;
  }

  /** A sequence item's value, after its `-` at `after`. */
  private item(after: number, col: number, depth: number): Frame {
    if (!this.eol(after) && this.code(after) !== SPACE) decline();
    let p = after;
    while (this.code(p) === SPACE) p++;
    // `- - x`: a sequence in an item.
    if (this.isItem(p)) decline();
    return this.value(after, col, depth, false);
  }

  /** A one-line plain scalar at `p`, up to a comment or the line's end. */
  private plain(p: number, depth: number): Frame {
    if (CLASS[this.code(p)] & NOT_PLAIN_START && !(this.code(p) === DASH && !this.spaceOrEol(p + 1))) decline();
    let end = p;
    for (let q = p; q < this.n; q++) {
      const k = this.code(q);
      if (k === SPACE) continue;
      if (k === LF || k === CR) break;
      if (k === HASH && this.code(q - 1) === SPACE) break;
      // `a: b: c` is an error in `yaml`.
      if (k === COLON && this.spaceOrEol(q + 1)) decline();
      end = q + 1;
    }
    const node = this.frame(p, 'scalar', this.src.slice(p, end), depth);
    node.end = end;
    return node;
  }

  /** A one-line quoted scalar at `p` without escapes; `end` is after its closing quote. */
  private quoted(p: number, depth: number): Frame {
    const src = this.src;
    const quote = this.code(p);
    let q = p + 1;
    let doubled = false;
    for (;;) {
      const k = this.code(q);
      if (k === LF || k === CR || q >= this.n) decline();
      if (k === BACKSLASH && quote === DQUOTE) decline();
      if (k === quote) {
        if (quote === SQUOTE && this.code(q + 1) === SQUOTE) {
          doubled = true;
          q += 2;
          continue;
        }
        break;
      }
      q++;
    }
    const text = src.slice(p + 1, q);
    const node = this.frame(p, 'scalar', doubled ? text.replace(/''/g, "'") : text, depth);
    node.end = q + 1;
    return node;
  }

  /** `[]`, `{}`, or a one-line flow sequence of plain and quoted scalars. */
  private flow(p: number, depth: number): Frame {
    const isMap = this.code(p) === OPEN_MAP;
    const close = isMap ? CLOSE_MAP : CLOSE_SEQ;
    const node = this.frame(p, isMap ? 'mapping' : 'sequence', null, depth);
    let q = p + 1;
    while (this.code(q) === SPACE) q++;
    if (this.code(q) === close) {
      node.end = q + 1;
      return node;
    }
    for (;;) {
      if (isMap) {
        const key = this.flowScalar(q, COLON, depth + 1);
        // `key: value`, the colon right after the key and a space after it.
        if (this.code(key.end) !== COLON || this.code(key.end + 1) !== SPACE) decline();
        node.children.push(key);
        q = key.end + 1;
      }
      const item = this.flowScalar(q, close, depth + 1);
      node.children.push(item);
      q = item.end;
      while (this.code(q) === SPACE) q++;
      const k = this.code(q);
      if (k === close) {
        node.end = q + 1;
        return node;
      }
      if (k !== COMMA) decline();
      q++;
    }
  }

  /** A plain or quoted scalar in a flow collection from `p` (spaces first), ending before `,`, `stop` or a line end. */
  private flowScalar(p: number, stop: number, depth: number): Frame {
    while (this.code(p) === SPACE) p++;
    const c = this.code(p);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(p, depth);
    if (CLASS[c] & NOT_IN_FLOW || (c === DASH && (this.spaceOrEol(p + 1) || CLASS[this.code(p + 1)] & NOT_IN_FLOW))) decline();
    let end = p;
    for (let r = p; ; r++) {
      const k = this.code(r);
      if (k === COMMA || k === stop) break;
      // A line end, or what this reader leaves to js-yaml (a `:` in a value, nested collections, comments).
      if (k === LF || k === CR || r >= this.n || CLASS[k] & NOT_IN_FLOW) decline();
      if (k !== SPACE) end = r + 1;
    }
    if (end === p) decline();
    const node = this.frame(p, 'scalar', this.src.slice(p, end), depth);
    node.end = end;
    return node;
  }

  /**
   * A literal or folded block scalar whose header is at `p`, in a collection in column `col`: its lines run while
   * they are blank or indented as deep as its first one. Keep chomping, explicit indents, whitespace-only lines
   * deeper than the text and, when folded, more-indented lines or trailing spaces fall back.
   */
  private blockScalar(p: number, col: number, depth: number): Frame {
    const folded = this.code(p) === GT;
    let q = p + 1;
    const strip = this.code(q) === DASH;
    if (strip) q++;
    q = this.restOfLine(q);
    const lines: string[] = [];
    let indent = -1;
    let blank = 0;
    let line = this.nextLine(q);
    while (line < this.n) {
      const spaces = this.indentAt(line);
      const text = line + spaces;
      if (this.eol(text)) {
        if (indent >= 0 ? spaces > indent : false) decline();
        blank++;
        line = this.nextLine(text);
        continue;
      }
      if (indent < 0) {
        if (spaces <= col || blank > 0) decline();
        indent = spaces;
      }
      if (spaces < indent) break;
      const end = this.lineEnd(text);
      if (folded && (spaces > indent || this.code(end - 1) === SPACE)) decline();
      for (; blank > 0; blank--) lines.push('');
      lines.push(this.src.slice(line + indent, end));
      line = this.nextLine(end);
    }
    if (indent < 0) decline();
    let value = '';
    if (folded) {
      let breaks = -1;
      for (const l of lines) {
        if (l === '') breaks++;
        else {
          value += breaks < 0 ? l : breaks === 0 ? ` ${l}` : '\n'.repeat(breaks) + l;
          breaks = 0;
        }
      }
    } else value = lines.join('\n');
    if (!strip) value += '\n';
    this.next = this.skipBlank(line, false);
    return this.frame(p, 'scalar', value, depth);
  }
}
