import { matchBaseline } from './baseline';
import type { ReadinessReport, ReportFinding, SeverityCounts } from './model';
import { escapeMarkdown as md, markdownCode } from './formatters/escape';
import { AREA_TITLES } from './formatters/shared';

/**
 * Two reports of the same files compared (`modelready diff <ref>`: the files at a git ref, then the working
 * tree): findings are the same when their fingerprints are (see fingerprint.ts), so moved lines and reworded
 * messages are neither new nor fixed. Pure.
 */
export interface ReportDiff {
  /** The git ref (or any label) of the `before` side. */
  ref: string;
  score: { before: number | null; after: number | null };
  /** Every area that applies on either side, in the `after` report's order then the `before` one's. */
  areas: { area: string; before: number | null; after: number | null }[];
  /** Findings of `after` that `before` did not have. */
  new: ReportFinding[];
  /** Findings of `before` that `after` no longer has (their lines are the `before` version's). */
  fixed: ReportFinding[];
  counts: { new: SeverityCounts; fixed: SeverityCounts };
}

function tally(list: readonly ReportFinding[]): SeverityCounts {
  const c: SeverityCounts = { error: 0, warning: 0, info: 0, total: 0 };
  for (const f of list) {
    c[f.severity]++;
    c.total++;
  }
  return c;
}

export function diffReports(before: ReadinessReport, after: ReadinessReport, ref: string): ReportDiff {
  const { matched, stale } = matchBaseline(after.findings, before.findings);
  const added = after.findings.filter((_, i) => !matched[i]);
  const areaNames = [...new Set([...after.score.areas.map((a) => a.area), ...before.score.areas.map((a) => a.area)])];
  const scoreOf = (r: ReadinessReport, area: string) => r.score.areas.find((a) => a.area === area)?.score ?? null;
  return {
    ref,
    score: { before: before.score.overall, after: after.score.overall },
    areas: areaNames.map((area) => ({ area, before: scoreOf(before, area), after: scoreOf(after, area) })),
    new: added,
    fixed: stale,
    counts: { new: tally(added), fixed: tally(stale) },
  };
}

function change(before: number | null, after: number | null): string {
  const show = (n: number | null) => (n === null ? 'n/a' : String(n));
  if (before === null || after === null || before === after) return `${show(before)} → ${show(after)}`;
  return `${before} → ${after} (${after > before ? '+' : ''}${after - before})`;
}

function countText(c: SeverityCounts): string {
  return `${c.total} (${c.error} error(s), ${c.warning} warning(s), ${c.info} info)`;
}

/** Plain text for terminals and logs. */
export function formatDiffText(d: ReportDiff): string {
  const out: string[] = [];
  const line = (sign: string, f: ReportFinding) => `${sign} ${f.path}:${f.line}:${f.column}  ${f.severity}  ${f.message.replace(/\s+/g, ' ')}  ${f.ruleId}`;
  if (d.new.length) out.push(`New findings since ${d.ref}:`, ...d.new.map((f) => line('+', f)), '');
  if (d.fixed.length) out.push(`Fixed since ${d.ref} (lines as at ${d.ref}):`, ...d.fixed.map((f) => line('-', f)), '');
  out.push(`Readiness ${change(d.score.before, d.score.after)}`);
  for (const a of d.areas) out.push(`  ${(AREA_TITLES[a.area] ?? a.area).padEnd(28)} ${change(a.before, a.after)}`);
  out.push('', `Compared with ${d.ref}: ${countText(d.counts.new)} new, ${countText(d.counts.fixed)} fixed`);
  return `${out.join('\n')}\n`;
}

/** Markdown for a pull-request comment or a job summary; every manifest string is escaped. */
export function formatDiffMarkdown(d: ReportDiff): string {
  const out: string[] = ['## ModelReady: changes since ' + markdownCode(d.ref), ''];
  const verdict = d.counts.new.error > 0 ? '❌' : d.counts.new.total > 0 ? '⚠️' : '✅';
  out.push(`${verdict} **${d.counts.new.total} new** finding(s) (${d.counts.new.error} error(s), ${d.counts.new.warning} warning(s), ${d.counts.new.info} info) · **${d.counts.fixed.total} fixed** · readiness ${change(d.score.before, d.score.after)}`, '');
  if (d.areas.length) {
    out.push('| area | before | after | change |', '| --- | ---: | ---: | ---: |');
    for (const a of d.areas) {
      const delta = a.before !== null && a.after !== null ? a.after - a.before : null;
      out.push(`| ${md(AREA_TITLES[a.area] ?? a.area)} | ${a.before ?? 'n/a'} | ${a.after ?? 'n/a'} | ${delta === null ? '' : delta > 0 ? `+${delta}` : String(delta)} |`);
    }
    out.push('');
  }
  const item = (f: ReportFinding) => `- **${f.severity}** ${markdownCode(`${f.path}:${f.line}`)} ${md(f.message)} ([${md(f.ruleId)}](${f.docsUrl}))`;
  if (d.new.length) out.push('### New findings', '', ...d.new.map(item), '');
  if (d.fixed.length) out.push('<details><summary>Fixed findings (' + d.fixed.length + ')</summary>', '', ...d.fixed.map(item), '', '</details>', '');
  return `${out.join('\n').trimEnd()}\n`;
}
