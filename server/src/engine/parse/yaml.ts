import { Alias, Document, LineCounter, Pair, Scalar, YAMLMap, YAMLSeq, parseAllDocuments, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Node } from 'yaml';
import type { Range } from '../types';
import { MAX_DEPTH as FAST_MAX_DEPTH, parseFast } from './fast';
import type { FastDocument, FastOptions } from './fast';
import { ownCopy, splitDocuments } from './text';
import type { ChunkedText } from './text';

/**
 * The one YAML wrapper of the engine. A file is split into chunks at document markers (`---`/`...` at
 * column 0 always end a document in YAML, whatever precedes them), each chunk is parsed on its own and
 * cached by its text, so an edit re-parses only the document it touched.
 */

export interface Limits {
  maxFileSizeBytes: number;
  maxDocuments: number;
  maxAliasCount: number;
  maxDepth: number;
  maxStringLength: number;
  /** Time budget for parse + schema + rules of one document, in ms; over it the document is cut off (a `meta/limit` finding). */
  timeoutMsPerDocument?: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileSizeBytes: 10 * 1024 * 1024,
  maxDocuments: 10_000,
  maxAliasCount: 1_000,
  maxDepth: 200,
  maxStringLength: 1024 * 1024,
  timeoutMsPerDocument: 1000,
};

export type PathSegment = string | number;

export interface YamlProblem {
  code: string;
  message: string;
  /** Offsets in the chunk's source. */
  offsets: [number, number];
  severity: 'error' | 'warning';
}

/** A parsed chunk: immutable, shared between versions of a file while its text is unchanged. */
interface Chunk {
  readonly source: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  readonly problems: YamlProblem[];
  /** Plain JavaScript value, computed on first use (undefined when the YAML has errors). */
  jsValue?: { value: unknown } | { error: string };
  /** Which strings the source holds (`mentions`), as asked. */
  mentions?: Map<string, boolean>;
  /** Where template syntax starts (`templateSyntaxOffset`), computed on first use: `null` for none. */
  templateOffset?: number | null;
  /** Time the chunk took to parse, in ms (shared by the documents of one chunk). */
  readonly parseMs?: number;
}

export class YamlDocument {
  constructor(
    private readonly chunk: Chunk,
    /** Zero-based line in the file where this document's source starts. */
    readonly lineOffset: number,
    /** Index of the document in its file. */
    readonly index: number,
  ) {}

  get source(): string {
    return this.chunk.source;
  }
  get doc(): Document.Parsed {
    return this.chunk.doc;
  }
  get problems(): readonly YamlProblem[] {
    return this.chunk.problems;
  }
  /** Time this document's chunk took to parse, in ms. */
  get parseMs(): number {
    return this.chunk.parseMs ?? 0;
  }
  get hasErrors(): boolean {
    return this.chunk.problems.some((p) => p.severity === 'error');
  }
  /**
   * Whether this document's source holds `text` anywhere (comments included), known per chunk: an edit elsewhere
   * in a large file does not search this document again.
   */
  mentions(text: string): boolean {
    const found = (this.chunk.mentions ??= new Map());
    let yes = found.get(text);
    if (yes === undefined) found.set(text, (yes = this.chunk.source.includes(text)));
    return yes;
  }

  /**
   * Chunk offset of the first Helm/Go `{{` or Jinja `{%` that is template *syntax* in this document: outside
   * string scalars and comments. Inside a string it is data a controller or a model fills in (a chat template in
   * a ConfigMap, KServe's `{{ .Spec.Model.Name }}`), and the document is a real manifest.
   */
  templateSyntaxOffset(): number | undefined {
    // Kept with the chunk: an edit elsewhere in the file does not walk this document again.
    this.chunk.templateOffset ??= this.findTemplateSyntax() ?? null;
    return this.chunk.templateOffset ?? undefined;
  }

