import { isMap, isScalar, isSeq, parse, stringify } from 'yaml';
import { memoByText } from '../memo';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import type { PathSegment, YamlDocument } from '../parse/yaml';
import type { EditPlan, Fix, TextEdit } from '../types';
import { lazyFix } from './lazy';

/**
 * Text edits that keep the user's YAML: they add lines in the indentation style of the document and never
 * reformat what is there. Templates may hold snippet placeholders (`${1:default}`); `stripSnippets` turns
 * them into their defaults for clients and the CLI that cannot take snippets.
 */

const PLACEHOLDER = /\$\{\d+:([^}]*)\}|\$\d+/g;

export function stripSnippets(text: string): string {
  return text.replace(PLACEHOLDER, (_m, def: string | undefined) => def ?? '');
}

/** Per document, its source and indentation unit: a fix adding several keys asks once per key. */
const indentUnits = new WeakMap<YamlDocument, { source: string; unit: number }>();

/** Indentation unit of the document: the first nested block mapping's offset from its parent, else 2. */
export function indentUnit(doc: YamlDocument): number {
  const known = indentUnits.get(doc);
  if (known?.source === doc.source) return known.unit;
  const unit = scanIndentUnit(doc.source);
  indentUnits.set(doc, { source: doc.source, unit });
  return unit;
}

