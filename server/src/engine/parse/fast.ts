import { FAILSAFE_SCHEMA, loadAll } from 'js-yaml';
import type { State } from 'js-yaml';
import { scanBlock } from './block-scan';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { DocumentOptions, ParsedNode, ParseOptions, SchemaOptions } from 'yaml';

/**
 * A fast path for parsing one chunk: js-yaml (several times faster than `yaml`'s CST parser) reads the structure
 * and the scalar strings, and the result is built as the very `yaml` nodes `parseAllDocuments` would give — same
 * classes, values (plain scalars resolved by the tags of the document's own schema), `range`, `type`, `source`,
 * `flow`. Anything this does not reproduce with certainty returns `undefined`, and the caller parses with `yaml`:
 * every js-yaml error (so syntax errors and duplicate keys are reported by `yaml` exactly as before), anchors,
 * aliases, tags, directives, merge keys, explicit keys, keep-chomped block scalars, empty values next to comments,
 * tabs, more than one document. Comments are not kept (the engine reads none of a parsed file's).
 */

export type FastOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Where a node stands: its range ends after the rest of its line only as a block value. */
const enum At {
  Block,
  Flow,
  BlockKey,
  FlowKey,
}

/**
 * One node as a reader saw it: one composeNode of js-yaml as its listener saw it open and close, or one node of
 * parse/block-scan.ts. `open` is at or before the node's first character (spaces, line breaks and comments between);
 * a scalar's `end` is at or after its last one (spaces and line breaks between), a flow collection's after its bracket.
 * A collection's `result` is js-yaml's value, checked against the children; null from the block scanner, whose
 * structure is certain.
 */
export interface Frame {
  open: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: Frame[];
}

/** js-yaml's state also carries the node's tag and anchor (not in its type declarations). */
type LoaderState = State & { tag: string | null; anchor: string | null };

/**
 * The names plain objects answer to through Object.prototype (`constructor`, `__proto__`, `toString`...), as a set:
 * asking `name in Object.prototype` for every key of every map, each a freshly read string, cost more (about a
 * tenth of building a document's nodes and data).
 */
const OBJECT_PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Thrown to leave the fast path; the caller falls back to `yaml`. */
const BAIL = new Error('fast path not applicable');
/** Deeper nesting falls back: `yaml` may run out of stack there and report it. A fast document's nodes lie less deep. */
export const MAX_DEPTH = 64;
const SCALAR = Symbol.for('yaml.scalar');

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  collection?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

/** A fast document, and its contents as plain data (its `toJS()`), built with its nodes. */
export interface FastDocument {
  doc: Document.Parsed;
  value: unknown;
}