  private findTemplateSyntax(): number | undefined {
    const [from, , to] = this.chunk.doc.range ?? [0, 0, this.chunk.source.length];
    const source = this.chunk.source;
    const markers: number[] = [];
    for (let i = source.indexOf('{', from); i >= 0 && i < to; i = source.indexOf('{', i + 1)) if (source[i + 1] === '{' || source[i + 1] === '%') markers.push(i);
    if (markers.length === 0) return undefined;
    if (this.hasErrors) return markers[0];
    const strings: [number, number][] = [];
    visit(this.chunk.doc, {
      Scalar(_, node) {
        if (typeof node.value === 'string' && node.range) strings.push([node.range[0], node.range[1]]);
      },
    });
    const inComment = (offset: number): boolean => /(^|[ \t])#/.test(source.slice(source.lastIndexOf('\n', offset - 1) + 1, offset));
    return markers.find((m) => !strings.some(([a, b]) => m >= a && m < b) && !inComment(m));
  }

  /** Identity of the parsed source: equal keys mean equal analysis results (relative to lineOffset). */
  get cacheKey(): object {
    return this.chunk;
  }

  /** The document as plain data (aliases resolved, YAML 1.1 scalars), or an error message. */
  toJS(limits: Limits = DEFAULT_LIMITS): { value: unknown } | { error: string } {
    if (!this.chunk.jsValue) {
      try {
        this.chunk.jsValue = { value: this.chunk.doc.toJS({ maxAliasCount: limits.maxAliasCount }) };
      } catch (e) {
        this.chunk.jsValue = { error: e instanceof Error ? e.message : String(e) };
      }
    }
    return this.chunk.jsValue;
  }

  /** Root mapping of the document, if it is one. */
  get root(): YAMLMap | undefined {
    const contents = this.chunk.doc.contents;
    return isMap(contents) ? contents : undefined;
  }

  /** File range of chunk offsets. */
  rangeOf(offsets: readonly [number, number]): Range {
    const lc = this.chunk.lineCounter;
    // yaml reports some errors (an unclosed quote at the end) one past the end of the source: clamp to it.
    const max = this.chunk.source.length;
    const from = Math.min(Math.max(0, offsets[0]), max);
    const start = lc.linePos(from);
    const end = lc.linePos(Math.min(Math.max(from, offsets[1]), max));
    return {
      start: { line: this.lineOffset + start.line - 1, character: start.col - 1 },
      end: { line: this.lineOffset + end.line - 1, character: end.col - 1 },
    };
  }

  /** File range of a node's value (without trailing comments or newline). */
  nodeRange(node: Node): Range {
    const r = node.range ?? [0, 0, 0];
    return this.rangeOf([r[0], r[1]]);
  }

  /** Chunk offset of a file position, or undefined when the position lies outside this document. */
  offsetAt(line: number, character: number): number | undefined {
    const rel = line - this.lineOffset;
    const starts = this.chunk.lineCounter.lineStarts;
    if (rel < 0 || rel >= starts.length) return undefined;
    const lineEnd = rel + 1 < starts.length ? starts[rel + 1] - 1 : this.chunk.source.length;
    return Math.min(starts[rel] + character, lineEnd);
  }

  /** Last file line of this document (inclusive). */
  get endLine(): number {
    return this.lineOffset + this.chunk.lineCounter.lineStarts.length - 1;
  }

  /** The pair at `path` (its key and value nodes), walking maps and sequences. */
  locate(path: readonly PathSegment[]): { pair?: Pair<Scalar, Node | null>; node?: Node | null } {
    let node: Node | null | undefined = this.chunk.doc.contents;
    let pair: Pair<Scalar, Node | null> | undefined;
    for (const seg of path) {
      if (isMap(node)) {
        pair = findPair(node, String(seg));
        if (!pair) return {};
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item: unknown = node.items[seg];
        pair = undefined;
        if (item === undefined) return {};
        node = isPair(item) ? (item.value as Node | null) : (item as Node | null);
      } else {
        return {};
      }
    }
    return { pair, node };
  }

