import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { FileAnalysis } from '../check';
import type { Config } from '../config/config';
import { DEFAULT_CONFIG } from '../config/config';
import type { PathSegment } from '../parse/yaml';
import { describe, schemasAt } from '../schema/navigate';
import type { Finding, Range } from '../types';
import { docsUrlFor } from '../types';
import { RULES_BY_ID } from '../rules/registry';
import { BUILTIN_CODES } from '../codes';
import { documentAt, schemaOfDocument } from './context';

export interface HoverInfo {
  markdown: string;
  range: Range;
}

/** Path of the key (or value) at an offset, and that node. */
function nodePathAt(root: Node | null, offset: number): { path: PathSegment[]; node: Node } | undefined {
  let node: Node | null = root;
  const path: PathSegment[] = [];
  let hit: { path: PathSegment[]; node: Node } | undefined;
  while (node) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        const start = k?.range?.[0] ?? v?.range?.[0] ?? -1;
        const end = v?.range?.[1] ?? k?.range?.[1] ?? -1;
        return offset >= start && offset <= end;
      });
      if (!pair || !isScalar(pair.key)) return hit;
      path.push(String(pair.key.value));
      const k = pair.key as Node;
      if (k.range && offset >= k.range[0] && offset <= k.range[1]) return { path: [...path], node: k };
      hit = { path: [...path], node: (pair.value as Node | null) ?? k };
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const n = (isPair(item) ? item.value : item) as Node | null;
        return !!n?.range && offset >= n.range[0] && offset <= n.range[1];
      });
      if (index < 0) return hit;
      path.push(index);
      node = node.items[index] as Node | null;
    } else {
      return hit;
    }
  }
  return hit;
}

/** The `markdownDescription` of the property under the cursor (key or value), from the schema `config` gives the document. */
export function hover(file: FileAnalysis, line: number, character: number, config: Config = DEFAULT_CONFIG): HoverInfo | undefined {
  const doc = documentAt(file, line);
  if (!doc) return undefined;
  const info = schemaOfDocument(doc, file.uri, config.userSchemas);
  if (!info) return undefined;
  const offset = doc.offsetAt(line, character);
  if (offset === undefined) return undefined;
  const hit = nodePathAt(doc.doc.contents as Node | null, offset);
  if (!hit || hit.path.length === 0) return undefined;
  const schemas = schemasAt(info.schema, hit.path);
  const text = schemas.map(describe).find((d) => d);
  if (!text) return undefined;
  const name = hit.path.filter((s) => typeof s === 'string').join('.');
  const valueNote = isScalar(hit.node) && schemas.some((s) => Array.isArray(s.enum)) ? `\n\nAllowed: ${schemas.flatMap((s) => (Array.isArray(s.enum) ? s.enum : [])).map((v) => `\`${String(v)}\``).join(', ')}` : '';
  return { markdown: `**${name}** (${info.adapter.label})\n\n${text}${valueNote}`, range: doc.nodeRange(hit.node) };
}

/** Summary of the findings under the cursor: what each rule checks and a link to its page. */
export function findingsHover(findings: readonly Finding[], line: number, character: number): string | undefined {
  const inside = (f: Finding): boolean => {
    const { start, end } = f.range;
    const afterStart = line > start.line || (line === start.line && character >= start.character);
    const beforeEnd = line < end.line || (line === end.line && character <= end.character);
    return afterStart && beforeEnd;
  };
  const codes = [...new Set(findings.filter(inside).map((f) => f.code))];
  if (codes.length === 0) return undefined;
  return codes
    .map((code) => {
      const rule = RULES_BY_ID.get(code);
      const description = rule?.meta.description ?? BUILTIN_CODES.find((c) => c.id === code)?.description ?? '';
      const why = rule ? `\n\n_Why:_ ${rule.meta.rationale}` : '';
      return `**${code}**: ${description}${why}\n\n[Rule documentation](${docsUrlFor(code)})`;
    })
    .join('\n\n---\n\n');
}
