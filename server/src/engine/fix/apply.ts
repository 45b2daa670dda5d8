import type { Config } from '../config/config';
import { DEFAULT_CONFIG } from '../config/config';
import type { AnalyzeOptions, CheckEnvironment, FileAnalysis } from '../check';
import { analyzeFile, buildWorkspace, checkFile } from '../check';
import type { Finding, Fix, Position } from '../types';
import { stripSnippets } from './edits';

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function toOffset(starts: number[], text: string, p: Position): number {
  if (p.line >= starts.length) return text.length;
  return Math.min(starts[p.line] + p.character, p.line + 1 < starts.length ? starts[p.line + 1] : text.length);
}

interface Span {
  from: number;
  to: number;
  text: string;
}

/**
 * Applies fixes whole: a fix whose edits overlap an edit already taken waits for the next pass.
 * Snippet placeholders become their defaults.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const starts = lineStarts(text);
  const taken: Span[] = [];
  let applied = 0;
  for (const fix of fixes) {
    const spans = fix.edits.map((e) => ({ from: toOffset(starts, text, e.range.start), to: toOffset(starts, text, e.range.end), text: stripSnippets(e.newText) }));
    const clash = spans.some((s) => taken.some((t) => s.from < t.to && t.from < s.to || (s.from === s.to && s.from === t.from)));
    if (clash) continue;
    taken.push(...spans);
    applied++;
  }
  taken.sort((a, b) => a.from - b.from);
  let out = '';
  let cursor = 0;
  for (const s of taken) {
    out += text.slice(cursor, s.from) + s.text;
    cursor = s.to;
  }
  return { text: out + text.slice(cursor), applied };
}

/** The fix "fix all" applies for a finding: its preferred fix (suppressions are never automatic). */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.isPreferred);
}

/**
 * Applies every preferred fix, re-checking between passes so fixes that touch the same lines all land.
 * Stops when a pass changes nothing; a second run on the result changes nothing.
 */
export function fixAllText(uri: string, text: string, config: Config = DEFAULT_CONFIG, env: CheckEnvironment = {}, options: AnalyzeOptions = {}): { text: string; fixed: number } {
  let current = text;
  let fixed = 0;
  // Each pass analyses only the documents the previous pass changed (as the editor does after an edit): a pass over
  // a 1,000-document file whose last fixes touch a few documents costs those few.
  let previous: FileAnalysis | undefined;
  // Fixes that insert at the same point (missing sections) land one per pass: a bare manifest needs ~11 passes.
  // The cap only guards against fixes that undo each other.
  for (let pass = 0; pass < 50; pass++) {
    const file = analyzeFile(uri, current, config, previous, options);
    previous = file;
    const fixes = checkFile(file, buildWorkspace([file], env), config, env).map(preferredFix).filter((f): f is Fix => f !== undefined);
    const result = applyFixes(current, fixes);
    if (result.applied === 0 || result.text === current) break;
    current = result.text;
    fixed += result.applied;
  }
  return { text: current, fixed };
}