  /**
   * Narrowest useful range for `path`: the value when it exists, the key when the value is empty,
   * else the key of the nearest ancestor that exists (where something missing would be added).
   */
  rangeAt(path: readonly PathSegment[], prefer: 'value' | 'key' = 'value'): Range {
    return this.rangeFrom(path, path.length, prefer);
  }

  /** `rangeAt` when something at `path` exists, else undefined (the caller looks elsewhere first). */
  presentRangeAt(path: readonly PathSegment[], prefer: 'value' | 'key' = 'value'): Range | undefined {
    const found = this.locate(path);
    if (!found.pair && !found.node) return undefined;
    return this.rangeOfFound(found, prefer) ?? this.rangeFrom(path, path.length - 1, prefer);
  }

  /** `rangeAt` from the ancestor of `path` with `n` segments up. */
  private rangeFrom(path: readonly PathSegment[], n: number, prefer: 'value' | 'key'): Range {
    for (; n > 0; n--) {
      const found = this.locate(n === path.length ? path : path.slice(0, n));
      const range = found.pair || found.node ? this.rangeOfFound(found, n === path.length ? prefer : 'key') : undefined;
      if (range) return range;
    }
    return this.headerRange();
  }

  private rangeOfFound({ pair, node }: { pair?: Pair<Scalar, Node | null>; node?: Node | null }, prefer: 'value' | 'key'): Range | undefined {
    if (prefer === 'value' && node && node.range) return this.nodeRange(node);
    if (pair && isScalar(pair.key) && pair.key.range) return this.nodeRange(pair.key);
    if (node && node.range) return this.nodeRange(node);
    return undefined;
  }

  /** Range to report document-level findings on: the `kind` value, else the first key, else the start. */
  headerRange(): Range {
    const kind = this.locate(['kind']);
    if (kind.node?.range) return this.nodeRange(kind.node);
    const first = this.root?.items[0]?.key as Node | undefined;
    if (first?.range) return this.nodeRange(first);
    const start = this.chunk.doc.range?.[0] ?? 0;
    return this.rangeOf([start, start]);
  }
}

/** The pair of a map whose scalar key reads `key` (the first one). */
function findPair(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  for (const p of map.items) {
    if (!isScalar(p.key)) continue;
    const value = p.key.value;
    if ((typeof value === 'string' ? value : String(value)) === key) return p as Pair<Scalar, Node | null>;
  }
  return undefined;
}

export interface YamlFile {
  readonly text: string;
  readonly documents: YamlDocument[];
  /** Set when the file is over a limit and was not parsed; the message names the setting. */
  readonly overLimit?: { message: string; setting: string };
  /** Where each chunk of the text starts, and its documents: the next version of the file finds its unchanged chunks here. */
  readonly parts?: readonly FilePart[];
}

interface FilePart {
  readonly start: number;
  readonly source: string;
  readonly parsed: readonly Chunk[];
  readonly documents: readonly YamlDocument[];
}

/**
 * The previous version's part with the same text as a chunk that starts at `start`: found by position — at the
 * same offset (before an edit) or at the same distance from the end (after it) — so an edit of a large file does
 * not hash the chunks it did not touch. A chunk that moved is found by its length.
 */
