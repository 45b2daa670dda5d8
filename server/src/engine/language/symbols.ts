import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { FileAnalysis } from '../check';
import type { YamlDocument } from '../parse/yaml';
import type { Range } from '../types';

export interface SymbolEntry {
  name: string;
  detail?: string;
  kind: 'module' | 'class' | 'object' | 'array' | 'property';
  range: Range;
  selectionRange: Range;
  children: SymbolEntry[];
}

function mapSymbols(doc: YamlDocument, map: YAMLMap, depth: number): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || !key.range) continue;
    const value = pair.value as Node | null;
    const selectionRange = doc.nodeRange(key);
    const range = value?.range ? { start: selectionRange.start, end: doc.nodeRange(value).end } : selectionRange;
    const children = depth < 3 && isMap(value) ? mapSymbols(doc, value, depth + 1) : [];
    out.push({
      name: String(key.value),
      detail: isScalar(value) ? String(value.value ?? '') : undefined,
      kind: isMap(value) ? 'object' : isSeq(value) ? 'array' : 'property',
      range,
      selectionRange,
      children,
    });
  }
  return out;
}

/** Outline: one entry per document (`Kind name`), its sections and their keys beneath. */
export function documentSymbols(file: FileAnalysis): SymbolEntry[] {
  const out: SymbolEntry[] = [];
  for (const d of file.documents) {
    const root = d.doc.root;
    if (!root || !root.range) continue;
    const js = d.doc.toJS();
    const value = ('value' in js ? js.value : undefined) as Record<string, unknown> | undefined;
    const kind = typeof value?.kind === 'string' ? value.kind : undefined;
    const metadata = value?.metadata as Record<string, unknown> | undefined;
    const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
    const range = d.doc.nodeRange(root);
    out.push({
      name: kind ? `${kind}${name ? ` ${name}` : ''}` : `Document ${d.doc.index + 1}`,
      detail: d.recognised?.adapter.label,
      kind: d.recognised ? 'class' : 'module',
      range,
      selectionRange: d.doc.headerRange(),
      children: mapSymbols(d.doc, root, 1),
    });
  }
  return out;
}