/** The chunk's documents as `parseAllDocuments(source, options)` would give them, or undefined when not certain. */
export function parseFast(source: string, options: FastOptions): FastDocument[] | undefined {
  // Tabs, a CR alone and a BOM change how `yaml` splits whitespace into tokens; `%` may start a directive; the
  // two parsers disagree on `---#`.
  if (/[\t\uFEFF]|\r(?!\n)|^%|^(?:---|\.\.\.)(?![ \r\n]|$)/m.test(source)) return undefined;
  if (/^(?:[ ]*(?:#[^\n]*)?(?:\r?\n|$))*$/.test(source)) return [];
  const root = scanBlock(source, MAX_DEPTH) ?? readWithJsYaml(source);
  if (!root) return undefined;
  try {
    const doc = new Document(undefined, withSharedSchema(options)) as Document.Parsed;
    const builder = new Builder(source, doc);
    const contents = builder.node(root, At.Block);
    if (!(contents instanceof YAMLMap || contents instanceof YAMLSeq)) return undefined;
    const marker = markerLine(source);
    // Content on the `---` line itself: a block collection there is an error in `yaml`.
    if (marker >= 0 && !source.slice(marker, contents.range[0]).includes('\n')) return undefined;
    const contentEnd = contents.range[2];
    // An empty value last keeps the line break after it out of the document's range as well.
    if (!isBlank(source, contentEnd) || (contentEnd < source.length && source[contentEnd - 1] !== '\n')) return undefined;
    if (marker >= 0) doc.directives.docStart = true;
    doc.contents = contents;
    // Without `---` the document starts at the line of its content (an indented root's indent included).
    doc.range = [marker >= 0 ? marker : source.lastIndexOf('\n', contents.range[0] - 1) + 1, contentEnd, source.length];
    return [{ doc, value: builder.js }];
  } catch {
    // BAIL, or anything unforeseen: `yaml` decides.
    return undefined;
  }
}

/**
 * Per options, the same options with one schema for every document (`yaml` takes a schema in its options): each
 * chunk building its own from the tag lists cost more than reading a small manifest. Parsing only reads a schema.
 */
const sharedSchemas = new WeakMap<FastOptions, FastOptions>();

function withSharedSchema(options: FastOptions): FastOptions {
  let shared = sharedSchemas.get(options);
  if (!shared) {
    const schema = new Document(undefined, options).schema;
    sharedSchemas.set(options, (shared = { ...options, schema }));
    // The first shared schema is also what maps and lists answer for `schema` from their prototype (non-enumerable,
    // as `yaml` defines it on each one): the bundles' collection constructor then skips defining it on every map
    // and list built with it (scripts/build.mjs, PATCHES). Others still get their own.
    if (!Object.prototype.hasOwnProperty.call(YAMLMap.prototype, 'schema')) {
      for (const collection of [YAMLMap, YAMLSeq]) Object.defineProperty(collection.prototype, 'schema', { value: schema, writable: true, configurable: true });
    }
  }
  return shared;
}

/** The chunk's one root frame as js-yaml reads it, or undefined on any js-yaml error or more than one document. */
function readWithJsYaml(source: string): Frame | undefined {
  const roots: Frame[] = [];
  const stack: Frame[] = [];
  try {
    loadAll(source, undefined, {
      schema: FAILSAFE_SCHEMA,
      listener(event, state) {
        if (event === 'open') {
          if (stack.length >= MAX_DEPTH) throw BAIL;
          stack.push({ open: state.position, end: 0, kind: null, result: null, children: [] });
          return;
        }
        const s = state as LoaderState;
        if (s.anchor !== null || (s.tag !== null && s.tag !== '?')) throw BAIL;
        const frame = stack.pop()!;
        // js-yaml reads a copy of the text with a line break added at the end.
        frame.end = Math.min(s.position, source.length);
        frame.kind = s.kind;
        frame.result = s.result;
        (stack.length > 0 ? stack[stack.length - 1].children : roots).push(frame);
      },
    });
  } catch {
    return undefined;
  }
  return roots.length === 1 ? roots[0] : undefined;
}

/** The tags plain scalars resolved to, by text, for one list of tags (each document's schema has the same ones). */
interface KnownTags {
  /** The schema's own list last seen (a shared schema gives the same one every time). */
  source: readonly ScalarTag[];
  tags: readonly ScalarTag[];
  stringTag: ScalarTag;
  keys: Map<string, ScalarTag>;
  values: Map<string, ScalarTag>;
}
/** Bounds on what is remembered: short texts (names, numbers, flags), and a few thousand of them. */
const MAX_KNOWN_LENGTH = 64;
const MAX_KNOWN = 4096;
let known: KnownTags | undefined;

function knownTags(tags: readonly ScalarTag[], stringTag: ScalarTag): KnownTags {
  if (known?.source === tags && known.stringTag === stringTag) return known;
  if (!known || known.stringTag !== stringTag || known.tags.length !== tags.length || known.tags.some((t, i) => t !== tags[i])) {
    known = { source: tags, tags: [...tags], stringTag, keys: new Map(), values: new Map() };
  }
  known.source = tags;
  return known;
}

/** Maps with up to this many keys look for a duplicate key among the earlier ones; longer ones keep a set. */
const SHORT_MAP = 16;

/** Whether one of the first `count` keys of `map` has the value `value` (not NaN). */
function keyBefore(map: YAMLMap<ParsedNode, ParsedNode | null>, count: number, value: unknown): boolean {
  for (let j = 0; j < count; j++) if ((map.items[j].key as Scalar).value === value) return true;
  return false;
}

/** The values of the first `count` keys of `map`. */
function keySet(map: YAMLMap<ParsedNode, ParsedNode | null>, count: number): Set<unknown> {
  const keys = new Set<unknown>();
  for (let j = 0; j < count; j++) keys.add((map.items[j].key as Scalar).value);
  return keys;
}

function bail(): never {
  throw BAIL;
}

class Builder {
  private readonly tags: ScalarTag[];
  private readonly stringTag: ScalarTag;
  private readonly known: KnownTags;
  /**
   * The node just built as plain data, as `doc.toJS()` gives it: built along with the nodes, it spares a second walk
   * (a fast document has no aliases, merge keys or tags, and its keys are scalars).
   */
  js: unknown = null;

  constructor(
    private readonly src: string,
    private readonly doc: Document.Parsed,
  ) {
    const schema = doc.schema as unknown as { tags: ScalarTag[]; [SCALAR]: ScalarTag; compat: unknown };
    if (schema.compat) throw BAIL;
    this.tags = schema.tags;
    this.stringTag = schema[SCALAR];
    this.known = knownTags(this.tags, this.stringTag);
  }

  /** The tag of a plain scalar's text; the same texts (keys above all) recur in every document, so each is tested once. */
  private tagOf(text: string, key: boolean): ScalarTag {
    const known = key ? this.known.keys : this.known.values;
    let tag = known.get(text);
    if (tag === undefined) {
      tag = this.tags.find((t) => (t.default === true || (key && t.default === 'key')) && t.test?.test(text)) ?? this.stringTag;
      if (text.length <= MAX_KNOWN_LENGTH) {
        if (known.size >= MAX_KNOWN) known.clear();
        known.set(text, tag);
      }
    }
    return tag;
  }

  /** The node of a frame; `parent` is the column of the block collection it is in (-1 at the root). */
  node(f: Frame, at: At, parent = -1): ParsedNode {
    // A flow collection as a block sequence item is read first as a possible key: its frame sits inside the item's.
    if (f.children.length === 1 && typeof f.result === 'object' && f.result !== null && f.children[0].result === f.result) f = f.children[0];
    const src = this.src;
    const start = skipSpace(src, f.open);
    const c = src[start];
    if (c === '!' || c === '&' || c === '*' || c === '?' || c === '%' || c === '@' || c === '`') throw BAIL;
    if (f.kind === null) return this.valued(this.empty(f, at));
    if (f.kind === 'scalar') {
      if (typeof f.result !== 'string') throw BAIL;
      if (c === '|' || c === '>') return this.valued(this.blockScalar(f.result, c, start, at, parent));
      // js-yaml may close a node past the spaces after it (where it looked for a `:`).
      let end = f.end;
      while (end > start && (src[end - 1] === ' ' || src[end - 1] === '\n' || src[end - 1] === '\r')) end--;
      if (c === '"' || c === "'") {
        if (src[end - 1] !== c || end - 1 <= start) throw BAIL;
        this.flowLines(start, end, at, parent);
        return this.valued(this.scalar(f.result, c === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, start, end, at, false));
      }
      if (end === start) throw BAIL;
      this.flowLines(start, end, at, parent);
      return this.valued(this.scalar(f.result, Scalar.PLAIN, start, end, at, true));
    }
    if (at === At.BlockKey || at === At.FlowKey || (f.kind !== 'mapping' && f.kind !== 'sequence')) throw BAIL;
    const node = f.kind === 'mapping' ? this.map(f, start, c === '{', at) : this.seq(f, start, c === '[', at);
    // Where `yaml` ends the items of a flow collection over several lines depends on its indents: that falls back.
    if (node.flow && at !== At.Flow && src.slice(start, node.range[1]).includes('\n')) throw BAIL;
    return node;
  }

  /** A scalar, its value noted as the plain data of the node just built. */
  private valued(node: Scalar.Parsed): Scalar.Parsed {
    this.js = node.value;
    return node;
  }

  /** A quoted or plain scalar over several lines: `yaml` wants its lines indented past the block collection it is in, and a key on one line. */
  private flowLines(start: number, end: number, at: At, parent: number): void {
    if (at === At.Flow) return;
    const src = this.src;
    for (let nl = src.indexOf('\n', start); nl >= 0 && nl < end; nl = src.indexOf('\n', nl + 1)) {
      if (at !== At.Block) throw BAIL;
      let q = nl + 1;
      while (src[q] === ' ') q++;
      if (!lineBreak(src, q) && q - nl - 1 <= parent) throw BAIL;
    }
  }

  /** `key:` or `-` with nothing: `yaml` gives a null scalar; next to a comment its range takes lines in, so that falls back. */
  private empty(f: Frame, at: At): Scalar.Parsed {
    if (at !== At.Block) throw BAIL;
    const src = this.src;
    let p = f.open;
    while (src[p] === ' ') p++;
    if (p < src.length && !lineBreak(src, p)) throw BAIL;
    for (let line = p + 1; line < src.length; ) {
      let q = line;
      while (src[q] === ' ') q++;
      if (src[q] === '#') throw BAIL;
      if (!lineBreak(src, q)) break;
      line = q + 1;
    }
    const node = this.resolve('', false);
    node.range = [p, p, p];
    node.source = '';
    node.type = Scalar.PLAIN;
    return node as Scalar.Parsed;
  }

  private scalar(text: string, type: Scalar.Type, start: number, end: number, at: At, plain: boolean): Scalar.Parsed {
    const node = plain ? this.resolve(text, at === At.BlockKey || at === At.FlowKey) : new Scalar(text);
    node.range = [start, end, this.nodeEnd(end, at)];
    node.source = text;
    node.type = type;
    return node as Scalar.Parsed;
  }

  /** A plain scalar's value, as `yaml`'s composer resolves it: the first default tag of the schema whose test matches. */
  private resolve(text: string, key: boolean): Scalar {
    if (key && text === '<<') throw BAIL;
    const tag = this.tagOf(text, key);
    const value = tag.resolve(text, bail, this.doc.options);
    const node = value instanceof Scalar ? value : new Scalar(value);
    if (tag.format) node.format = tag.format;
    return node;
  }

  /**
   * Literal and folded scalars: the range ends after the last line with content, spaces past the content's indent
   * included. Keep chomping (`|+`, which takes trailing blank lines in) and an explicit indent fall back.
   */
  private blockScalar(text: string, c: string, start: number, at: At, parent: number): Scalar.Parsed {
    if (at !== At.Block) throw BAIL;
    const src = this.src;
    const headerEnd = src.indexOf('\n', start);
    if (headerEnd < 0 || /[+0-9]/.test(src.slice(start + 1, headerEnd).replace(/#.*/, ''))) throw BAIL;
    let indent = -1;
    let end = -1;
    let longest = 0;
    for (let line = headerEnd + 1; line < src.length; ) {
      let q = line;
      while (src[q] === ' ') q++;
      const next = src.indexOf('\n', q) + 1 || src.length;
      if (q === src.length || lineBreak(src, q)) {
        longest = Math.max(longest, q - line);
        if (indent >= 0 && q - line > indent) end = next;
      } else {
        if (indent < 0) {
          // Blank lines before the first content line, longer than its indent, are an error in `yaml`.
          if (longest > q - line || q - line <= parent) throw BAIL;
          indent = q - line;
        }
        if (q - line < indent) break;
        end = next;
      }
      line = next;
    }
    if (end < 0) throw BAIL;
    const node = new Scalar(text);
    node.range = [start, end, end];
    node.source = text;
    node.type = c === '|' ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED;
    return node as Scalar.Parsed;
  }

  private map(f: Frame, start: number, flow: boolean, at: At): YAMLMap.Parsed {
    const result = f.result as Record<string, unknown> | null;
    const n = f.children.length;
    if (n === 0 ? !flow : n % 2 !== 0 || (result !== null && n !== 2 * Object.keys(result).length)) throw BAIL;
    if (!flow && at !== At.Block) throw BAIL;
    const map = new YAMLMap<ParsedNode, ParsedNode | null>(this.doc.schema);
    // Sized at once: pushed, a short list keeps room for 17 items (most of a document's maps have two or three, and
    // every one is kept until the run ends).
    map.items = new Array<Pair<ParsedNode, ParsedNode | null>>(n / 2);
    const indent = column(this.src, start);
    // The keys so far, for duplicates: a short map's are compared one by one, a long one's go in a set.
    let keys: Set<unknown> | undefined;
    const data: Record<string, unknown> = {};
    for (let i = 0; i < n; i += 2) {
      const k = f.children[i];
      const v = f.children[i + 1];
      if (k.kind !== 'scalar' || (result !== null && result[k.result as string] !== v.result)) throw BAIL;
      const value = this.node(v, flow ? At.Flow : At.Block, indent);
      const valueData = this.js;
      if (!flow && i < n - 2) this.noCommentAfter(value, indent);
      const key = this.node(k, flow ? At.FlowKey : At.BlockKey) as Scalar.Parsed;
      // `yaml` wants the `:` at most 1024 characters after the key's start.
      if (v.open - key.range[0] > 1000) throw BAIL;
      // Keys distinct as strings may resolve to one value (`y` and `Y` are both true in YAML 1.1): `yaml` reports that.
      // Without js-yaml's check of the texts, a NaN key (never equal to itself) falls back.
      if (key.value !== key.value ? result === null : i < 2 * SHORT_MAP ? keyBefore(map, i / 2, key.value) : (keys ??= keySet(map, i / 2)).has(key.value)) throw BAIL;
      keys?.add(key.value);
      map.items[i / 2] = new Pair(key, value);
      // Keys as `toJS` names them (yaml's addPairToJSMap): null is '', and a name the object already answers to
      // (`constructor`, `__proto__`) becomes an own property. `data` has no other keys than earlier ones of this map
      // (`1` and `'1'`, which assigning overwrites just the same), so only Object.prototype's names are asked about.
      const name = key.value === null ? '' : String(key.value as string | number | boolean);
      if (OBJECT_PROTOTYPE_NAMES.has(name)) Object.defineProperty(data, name, { value: valueData, writable: true, enumerable: true, configurable: true });
      else data[name] = valueData;
    }
    this.js = data;
    map.range = this.collectionRange(map.items.length ? map.items[map.items.length - 1].value : null, start, indent, f.end, flow, at, '}');
    if (flow) map.flow = true;
    return map as YAMLMap.Parsed;
  }

  private seq(f: Frame, start: number, flow: boolean, at: At): YAMLSeq.Parsed {
    const result = f.result as unknown[] | null;
    const n = f.children.length;
    if ((result !== null && n !== result.length) || (n === 0 && !flow) || (!flow && at !== At.Block)) throw BAIL;
    const seq = new YAMLSeq<ParsedNode>(this.doc.schema);
    seq.items = new Array<ParsedNode>(n);
    const data: unknown[] = [];
    const indent = column(this.src, start);
    for (let i = 0; i < n; i++) {
      const item = f.children[i];
      if (result !== null && result[i] !== item.result) throw BAIL;
      const value = this.node(item, flow ? At.Flow : At.Block, indent);
      if (!flow && i < n - 1) this.noCommentAfter(value, indent);
      seq.items[i] = value;
      data.push(this.js);
    }
    this.js = data;
    seq.range = this.collectionRange(seq.items.length ? seq.items[seq.items.length - 1] : null, start, indent, f.end, flow, at, ']');
    if (flow) seq.flow = true;
    return seq as YAMLSeq.Parsed;
  }

  /** Comment lines indented deeper than a block collection after one of its items: `yaml` takes them into the item's range. */
  private noCommentAfter(value: ParsedNode, indent: number): void {
    if (commentAfter(this.src, value.range[2], indent + 1)) throw BAIL;
  }

  /** End of a node with what follows it: the rest of the line of a block value, the spaces before `,` or a bracket in a flow collection. */
  private nodeEnd(end: number, at: At): number {
    const src = this.src;
    // A comment right after a quote or bracket, with no space, is an error in `yaml`.
    if (src[end] === '#') throw BAIL;
    if (at === At.Block) return lineEnd(src, end);
    if (at === At.Flow) while (src[end] === ' ' || src[end] === '\n' || src[end] === '\r') end++;
    return end;
  }

  /** A flow collection spans its brackets (and the rest of its line as a block value); a block one ends where its last value does. */
  private collectionRange(last: ParsedNode | null, start: number, indent: number, closed: number, flow: boolean, at: At, close: string): [number, number, number] {
    if (flow) {
      // Comments inside a flow collection attach to its items in ways not reproduced here.
      if (this.src[closed - 1] !== close || this.src.slice(start, closed).includes('#')) throw BAIL;
      return [start, closed, this.nodeEnd(closed, at)];
    }
    const end = last!.range[2];
    return [start, end, this.trailingComments(end, indent)];
  }

  /**
   * Comment lines after a block collection's last item, as deep as the collection, belong to it: its range ends
   * after them (and the blank lines and indent up to the next content). Deeper ones go into the item's range, which
   * falls back; at column 0 they are the document's.
   */
  private trailingComments(end: number, indent: number): number {
    const src = this.src;
    if (indent === 0 || src[end - 1] !== '\n') {
      if (commentAfter(src, end, indent + 1)) throw BAIL;
      return end;
    }
    let after = end;
    for (let line = end; line < src.length; ) {
      let q = line;
      while (src[q] === ' ') q++;
      const next = src.indexOf('\n', q) + 1 || src.length;
      if (q < src.length && !lineBreak(src, q)) {
        if (src[q] !== '#') return after === end ? end : q;
        if (q - line !== indent) {
          // Deeper ones go into the item; shallower ones after them are taken in in ways not reproduced here.
          if (q - line > indent || after !== end) throw BAIL;
          // A shallower comment ends the collection, unless comments as deep as it follow: `yaml` takes all of them in.
          if (commentAfter(src, next, indent)) throw BAIL;
          return end;
        }
        after = next;
      }
      line = next;
    }
    return after === end ? end : src.length;
  }
}

/** A line break at `p`: LF or CR LF. */
function lineBreak(src: string, p: number): boolean {
  return src[p] === '\n' || (src[p] === '\r' && src[p + 1] === '\n');
}

/** Column of an offset. */
function column(src: string, p: number): number {
  return p - (src.lastIndexOf('\n', p - 1) + 1);
}

/** Past spaces, line breaks and comments. */
function skipSpace(src: string, p: number): number {
  for (;;) {
    const c = src[p];
    if (c === ' ' || c === '\n' || c === '\r') p++;
    else if (c === '#') {
      const nl = src.indexOf('\n', p);
      if (nl < 0) return src.length;
      p = nl + 1;
    } else return p;
  }
}

/** Past the spaces, comment and line break that end a block value's line. */
function lineEnd(src: string, p: number): number {
  while (src[p] === ' ') p++;
  if (src[p] === '#') {
    const nl = src.indexOf('\n', p);
    return nl < 0 ? src.length : nl + 1;
  }
  return src[p] === '\n' ? p + 1 : lineBreak(src, p) ? p + 2 : p;
}

/** Whether a comment line indented at least `indent` follows `p` before the next line with content. */
function commentAfter(src: string, p: number, indent: number): boolean {
  let line = p > 0 && src[p - 1] !== '\n' ? src.indexOf('\n', p) + 1 : p;
  while (line > 0 && line < src.length) {
    let q = line;
    while (src[q] === ' ') q++;
    if (src[q] === '#') {
      if (q - line >= indent) return true;
    } else if (!lineBreak(src, q)) return false;
    line = src.indexOf('\n', q) + 1;
  }
  return false;
}

/** Only blank lines, comments and a `...` document end from `p` on. */
function isBlank(src: string, p: number): boolean {
  return /^(?:[ \r\n]|#[^\n]*|^\.\.\.(?=[ \r\n]|$))*$/m.test(src.slice(p));
}

/** Offset of the `---` line that opens the chunk's document, after leading comments, or -1. */
function markerLine(src: string): number {
  const m = /^(?:[ ]*(?:#[^\n]*)?\r?\n)*---(?=[ \r\n]|$)/.exec(src);
  return m ? m[0].length - 3 : -1;
}