function partFinder(previous: YamlFile, length: number): (source: string, start: number) => FilePart | undefined {
  const parts = previous.parts ?? [];
  const byStart = new Map(parts.map((p) => [p.start, p]));
  // Parts are contiguous: the previous text ends where its last part does.
  const lastPart = parts[parts.length - 1];
  const shift = length - (lastPart ? lastPart.start + lastPart.source.length : 0);
  let byLength: Map<number, FilePart[]> | undefined;
  // `===` of two slices compares their characters in place (`startsWith` at an offset was far slower once optimised).
  const same = (p: FilePart | undefined, source: string): p is FilePart => !!p && p.source.length === source.length && p.source === source;
  return (source, start) => {
    const before = byStart.get(start);
    if (same(before, source)) return before;
    const after = byStart.get(start - shift);
    if (same(after, source)) return after;
    if (!byLength) {
      byLength = new Map();
      for (const p of parts) {
        const list = byLength.get(p.source.length);
        if (list) list.push(p);
        else byLength.set(p.source.length, [p]);
      }
    }
    return byLength.get(source.length)?.find((p) => same(p, source));
  };
}

/**
 * Each node class gives its node type on its prototype too (non-enumerable, as `yaml` defines it on each node):
 * `isScalar` and the other checks read it the same way, and the bundles' `yaml` constructors then skip defining it on
 * every node (scripts/build.mjs, PATCHES).
 */
for (const [nodeClass, type] of [
  [Scalar, 'yaml.scalar'],
  [YAMLMap, 'yaml.map'],
  [YAMLSeq, 'yaml.seq'],
  [Alias, 'yaml.alias'],
  [Pair, 'yaml.pair'],
] as const) {
  Object.defineProperty(nodeClass.prototype, Symbol.for('yaml.node.type'), { value: Symbol.for(type) });
}

/** YAML 1.1 like Kubernetes (yes/no booleans, merge keys) but timestamps stay strings, as kubectl sees them. */
export const PARSE_OPTIONS: FastOptions = {
  version: '1.1',
  uniqueKeys: true,
  prettyErrors: false,
  merge: true,
  customTags: (tags) => tags.filter((t) => typeof t === 'string' ? t !== 'timestamp' : t.tag !== 'tag:yaml.org,2002:timestamp'),
};

/** Parsed by the fast path when it is sure to give what `yaml` gives (parse/fast.ts), else by `yaml`. */
function parseChunk(source: string, limits: Limits): Chunk[] {
  const started = performance.now();
  // Line starts from the source itself: yaml's own LineCounter misses the newlines inside a token it rejects
  // (a multi-line quoted scalar after a syntax error), which put finding ranges past the end of their line.
  const lineCounter = countLines(source);
  let docs: Document.Parsed[] | unknown;
  let fastDocs: FastDocument[] | undefined;
  try {
    fastDocs = parseFast(source, PARSE_OPTIONS);
    docs = fastDocs ? fastDocs.map((d) => d.doc) : parseAllDocuments(source, PARSE_OPTIONS);
  } catch (e) {
    // The parser recursed too deep (RangeError) or failed outright: the chunk is reported, never thrown.
    const problem: YamlProblem = e instanceof RangeError
      ? stackProblem(limits, [0, Math.min(1, source.length)])
      : { code: 'PARSE_FAILED', message: `The YAML parser failed on this document (${e instanceof Error ? e.message : String(e)}); it was not checked.`, offsets: [0, Math.min(1, source.length)], severity: 'error' };
    return [{ source, doc: new Document(null) as Document.Parsed, lineCounter, problems: [problem], parseMs: performance.now() - started }];
  }
  const list: Document.Parsed[] = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
  if (list.length === 0) {
    // Only comments or whitespace: an empty document keeps offsets and line mapping.
    return [{ source, doc: new Document(null) as Document.Parsed, lineCounter, problems: [], parseMs: performance.now() - started }];
  }
  // The fast path gives documents without errors or warnings, nested less deep than FAST_MAX_DEPTH, whose strings are
  // no longer than the source: within limits at least that wide, there is nothing to look for.
  const clean = fastDocs !== undefined && limits.maxDepth >= FAST_MAX_DEPTH && source.length <= limits.maxStringLength;
  const problems = list.map((doc) => (clean ? [] : collectProblems(doc, source, limits)));
  const parseMs = performance.now() - started;
  return list.map((doc, i) => ({ source, doc, lineCounter, problems: problems[i], parseMs, jsValue: fastDocs ? { value: fastDocs[i].value } : undefined }));
}

