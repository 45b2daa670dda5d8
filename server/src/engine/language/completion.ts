import type { FileAnalysis } from '../check';
import type { Config } from '../config/config';
import { DEFAULT_CONFIG } from '../config/config';
import type { JsonSchema } from '../schema/validate';
import { describe, propertiesAt, schemasAt, typesOf } from '../schema/navigate';
import { documentAt, lineContext, schemaOfDocument, siblingKeys } from './context';
import type { Range } from '../types';
import { RULES } from '../rules/registry';
import { BUILTIN_CODES } from '../codes';

export interface CompletionEntry {
  label: string;
  kind: 'property' | 'value' | 'snippet' | 'rule';
  /** Text to insert; a snippet when `snippet` is set. */
  insertText: string;
  snippet: boolean;
  /** Range the insertion replaces (the partial word). */
  range: Range;
  detail?: string;
  documentation?: string;
  sortText?: string;
}

function scalarText(v: unknown): string {
  if (typeof v === 'string') return /^[\w./@:-]+$/.test(v) && !/^(true|false|yes|no|on|off|null|~|[\d.]+)$/i.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** The text to insert for a property: `key: ` for scalars, a nested block for objects and lists. */
function propertySnippet(name: string, schema: JsonSchema, indentUnit: string): string {
  const types = typesOf(schema);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const choices = schema.enum.map((v) => scalarText(v).replace(/[,|$}\\]/g, '\\$&')).join(',');
    return `${name}: \${1|${choices}|}`;
  }
  if (types.includes('object')) return `${name}:\n${indentUnit}$0`;
  if (types.includes('array')) return `${name}:\n${indentUnit}- $0`;
  if (types.includes('boolean')) return `${name}: \${1|true,false|}`;
  if (schema.default !== undefined && typeof schema.default !== 'object') return `${name}: \${1:${scalarText(schema.default)}}`;
  return `${name}: $0`;
}

function defaultSnippets(schema: JsonSchema): { label: string; description?: string; body: unknown }[] {
  return Array.isArray(schema.defaultSnippets) ? (schema.defaultSnippets as { label: string; description?: string; body: unknown }[]) : [];
}

/** Renders a `defaultSnippets` body (data with `${1:x}` strings) as indented YAML lines. */
function renderBody(body: unknown, indentUnit: string, depth = 0): string {
  const pad = indentUnit.repeat(depth);
  if (Array.isArray(body)) return body.map((item) => `\n${pad}- ${renderBody(item, indentUnit, depth + 1).trimStart()}`).join('');
  if (body && typeof body === 'object') {
    return Object.entries(body as Record<string, unknown>)
      .map(([k, v]) => {
        const inner = renderBody(v, indentUnit, depth + 1);
        return v && typeof v === 'object' ? `\n${pad}${k}:${inner}` : `\n${pad}${k}: ${inner}`;
      })
      .join('');
  }
  return typeof body === 'string' ? body : JSON.stringify(body);
}

const DIRECTIVES = ['modelready-disable-next-line', 'modelready-disable', 'modelready-enable'];

/** In a comment: the suppression directives, then rule ids after a directive. */
function completeComment(lineText: string, line: number, character: number): CompletionEntry[] | undefined {
  const before = lineText.slice(0, character);
  const hash = before.indexOf('#');
  if (hash < 0) return undefined;
  const comment = before.slice(hash + 1);
  const idMatch = /^\s*modelready-(?:disable-next-line|disable|enable)\s+(?:[a-z]+\/[a-z0-9-]+\s*,\s*)*([a-z/0-9-]*)$/.exec(comment);
  if (idMatch) {
    const prefix = idMatch[1];
    const range: Range = { start: { line, character: character - prefix.length }, end: { line, character } };
    const codes = [...RULES.map((r) => ({ id: r.meta.id, description: r.meta.description })), ...BUILTIN_CODES.filter((c) => c.area === 'schema')];
    return codes.map((c) => ({ label: c.id, kind: 'rule', insertText: c.id, snippet: false, range, documentation: c.description }));
  }
  const dirMatch = /^\s*(m[a-z-]*)?$/.exec(comment);
  if (dirMatch && (dirMatch[1] ?? '').length > 0) {
    const prefix = dirMatch[1] ?? '';
    const range: Range = { start: { line, character: character - prefix.length }, end: { line, character } };
    return DIRECTIVES.map((d) => ({ label: d, kind: 'snippet', insertText: `${d} \${1:rule-id} -- \${2:reason}`, snippet: true, range, documentation: 'Suppresses ModelReady findings; say why after `--`.' }));
  }
  return [];
}