/** A `key:` line with no value (a comment allowed): the mapping under it shows the unit. */
const KEY_ONLY_LINE = /^(\s*)[^\s#-][^:]*:\s*(#.*)?$/;

function scanIndentUnit(source: string): number {
  // Line by line without splitting the document: the first `key:` line with an indented line under it decides.
  for (let start = 0; ; ) {
    const end = source.indexOf('\n', start);
    if (end < 0) return 2;
    const m = KEY_ONLY_LINE.exec(source.slice(start, end));
    start = end + 1;
    if (!m) continue;
    // Its next line with content (not blank, not a comment).
    for (let next = start; next < source.length; ) {
      const nextEnd = source.indexOf('\n', next) + 1 || source.length + 1;
      const line = source.slice(next, nextEnd - 1);
      const text = line.trim();
      if (text !== '' && !text.startsWith('#')) {
        const n = /^\s*/.exec(line)![0].length - m[1].length;
        if (n > 0 && n <= 8) return n;
        break;
      }
      next = nextEnd;
    }
  }
}

function lineStartOffset(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Column of a mapping key, counting its tag or anchor (`!!str key:`, `&a key:`): yaml's key range starts after them. */
function keyColumn(source: string, offset: number): number {
  const start = lineStartOffset(source, offset);
  // A byte order mark is not a column.
  const before = source.slice(start, offset).replace(/^\ufeff/, '');
  const props = /(?:[!&]\S*[ \t]+)+$/.exec(before);
  return before.length - (props ? props[0].length : 0);
}

/** Offset just after the line on which `offset` lies (or end of source). */
function nextLineOffset(source: string, offset: number): number {
  const nl = source.indexOf('\n', offset);
  return nl < 0 ? source.length : nl + 1;
}

/**
 * `text` (one trailing line break dropped) with `indent` before each line that is not empty (each line, with
 * `emptyLinesToo`); a loop, not split and join: every fix that inserts a block indents it.
 */
function indentBlock(text: string, indent: string, emptyLinesToo = false): string {
  const end = text.endsWith('\n') ? text.length - 1 : text.length;
  let out = '';
  for (let from = 0; ; ) {
    const nl = text.indexOf('\n', from);
    const stop = nl < 0 || nl >= end ? end : nl;
    if (stop > from || emptyLinesToo) out += indent + text.slice(from, stop);
    if (stop >= end) return out;
    out += '\n';
    from = stop + 1;
  }
}

/**
 * YAML text of values already written, by indentation and value: a rule offers the same probe or setting to every
 * workload of a large file, and yaml's stringify of each was a tenth of the time to check such a file.
 */
const written = new Map<string, string>();
const WRITTEN_MAX = 512;

function withoutFinalBreak(text: string): string {
  return text.replace(/\n$/, '');
}

/** The lines of a YAML text item (one trailing line break dropped). */
function itemLines(item: string): string[] {
  return withoutFinalBreak(item).split('\n');
}

/** Converts a value into YAML text at column 0; strings pass through as already-written YAML. */
function toYaml(value: unknown, unit: number): string {
  if (typeof value === 'string') return withoutFinalBreak(value);
  // JSON names the value exactly for the plain data fixes write (numbers that JSON cannot say are spelled out).
  const key = `${unit}|${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v))}`;
  let text = written.get(key);
  if (text === undefined) {
    if (written.size >= WRITTEN_MAX) written.clear();
    written.set(key, (text = stringify(value, { indent: unit, lineWidth: 0 }).replace(/\n$/, '')));
  }
  return text;
}

/** The edits of a plan, written now (none without a plan). */
export function editsOf(plan: EditPlan | undefined): TextEdit[] {
  return plan ? plan.edits() : [];
}

const SNIPPET_PLACEHOLDER = /\$\{\d+:/;

/** Whether text, or data written as YAML, holds a snippet placeholder. */
export function holdsPlaceholder(value: unknown): boolean {
  return SNIPPET_PLACEHOLDER.test(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
}

/** One plan of several (edits at the same position merged, see `mergeInserts`); undefined when none has edits. */
export function mergePlans(plans: readonly (EditPlan | undefined)[]): EditPlan | undefined {
  const some = plans.filter((p): p is EditPlan => p !== undefined);
  if (some.length === 0) return undefined;
  return { placeholders: () => some.some((p) => p.placeholders()), edits: () => mergeInserts(some.flatMap((p) => p.edits())) };
}

/**
 * Inserts `key: value` at `path` (creating missing parent mappings), after the last entry of the nearest
 * existing mapping. `value` is either data or a YAML text template written at column 0.
 */
export function insertAtPath(doc: YamlDocument, path: readonly PathSegment[], value: unknown): TextEdit[] {
  return editsOf(planInsertAtPath(doc, path, value));
}

export function planInsertAtPath(doc: YamlDocument, path: readonly PathSegment[], value: unknown): EditPlan | undefined {
  return planInsert(doc, path, () => toYaml(value, indentUnit(doc)), () => holdsPlaceholder(value));
}

/** `planInsertAtPath` of the YAML text `body()` (column 0), which holds snippet placeholders when `placeholders()`. */
function planInsert(doc: YamlDocument, path: readonly PathSegment[], body: () => string, placeholders: () => boolean): EditPlan | undefined {
  const write = insertWriter(doc, path, body);
  if (!write) return undefined;
  // Keep the file's line endings.
  const edits = () => (doc.source.includes('\r\n') ? write().map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) : write());
  // A flow mapping is written from the parsed body, which drops placeholders (parseBodyAsData).
  return { placeholders: () => !write.flow && placeholders(), edits };
}

/** What inserting at `path` writes, decided from the document's structure; undefined when there is no place for it. */
function insertWriter(doc: YamlDocument, path: readonly PathSegment[], value: () => string): ((() => TextEdit[]) & { flow?: boolean }) | undefined {
  // The key is already there (with a value the rule does not accept, e.g. a list): inserting it again would
  // duplicate it. Replacing a value is setValue's business, so there is nothing to insert.
  if (path.length > 0 && doc.locate(path).pair) return undefined;
  // Find the deepest existing ancestor.
  let k = path.length - 1;
  let container: Node | null | undefined;
  let containerPair: ReturnType<YamlDocument['locate']>['pair'];
  for (; k >= 0; k--) {
    const found = k === 0 ? { node: doc.doc.contents as Node | null, pair: undefined } : doc.locate(path.slice(0, k));
    if (found.node || found.pair) {
      container = found.node;
      containerPair = found.pair;
      break;
    }
  }
  // The missing part as nested data/text rooted at path[k].
  const body = (): string => {
    const unit = indentUnit(doc);
    let text = value();
    for (let i = path.length - 1; i >= k; i--) {
      const key = String(path[i]);
      const scalarValue = !text.includes('\n') && !/^\s*(- |[^\s'"{[][^:]*:\s)/.test(text);
      text = scalarValue ? `${key}: ${text}` : `${key}:\n${indentBlock(text, ' '.repeat(unit))}`;
    }
    return text;
  };
  const source = doc.source;
  if (isMap(container) && container.flow) {
    const map = container;
    return Object.assign(() => insertIntoFlowMap(doc, map, body()), { flow: true });
  }
  if (isMap(container) && container.items.length > 0) {
    const map = container;
    return () => {
      // The column of the keys; an explicit empty key (`? `) has no text of its own, so it does not count.
      const keyed = map.items.find((item) => isScalar(item.key) && item.key.value !== null && item.key.range) ?? map.items[0];
      const col = keyColumn(source, (keyed.key as Node).range![0]);
      const last = map.items[map.items.length - 1];
      let end = ((last.value as Node | null)?.range ?? (last.key as Node).range!)[1];
      // A block's range can run into the indentation of the next item (`        - name: decode`): back over
      // whitespace to the last written line, so the insertion lands before the next item, not after its first line.
      while (end > 0 && /\s/.test(source[end - 1])) end--;
      const at = nextLineOffset(source, Math.max(end - 1, (last.key as Node).range![0]));
      const prefix = at === source.length && !source.endsWith('\n') ? '\n' : '';
      return [{ range: doc.rangeOf([at, at]), newText: `${prefix}${indentBlock(body(), ' '.repeat(col))}\n` }];
    };
  }
  if (containerPair && isScalar(containerPair.key) && (container == null || isScalar(container))) {
    const key = containerPair.key;
    const empty = container;
    return () => {
      // `section:` with an empty (or null) value: write the block under the key.
      const col = keyColumn(source, key.range![0]);
      const colon = source.indexOf(':', key.range![1]);
      const end = isScalar(empty) && empty.range ? empty.range[1] : colon + 1;
      return [{ range: doc.rangeOf([colon + 1, end]), newText: `\n${indentBlock(body(), ' '.repeat(col + indentUnit(doc)))}` }];
    };
  }
  // The nearest existing ancestor is a list or a scalar (`spec: [...]`): there is no place for the key, and
  // writing it at the document start would add a duplicate top-level key on every pass of fix-all.
  if (container != null && !(isScalar(container) && (container.value === null || container.value === undefined))) return undefined;
  // Empty document: write at its start.
  return () => {
    const at = doc.doc.contents?.range?.[0] ?? 0;
    return [{ range: doc.rangeOf([at, at]), newText: `${body()}\n` }];
  };
}

function insertIntoFlowMap(doc: YamlDocument, map: YAMLMap, body: string): TextEdit[] {
  const flow = stringify(parseBodyAsData(body), { flow: true }).trim().replace(/^\{\s*|\s*\}$/g, '');
  const last = map.items[map.items.length - 1];
  if (!last) {
    const open = doc.source.indexOf('{', map.range![0]);
    return [{ range: doc.rangeOf([open + 1, map.range![1] - 1]), newText: ` ${flow} ` }];
  }
  // Right after the last entry, so `{ a: 1 }` becomes `{ a: 1, b: 2 }`.
  const end = ((last.value as Node | null)?.range ?? (last.key as Node).range!)[1];
  return [{ range: doc.rangeOf([end, end]), newText: `, ${flow}` }];
}

/** The body is YAML we wrote ourselves; snippets are stripped first so it parses. */
function parseBodyAsData(body: string): unknown {
  return parse(stripSnippets(body));
}

/**
 * Edits that give the key at `path` the YAML text `text`: replaces its value when the key has one, writes it
 * after the colon of `key:` with no value, else inserts the key (creating missing parents) in the document's style.
 */
export function setValue(doc: YamlDocument, path: readonly PathSegment[], text: string): TextEdit[] {
  return editsOf(planSetValue(doc, path, text));
}

export function planSetValue(doc: YamlDocument, path: readonly PathSegment[], text: string): EditPlan | undefined {
  const { pair, node } = doc.locate(path);
  const placeholders = () => holdsPlaceholder(text);
  if (node && node.range && !(isScalar(node) && (node.value === null || node.value === undefined) && node.range[0] === node.range[1])) {
    return { placeholders, edits: () => [{ range: doc.nodeRange(node), newText: text }] };
  }
  const key = pair?.key;
  if (key?.range) {
    // `key:` with no value.
    return {
      placeholders,
      edits: () => {
        const colon = doc.source.indexOf(':', key.range![1]);
        return [{ range: doc.rangeOf([colon + 1, colon + 1]), newText: ` ${text}` }];
      },
    };
  }
  return planInsertAtPath(doc, path, text);
}

/**
 * Appends items after the last item of a non-empty block sequence, at the column of its first dash. Each item
 * is YAML text at column 0: a scalar, or a flat mapping with one `key: value` per line.
 */
export function appendToBlockSequence(doc: YamlDocument, seq: YAMLSeq, items: readonly string[]): TextEdit[] {
  const source = doc.source;
  const first = seq.items[0] as Node;
  const last = seq.items[seq.items.length - 1] as Node;
  const firstStart = first.range![0];
  const lineStart = source.lastIndexOf('\n', firstStart - 1) + 1;
  const dashCol = source.slice(lineStart, firstStart).lastIndexOf('-');
  const col = dashCol >= 0 ? dashCol : firstStart - lineStart;
  const nl = source.indexOf('\n', Math.max(last.range![1] - 1, last.range![0]));
  const at = nl < 0 ? source.length : nl + 1;
  const pad = ' '.repeat(col);
  const body = items.map((item) => itemLines(item).map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)).join('\n')).join('\n');
  const prefix = at === source.length && !source.endsWith('\n') ? '\n' : '';
  return [{ range: doc.rangeOf([at, at]), newText: `${prefix}${body}\n` }];
}

/**
 * Merges insertions computed one key at a time (`insertAtPath` for each missing key of the same mapping) into one
 * edit per position, so a fix that adds several keys does not produce overlapping edits (block style: one line
 * per key; flow style: the entries joined with commas). Edits at different positions are kept as they are.
 */
export function mergeInserts(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  const samePlace = (a: TextEdit, b: TextEdit) =>
    a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character && a.range.end.line === b.range.end.line && a.range.end.character === b.range.end.character;
  for (const e of edits) {
    const same = out.find((o) => samePlace(o, e));
    if (!same) out.push({ ...e });
    else if (e.newText.includes('\n') || same.newText.includes('\n')) same.newText += e.newText;
    else same.newText = `${same.newText.trimEnd()}${e.newText.startsWith(',') ? '' : ','}${e.newText}`;
  }
  return out;
}

/** Offset just after the last entry of a flow collection closing at `close` (before spaces and a trailing comma). */
function afterLastFlowEntry(source: string, close: number): number {
  let at = close;
  while (at > 0 && /\s/.test(source[at - 1])) at--;
  if (source[at - 1] === ',') {
    at--;
    while (at > 0 && /\s/.test(source[at - 1])) at--;
  }
  return at;
}

/**
 * Adds `key: value` entries to the mapping at `parent`, creating the mapping (and its missing parents) when there
 * is none. A value is YAML text at column 0: a scalar (snippet placeholders allowed) or a block (a mapping or a
 * list over several lines). Keys already there are left alone (changing a value is `setValue`'s business).
 *
 * - a block mapping (or `key:` with no value) gets the new lines after its last entry, at its keys' column, as
 *   one edit (so fix-all applies them together and snippet placeholders stay distinct);
 * - a flow mapping gets `, key: value` after its last entry (`{ key: value }` when empty);
 * - a missing mapping is written whole, in the document's indentation.
 */
export function insertKeys(doc: YamlDocument, parent: readonly PathSegment[], entries: readonly (readonly [string, string])[]): TextEdit[] {
  return editsOf(planInsertKeys(doc, parent, entries));
}

export function planInsertKeys(doc: YamlDocument, parent: readonly PathSegment[], entries: readonly (readonly [string, string])[]): EditPlan | undefined {
  const { node, pair } = doc.locate(parent);
  const placeholders = (list: readonly (readonly [string, string])[]) => () => list.some(([, v]) => holdsPlaceholder(v));
  if (!node && !pair) {
    const body = () => {
      const pad = ' '.repeat(indentUnit(doc));
      return withoutFinalBreak(entries.map(([k, v]) => (v.includes('\n') ? `${k}:\n${indentBlock(v, pad, true)}` : `${k}: ${v}`)).join('\n'));
    };
    return planInsert(doc, parent, body, placeholders(entries));
  }
  const missing = entries.filter(([k]) => !doc.locate([...parent, k]).pair);
  if (missing.length === 0) return undefined;
  if (isMap(node) && node.flow && node.range) {
    const map = node;
    const edits = (): TextEdit[] => {
      const close = doc.source.lastIndexOf('}', map.range![1]);
      const text = missing.map(([k, v]) => `${k}: ${v}`).join(', ');
      if (map.items.length === 0) {
        const pad = /\s/.test(doc.source[close - 1]) ? '' : ' ';
        return [{ range: doc.rangeOf([close, close]), newText: `${pad}${text} ` }];
      }
      const at = afterLastFlowEntry(doc.source, close);
      return [{ range: doc.rangeOf([at, at]), newText: `, ${text}` }];
    };
    return { placeholders: placeholders(missing), edits };
  }
  return mergePlans(missing.map(([k, v]) => planInsertAtPath(doc, [...parent, k], v)));
}

/**
 * Appends items to the sequence at `path` in its own style: block `- item` lines after its last item at the column
 * of its first dash, or `, item` before the `]` of a flow sequence; inserts the whole list when there is no sequence
 * (missing, `key:` with no value, or `[]` written as block text). An item is YAML text at column 0 (a scalar, or a
 * mapping with one `key: value` per line, which a flow sequence gets as `{ key: value, ... }`) or data (written as
 * block YAML in the document's indentation, or as flow YAML into a flow sequence).
 */
export function appendToSequence(doc: YamlDocument, path: readonly PathSegment[], items: readonly (string | Record<string, unknown>)[]): TextEdit[] {
  return editsOf(planAppendToSequence(doc, path, items));
}

export function planAppendToSequence(doc: YamlDocument, path: readonly PathSegment[], items: readonly (string | Record<string, unknown>)[]): EditPlan | undefined {
  const isMapping = (item: string) => /^[^\s'"{[][^:]*:\s/.test(item);
  const { node } = doc.locate(path);
  const source = doc.source;
  const placeholders = () => items.some(holdsPlaceholder);
  if (isSeq(node) && node.flow && node.range) {
    const seq = node;
    const edits = (): TextEdit[] => {
      const close = source.lastIndexOf(']', seq.range![1]);
      const flow = items
        .map((item) => (typeof item !== 'string' ? stringify(item, { flow: true, lineWidth: 0 }).trim() : isMapping(item) ? `{ ${itemLines(item).join(', ')} }` : item))
        .join(', ');
      if (seq.items.length === 0) return [{ range: doc.rangeOf([close, close]), newText: flow }];
      const at = afterLastFlowEntry(source, close);
      return [{ range: doc.rangeOf([at, at]), newText: `, ${flow}` }];
    };
    return { placeholders, edits };
  }
  const texts = () => {
    const unit = indentUnit(doc);
    return items.map((item) => (typeof item === 'string' ? item : toYaml(item, unit)));
  };
  if (isSeq(node) && node.items.length > 0) {
    const seq = node;
    return { placeholders, edits: () => appendToBlockSequence(doc, seq, texts()) };
  }
  const list = () => withoutFinalBreak(texts().map((item) => itemLines(item).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')).join('\n'));
  return planInsert(doc, path, list, placeholders);
}

/** Edits that insert the scalar `itemText` into a sequence right after its item at `path` (block or flow style). */
export function insertSequenceItemAfter(doc: YamlDocument, path: readonly PathSegment[], itemText: string): TextEdit[] {
  const { node } = doc.locate(path);
  const parent = doc.locate(path.slice(0, -1)).node;
  if (!node?.range || !isSeq(parent)) return [];
  const source = doc.source;
  if (parent.flow) return [{ range: doc.rangeOf([node.range[1], node.range[1]]), newText: `, ${itemText}` }];
  const lineStart = source.lastIndexOf('\n', node.range[0] - 1) + 1;
  const dash = source.slice(lineStart, node.range[0]);
  if (!/^\s*-\s+$/.test(dash)) return [];
  const nl = source.indexOf('\n', node.range[1]);
  const at = nl < 0 ? source.length : nl + 1;
  return [{ range: doc.rangeOf([at, at]), newText: `${nl < 0 ? '\n' : ''}${dash}${itemText}\n` }];
}

/** Edits that remove the sequence item at `path` (its whole line in block style; with its comma in flow style). */
export function removeSequenceItem(doc: YamlDocument, path: readonly PathSegment[]): TextEdit[] {
  const { node } = doc.locate(path);
  const parent = doc.locate(path.slice(0, -1)).node;
  if (!node?.range || !isSeq(parent)) return [];
  const source = doc.source;
  const index = path[path.length - 1] as number;
  if (parent.flow) {
    if (parent.items.length === 1) return [{ range: doc.rangeOf([node.range[0], node.range[1]]), newText: '' }];
    if (index > 0) {
      const prev = parent.items[index - 1] as { range?: [number, number, number] };
      return prev.range ? [{ range: doc.rangeOf([prev.range[1], node.range[1]]), newText: '' }] : [];
    }
    const next = parent.items[1] as { range?: [number, number, number] };
    return next.range ? [{ range: doc.rangeOf([node.range[0], next.range[0]]), newText: '' }] : [];
  }
  const lineStart = source.lastIndexOf('\n', node.range[0] - 1) + 1;
  if (!/^\s*-\s+$/.test(source.slice(lineStart, node.range[0]))) return [];
  const nl = source.indexOf('\n', node.range[1]);
  // The last item of a list that is the document's last line: remove the line break before it too.
  if (nl < 0) return [{ range: doc.rangeOf([Math.max(0, lineStart - 1), source.length]), newText: '' }];
  return [{ range: doc.rangeOf([lineStart, nl + 1]), newText: '' }];
}

/** Replaces the value at `path` with YAML text. */
export function replaceValue(doc: YamlDocument, path: readonly PathSegment[], newText: string): TextEdit[] {
  return editsOf(planReplaceValue(doc, path, newText));
}

export function planReplaceValue(doc: YamlDocument, path: readonly PathSegment[], newText: string): EditPlan | undefined {
  const { node } = doc.locate(path);
  if (!node?.range) return undefined;
  return { placeholders: () => holdsPlaceholder(newText), edits: () => [{ range: doc.nodeRange(node), newText }] };
}

/**
 * An edit that appends a new YAML document (`---` + `content`) right after `doc`, before the next one, in the
 * file's line endings. `content` is YAML text at column 0 (no leading `---`), or data written in the file's
 * indentation.
 */
export function appendDocument(doc: YamlDocument, content: string | Record<string, unknown>): TextEdit[] {
  const source = doc.source;
  const at = source.length;
  const text = typeof content === 'string' ? content : stringify(content, { indent: indentUnit(doc), lineWidth: 0 });
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const prefix = source === '' || source.endsWith('\n') ? '' : '\n';
  return [{ range: doc.rangeOf([at, at]), newText: `${prefix}---\n${text.replace(/\n$/, '')}\n`.replace(/\r?\n/g, eol) }];
}

/** One title per rule: every finding offers the fix. */
const suppressTitle = memoByText((ruleId) => `Suppress ${ruleId} on this line`);

/** A fix that adds a disable comment above `line` (a file line) for `ruleId`. */
export function suppressLineFix(doc: YamlDocument, line: number, ruleId: string): Fix {
  return lazyFix({
    title: suppressTitle(ruleId),
    edits: () => {
      // Only the line's own indentation is read: every finding offers this fix.
      const start = doc.offsetAt(line, 0) ?? 0;
      const indent = /^[ \t]*/.exec(doc.source.slice(start, start + 200))![0];
      return [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# modelready-disable-next-line ${ruleId} -- \${1:reason}\n` }];
    },
    snippet: true,
  });
}