function countLines(source: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

/** The parser ran out of stack on deep nesting: a depth-limit problem, not a syntax error. */
function stackProblem(limits: Limits, offsets: [number, number]): YamlProblem {
  return {
    code: 'LIMIT_DEPTH',
    message: `Nesting is too deep for the YAML parser (it ran out of stack); this document was not checked. ModelReady checks nesting up to modelready.limits.maxDepth (${limits.maxDepth}) levels: flatten the document.`,
    offsets,
    severity: 'error',
  };
}

function collectProblems(doc: Document.Parsed, source: string, limits: Limits): YamlProblem[] {
  const problems: YamlProblem[] = [];
  let stack = false;
  for (const e of doc.errors) {
    // yaml catches its own stack overflow (RESOURCE_EXHAUSTION), once per collection it unwinds: report it once, as the depth limit.
    if (e.code === 'RESOURCE_EXHAUSTION') {
      if (!stack) problems.push(stackProblem(limits, [e.pos[0], Math.max(e.pos[0] + 1, Math.min(e.pos[1], e.pos[0] + 1))]));
      stack = true;
      continue;
    }
    problems.push({ code: e.code, message: e.message, offsets: widen(e.code, e.pos, source), severity: 'error' });
  }
  for (const w of doc.warnings) problems.push({ code: w.code, message: w.message, offsets: w.pos, severity: 'warning' });
  const before = problems.length;
  checkShape(doc.contents, limits, problems);
  // The nesting crossed maxDepth before the parser's stack ran out: that finding (it names the setting) is enough.
  const depthFound = problems.slice(before).some((p) => p.code === 'LIMIT_DEPTH');
  return stack && depthFound ? problems.filter((p) => !p.message.startsWith('Nesting is too deep for the YAML parser')) : problems;
}

/** yaml marks a duplicate key by its first character; the whole key is the useful range. */
function widen(code: string, pos: [number, number], source: string): [number, number] {
  if (code !== 'DUPLICATE_KEY') return pos;
  const key = /^[^:\n]*/.exec(source.slice(pos[0]))![0].trimEnd();
  return [pos[0], pos[0] + Math.max(1, key.length)];
}

/** Depth and string-length limits, reported once per document on the node that crosses them (iterative: no stack to exhaust). */
function checkShape(root: unknown, limits: Limits, problems: YamlProblem[]): void {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > limits.maxDepth) {
      const r = (node as Node).range ?? [0, 0];
      problems.push({
        code: 'LIMIT_DEPTH',
        message: `Nesting is deeper than ${limits.maxDepth} levels; ModelReady does not check deeper. Raise modelready.limits.maxDepth if this is intended.`,
        offsets: [r[0], r[0] + 1],
        severity: 'error',
      });
      return;
    }
    if (isMap(node) || isSeq(node)) {
      const children: unknown[] = [];
      for (const item of node.items) {
        if (isPair(item)) children.push(item.key, item.value);
        else children.push(item);
      }
      // Reversed so the first child is visited first, as the recursive walk did.
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], depth: depth + 1 });
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.length > limits.maxStringLength) {
      const r = node.range ?? [0, 0];
      problems.push({
        code: 'LIMIT_STRING',
        message: `A string of ${node.value.length} characters is longer than the limit of ${limits.maxStringLength}. Raise modelready.limits.maxStringLength if this is intended.`,
        offsets: [r[0], Math.min(r[1], r[0] + 80)],
        severity: 'warning',
      });
    }
  }
}

/**
 * Parses a file. Chunks whose text is unchanged since `previous` are reused as they are, so only the
 * documents an edit touched are parsed again.
 */
