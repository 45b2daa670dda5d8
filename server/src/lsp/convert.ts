import { CodeActionKind, CompletionItemKind, DiagnosticSeverity, DiagnosticTag, InsertTextFormat, SymbolKind } from 'vscode-languageserver';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol, TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Finding, Fix } from '../engine/types';
import { stripSnippets } from '../engine/fix/edits';
import type { CompletionEntry } from '../engine/language/completion';
import type { SymbolEntry } from '../engine/language/symbols';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Findings reused across checks (unchanged documents) keep their diagnostic object: no conversion per keystroke. */
const converted = new WeakMap<Finding, Diagnostic>();

export function toDiagnostic(f: Finding): Diagnostic {
  let d = converted.get(f);
  if (!d) {
    d = convert(f);
    converted.set(f, d);
  }
  return d;
}

/**
 * How many items `next` shares with `previous` at its start (`head`) and, after those, at its end (`tail`): the
 * very same objects, compared by identity. An edit changes what lies between.
 */
export function sharedEnds<T>(previous: readonly T[], next: readonly T[]): { head: number; tail: number } {
  const max = Math.min(previous.length, next.length);
  let head = 0;
  while (head < max && previous[head] === next[head]) head++;
  let tail = 0;
  while (tail < max - head && previous[previous.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  return { head, tail };
}

/**
 * `next.map(fn)`, reusing `previousOut` where `next` holds the very items of `previousIn`: an edit changes the
 * findings of one document, so the diagnostics before and after them are the last publish's, found by identity
 * (no lookup per finding) and copied.
 */
export function mapReusing<T, U>(previousIn: readonly T[] | undefined, previousOut: readonly U[] | undefined, next: readonly T[], fn: (item: T) => U): U[] {
  if (!previousIn || !previousOut || previousIn.length !== previousOut.length) return next.map(fn);
  const { head, tail } = sharedEnds(previousIn, next);
  const out = previousOut.slice(0, head);
  for (let i = head; i < next.length - tail; i++) out.push(fn(next[i]));
  for (let i = previousOut.length - tail; i < previousOut.length; i++) out.push(previousOut[i]);
  return out;
}

function convert(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: f.docsUrl },
    source: 'modelready',
    message: f.message,
    // None is left out rather than sent as `[]`: a large file publishes thousands of these per keystroke.
    relatedInformation: f.related?.length ? f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) : undefined,
    tags: f.unnecessary ? [DiagnosticTag.Unnecessary] : undefined,
  };
}

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.modelready`;

export function toCodeAction(uri: string, fix: Fix, diagnostic: Diagnostic | undefined): CodeAction {
  const edits: LspTextEdit[] = fix.edits.map((e) => ({ range: e.range, newText: stripSnippets(e.newText) }));
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: fix.isPreferred,
    edit: { changes: { [uri]: edits } },
  };
}

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
  rule: CompletionItemKind.Reference,
};

export function toCompletionItem(e: CompletionEntry): CompletionItem {
  return {
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: 'markdown', value: e.documentation } : undefined,
    sortText: e.sortText,
    filterText: e.label,
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: e.range, newText: e.insertText },
  };
}

const SYMBOL_KIND: Record<SymbolEntry['kind'], SymbolKind> = {
  module: SymbolKind.Module,
  class: SymbolKind.Class,
  object: SymbolKind.Object,
  array: SymbolKind.Array,
  property: SymbolKind.Property,
};

export function toDocumentSymbol(s: SymbolEntry): DocumentSymbol {
  return {
    name: s.name || ' ',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}
