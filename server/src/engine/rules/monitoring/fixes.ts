import { isMap, isSeq } from 'yaml';
import { appendToBlockSequence, insertAtPath } from '../../fix/edits';
import type { PathSegment, YamlDocument } from '../../parse/yaml';
import type { TextEdit } from '../../types';

/**
 * Appends items to the sequence at `path` in the document's own style: a block item (`- key: value`) after the
 * last block item at the same column, or `{ key: value }` before the `]` of a flow sequence. When there is no
 * sequence yet (missing, or `key:` with no value), the whole list is inserted with `insertAtPath`.
 *
 * Each item is a YAML template of a flat mapping written at column 0, one `key: scalar` per line (snippet
 * placeholders allowed; quote values that start with `#` or hold flow indicators).
 */
export function appendToSequence(doc: YamlDocument, path: readonly PathSegment[], items: readonly string[]): TextEdit[] {
  const lines = (item: string) => item.replace(/\n$/, '').split('\n');
  const { node } = doc.locate(path);
  const source = doc.source;
  if (isSeq(node) && node.flow && node.range) {
    const close = source.lastIndexOf(']', node.range[1]);
    const flowItems = items.map((item) => `{ ${lines(item).join(', ')} }`).join(', ');
    if (node.items.length === 0) return [{ range: doc.rangeOf([close, close]), newText: flowItems }];
    const at = afterLastFlowEntry(source, close);
    return [{ range: doc.rangeOf([at, at]), newText: `, ${flowItems}` }];
  }
  if (isSeq(node) && node.items.length > 0) return appendToBlockSequence(doc, node, items);
  const list = items.map((item) => lines(item).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')).join('\n');
  return insertAtPath(doc, path, list);
}

/**
 * Inserts several `key: value` entries into the mapping at `parent` as ONE edit (so fix-all applies them
 * together and snippet placeholders stay distinct), creating the mapping when it is missing. `value` is a
 * scalar YAML text (snippets allowed). Block, flow and empty (`key:`) mappings keep their style.
 */
export function insertKeys(doc: YamlDocument, parent: readonly PathSegment[], entries: readonly (readonly [string, string])[]): TextEdit[] {
  const { node, pair } = doc.locate(parent);
  if (!node && !pair) return insertAtPath(doc, parent, entries.map(([k, v]) => `${k}: ${v}`).join('\n'));
  if (isMap(node) && node.flow && node.range) {
    const close = doc.source.lastIndexOf('}', node.range[1]);
    const text = entries.map(([k, v]) => `${k}: ${v}`).join(', ');
    if (node.items.length === 0) {
      const pad = /\s/.test(doc.source[close - 1]) ? '' : ' ';
      return [{ range: doc.rangeOf([close, close]), newText: `${pad}${text} ` }];
    }
    const at = afterLastFlowEntry(doc.source, close);
    return [{ range: doc.rangeOf([at, at]), newText: `, ${text}` }];
  }
  const edits = entries.map(([k, v]) => insertAtPath(doc, [...parent, k], v));
  const [first] = edits;
  const same = edits.every(
    (e) => e.length === 1 && JSON.stringify(e[0].range) === JSON.stringify(first[0].range),
  );
  if (!same) return first;
  return [{ range: first[0].range, newText: edits.map((e) => e[0].newText).join('') }];
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