export function parseYaml(input: string | ChunkedText, limits: Limits = DEFAULT_LIMITS, previous?: YamlFile): YamlFile {
  if (input.length > limits.maxFileSizeBytes) {
    return yamlFile(input, {
      documents: [],
      overLimit: {
        setting: 'maxFileSizeBytes',
        message: `File is ${(input.length / 1048576).toFixed(1)} MB, over the limit of ${(limits.maxFileSizeBytes / 1048576).toFixed(1)} MB; it was not checked. Raise modelready.limits.maxFileSizeBytes to check it.`,
      },
    });
  }
  const chunks = typeof input === 'string' ? splitDocuments(input) : chunksOf(input);
  if (chunks.length > limits.maxDocuments) {
    return yamlFile(input, {
      documents: [],
      overLimit: {
        setting: 'maxDocuments',
        message: `File has ${chunks.length} YAML documents, over the limit of ${limits.maxDocuments}; it was not checked. Raise modelready.limits.maxDocuments to check it.`,
      },
    });
  }
  const find = previous ? partFinder(previous, input.length) : undefined;
  const documents: YamlDocument[] = [];
  const parts: FilePart[] = [];
  let line = 0;
  for (const { source, startOffset } of chunks) {
    const old = find?.(source, startOffset);
    // Unchanged and still at the same line and index (an edit elsewhere that kept the line count): the very same
    // documents, so everything derived from them is reused as it is.
    const kept = old && old.documents[0]?.lineOffset === line && old.documents[0]?.index === documents.length ? old.documents : undefined;
    // A chunked text's chunks are their own strings already; a slice of a whole text would keep that text alive.
    const parsed = old?.parsed ?? parseChunk(previous && typeof input === 'string' ? ownCopy(source) : source, limits);
    const docs = kept ?? parsed.map((chunk, i) => new YamlDocument(chunk, line, documents.length + i));
    documents.push(...docs);
    parts.push({ start: startOffset, source: parsed[0].source, parsed, documents: docs });
    // Chunks are contiguous: the next starts as many lines down as this one has newlines (counted once, when it was parsed).
    line += parsed[0].lineCounter.lineStarts.length - 1;
  }
  return yamlFile(input, { documents, parts });
}

function chunksOf(text: ChunkedText): { source: string; startOffset: number }[] {
  const starts = text.chunkStarts();
  return text.chunks.map((source, i) => ({ source, startOffset: starts[i] }));
}

/** A parsed file; a chunked text is joined into its whole text only if somebody asks for it. */
function yamlFile(input: string | ChunkedText, file: Omit<YamlFile, 'text'>): YamlFile {
  if (typeof input === 'string') return { text: input, ...file };
  return {
    ...file,
    get text() {
      return input.toString();
    },
  };
}

/**
 * The first document of a text as plain data, read exactly as manifests are (YAML 1.1 booleans such as `yes`,
 * merge keys, timestamps as strings, the limits): every YAML the engine reads goes through this wrapper, so the
 * editor's check of a file and the loader of the same file never disagree.
 */
export function parseYamlValue(text: string, limits: Limits = DEFAULT_LIMITS): { value: unknown } | { error: string } {
  // Comment-only or empty documents (a leading `# header` then `---`, a trailing `---`) hold nothing.
  const documents = parseYaml(text, limits).documents.filter((d) => d.hasErrors || !(d.doc.contents === null || (isScalar(d.doc.contents) && d.doc.contents.value === null)));
  const first = documents[0];
  if (!first) return { value: undefined };
  // Like yaml's parse(): one document is expected, and a second one is not silently ignored.
  if (documents.length > 1) return { error: 'The text holds multiple documents; one is expected.' };
  const problem = first.problems.find((p) => p.severity === 'error');
  if (problem) return { error: problem.message };
  return first.toJS(limits);
}

/** Reads a scalar string at `path`, or undefined. */
export function scalarAt(doc: YamlDocument, path: readonly PathSegment[]): string | undefined {
  const { node } = doc.locate(path);
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}