/** Completion at a position, from the schema the validator uses for the document under `config` (the file's own). */
export function complete(file: FileAnalysis, line: number, character: number, config: Config = DEFAULT_CONFIG): CompletionEntry[] {
  const doc = documentAt(file, line);
  if (!doc) return [];
  // Only the cursor's document is read: its parents and siblings cannot lie in another document.
  const lines = doc.source.split('\n').map((l) => l.replace(/\r$/, ''));
  const rel = line - doc.lineOffset;
  const inComment = completeComment(lines[rel] ?? '', line, character);
  if (inComment) return inComment;
  const ctx = lineContext(lines, rel, character);
  const range: Range = { start: { line, character: ctx.prefixStart }, end: { line, character } };
  const schemaInfo = schemaOfDocument(doc, file.uri, config.userSchemas);
  if (!schemaInfo) {
    // A new or unknown document: offer to start a ModelDeployment.
    if (ctx.mode === 'key' && ctx.parentPath.length === 0 && ctx.indent === 0) {
      return [
        {
          label: 'ModelDeployment',
          kind: 'snippet',
          insertText: 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: ${1:my-model}\n  owner: ${2:team@example.com}\nmodel:\n  uri: ${3:hf://org/model}\n',
          snippet: true,
          range,
          detail: 'New ModelReady manifest',
          documentation: 'Starts a `kind: ModelDeployment` manifest; completion then offers every section.',
        },
      ];
    }
    return [];
  }
  const { schema } = schemaInfo;
  const indentUnit = '  ';
  if (ctx.mode === 'value') {
    const path = [...ctx.parentPath, ctx.key!];
    const out: CompletionEntry[] = [];
    const seen = new Set<string>();
    for (const s of schemasAt(schema, path)) {
      const values: unknown[] = Array.isArray(s.enum) ? s.enum : typesOf(s).includes('boolean') ? [true, false] : s.const !== undefined ? [s.const] : [];
      for (const v of values) {
        const text = scalarText(v);
        if (seen.has(text)) continue;
        seen.add(text);
        out.push({ label: text, kind: 'value', insertText: text, snippet: false, range, detail: s.default === v ? 'default' : undefined, documentation: describe(s) });
      }
    }
    return out;
  }
  const present = siblingKeys(lines, rel, ctx.indent);
  const out: CompletionEntry[] = [];
  for (const p of propertiesAt(schema, ctx.parentPath)) {
    if (present.has(p.name)) continue;
    out.push({
      label: p.name,
      kind: 'property',
      insertText: propertySnippet(p.name, p.schema, indentUnit),
      snippet: true,
      range,
      detail: p.required ? 'required' : typesOf(p.schema).join(' | ') || undefined,
      documentation: describe(p.schema),
      sortText: `${p.required ? '0' : '1'}${p.name}`,
    });
    for (const snip of defaultSnippets(p.schema)) {
      out.push({
        label: `${p.name}: ${snip.label}`,
        kind: 'snippet',
        insertText: `${p.name}:${renderBody(snip.body, indentUnit, 1)}`,
        snippet: true,
        range,
        detail: snip.description ?? 'section',
        documentation: describe(p.schema),
        sortText: `2${p.name}`,
      });
    }
  }
  return out;
}
