import type { Finding, Range } from '../types';
import { docsUrlFor } from '../types';

/**
 * `# modelready-disable-next-line <id>[, <id>] -- reason [until YYYY-MM-DD]`,
 * `# modelready-disable <id>` … `# modelready-enable <id>` (no id: every rule), and the
 * `modelready.dev/ignore` annotation on a resource.
 */

interface Suppression {
  kind: 'next-line' | 'block';
  ids: string[];
  reason?: string;
  until?: string;
  /** Lines the suppression covers, inclusive. */
  from: number;
  to: number;
  range: Range;
  used: boolean;
  source: 'comment' | 'annotation';
}

export interface AnnotationSuppression {
  ids: string[];
  from: number;
  to: number;
  range: Range;
}

const DIRECTIVE = /^(\s*)#\s*modelready-(disable-next-line|disable|enable)\b([^\r\n]*)$/;

export const SUPPRESSION_CODES = {
  unused: 'meta/unused-suppression',
  reason: 'meta/suppression-reason',
  expired: 'meta/expired-suppression',
} as const;

function parseDirectiveArgs(rest: string): { ids: string[]; reason?: string; until?: string } {
  const [idPart, ...reasonParts] = rest.split(/\s--\s?|^--\s?/);
  let reason = reasonParts.join(' -- ').trim() || undefined;
  let until: string | undefined;
  const untilMatch = reason ? /\buntil\s+(\d{4}-\d{2}-\d{2})\b/.exec(reason) : /\buntil\s+(\d{4}-\d{2}-\d{2})\b/.exec(idPart);
  if (untilMatch) {
    until = untilMatch[1];
    if (reason) reason = reason.replace(untilMatch[0], '').trim() || undefined;
  }
  const ids = idPart
    .replace(/\buntil\s+\d{4}-\d{2}-\d{2}\b/, '')
    .split(/[\s,]+/)
    .filter((s) => s.length > 0);
  return { ids, reason, until };
}

function collect(text: string): Suppression[] {
  const lines = text.split('\n');
  const found: Suppression[] = [];
  const open = new Map<string, Suppression>();
  lines.forEach((line, n) => {
    if (!line.includes('modelready-')) return;
    const m = DIRECTIVE.exec(line.replace(/\r$/, ''));
    if (!m) return;
    const [, indent, directive, rest] = m;
    const args = parseDirectiveArgs(rest.trim());
    const range: Range = { start: { line: n, character: indent.length }, end: { line: n, character: line.replace(/\r$/, '').length } };
    if (directive === 'disable-next-line') {
      found.push({ kind: 'next-line', ...args, from: n + 1, to: n + 1, range, used: false, source: 'comment' });
    } else if (directive === 'disable') {
      const s: Suppression = { kind: 'block', ...args, from: n + 1, to: lines.length, range, used: false, source: 'comment' };
      found.push(s);
      open.set(args.ids.join(',') || '*', s);
    } else {
      for (const key of args.ids.length ? args.ids : [...open.keys()]) {
        const s = open.get(key) ?? [...open.entries()].find(([k]) => k.split(',').includes(key))?.[1];
        if (s) {
          s.to = n;
          open.delete(s.ids.join(',') || '*');
        }
      }
    }
  });
  return found;
}

function covers(s: { ids: string[]; from: number; to: number }, f: Finding): boolean {
  const line = f.range.start.line;
  return line >= s.from && line <= s.to && (s.ids.length === 0 || s.ids.includes(f.code));
}

/** Removes suppressed findings and reports suppressions that are unused, expired or without a reason. */
export function applySuppressions(
  uri: string,
  text: string,
  findings: Finding[],
  annotations: readonly AnnotationSuppression[],
  today: string,
): Finding[] {
  if (!text.includes('modelready-') && annotations.length === 0) return findings;
  const suppressions = collect(text);
  const annotationSuppressions: Suppression[] = annotations.map((a) => ({ kind: 'block', ...a, used: false, source: 'annotation', reason: 'annotation' }));
  const all = [...suppressions, ...annotationSuppressions];
  const kept: Finding[] = [];
  const meta: Finding[] = [];
  for (const f of findings) {
    // Syntax errors cannot be suppressed: the rest of the file cannot be trusted while they stand.
    const s = f.code === 'schema/yaml-syntax' ? undefined : all.find((x) => covers(x, f));
    if (!s) {
      kept.push(f);
      continue;
    }
    s.used = true;
    if (s.until && s.until < today) kept.push(f);
  }
  const info = (code: string, range: Range, message: string, unnecessary = false): Finding => ({
    code,
    severity: 'info',
    message,
    range,
    uri,
    docsUrl: docsUrlFor(code),
    unnecessary,
  });
  for (const s of suppressions) {
    const label = s.ids.length ? s.ids.join(', ') : 'all rules';
    if (s.until && s.until < today) {
      meta.push(info(SUPPRESSION_CODES.expired, s.range, `This suppression of ${label} expired on ${s.until}; the findings it hid are reported again. Fix them or extend the date.`));
    } else if (!s.used) {
      meta.push(info(SUPPRESSION_CODES.unused, s.range, `This suppression of ${label} suppresses nothing; remove it.`, true));
    }
    if (!s.reason) {
      meta.push(info(SUPPRESSION_CODES.reason, s.range, `Say why ${label} is suppressed: add \`-- <reason>\` so reviewers can judge it.`));
    }
  }
  for (const s of annotationSuppressions) {
    if (!s.used) meta.push(info(SUPPRESSION_CODES.unused, s.range, `The modelready.dev/ignore annotation suppresses ${s.ids.join(', ')}, but nothing was reported for it here; remove it.`, true));
  }
  return [...kept, ...meta];
}
