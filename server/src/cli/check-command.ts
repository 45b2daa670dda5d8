import type { Config } from '../engine/config/config';
import type { ReadinessReport } from '../engine/report/model';
import { resolve } from 'node:path';
import type { BaselineSummary } from '../engine/report/baseline';
import { applyBaseline } from '../engine/report/baseline';
import { filterReport } from '../engine/report/model';
import { analyse, INPUT_HELP, INPUT_OPTIONS } from './analyse';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from './errors';
import { baselinePath, FAIL_ON_HELP, failOnOption, fails, readBaselineFile, writeBaselineFile } from './gate';
import type { Command, Io } from './main';
import { emit, oneOf, positiveInt, useColor } from './terminal';

const FORMATS = ['text', 'json', 'sarif', 'junit', 'github', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: modelready check [options] [paths|globs...]

Checks model deployment manifests: schema validation and the readiness rules, with cross-document rules
seeing every file of the run.

Output:
  --format, -f F           text (default) | json | sarif | junit | github | markdown
  --quiet, -q              errors only (warnings still count for --max-warnings)
  --max-warnings N         exit 1 when there are more than N warnings
  --no-color, --color      colours in text output (default: on a terminal; NO_COLOR / FORCE_COLOR respected)
Fixes:
  --fix                    apply the automatic fixes to the files (atomically), then report what remains
  --fix-dry-run            print the fixes as a unified diff; change nothing
Adoption:
  --write-baseline FILE    record today's findings in FILE (keeping the 'reason' of entries it had); exit 0
  --baseline FILE          hide the findings FILE records: only new ones count (default: 'baseline:' of
                           .modelready.yaml); the summary counts them and the stale (fixed) entries
${FAIL_ON_HELP}
${INPUT_HELP}

Exit codes: 0 nothing to fail on (see --fail-on; warnings within --max-warnings), 1 findings to fail on or
too many warnings, 2 usage or configuration error.`;

async function format(report: ReadinessReport, f: Format, color: boolean, note?: string): Promise<string> {
  const m = await import('../engine/report/formatters/index.js');
  switch (f) {
    case 'json':
      return m.formatJson(report);
    case 'sarif':
      return m.formatSarif(report);
    case 'junit':
      return m.formatJunit(report);
    case 'github':
      return m.formatGithub(report);
    case 'markdown':
      return m.formatMarkdown(report);
    default:
      return m.formatText(report, { color, note });
  }
}

function baselineNotes(b: BaselineSummary): string[] {
  const notes = [`${b.suppressed} baselined`];
  if (b.stale.length > 0) notes.push(`${b.stale.length} stale baseline entr${b.stale.length === 1 ? 'y' : 'ies'} (fixed: prune with --write-baseline)`);
  return notes;
}

export const checkCommand: Command = {
  usage: USAGE,
  allowPositionals: true,
  options: {
    ...INPUT_OPTIONS,
    format: { type: 'string', short: 'f' },
    'max-warnings': { type: 'string' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    fix: { type: 'boolean' },
    'fix-dry-run': { type: 'boolean' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    'fail-on': { type: 'string' },
  },
  async run(values, positionals, io: Io) {
    const fmt = oneOf('format', values.format as string | undefined, FORMATS, 'text');
    const maxWarnings = positiveInt('max-warnings', values['max-warnings'] as string | undefined);
    if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
    const dryRun = !!values['fix-dry-run'];
    const fix = values.fix || dryRun ? { write: !dryRun, diff: dryRun } : undefined;
    const failOn = failOnOption(values['fail-on']);
    if (values['write-baseline'] !== undefined && values.baseline !== undefined) throw new UsageError('--write-baseline and --baseline cannot be used together');
    const writeTo = values['write-baseline'] as string | undefined;
    const baselineOf = (config: Config) => (values.baseline as string | undefined) ?? config.baseline;
    // Text, GitHub, JUnit and Markdown show no fingerprints: only a baseline, JSON and SARIF read them.
    const fingerprints = (config: Config) => fmt === 'json' || fmt === 'sarif' || writeTo !== undefined || baselineOf(config) !== undefined;
    const analysed = await analyse(values, positionals, io, { fix, fingerprints });
    const { results } = analysed;
    if (writeTo !== undefined) {
      const n = writeBaselineFile(writeTo, io.cwd, analysed.report.findings);
      io.stderr.write(`modelready: wrote ${n} finding(s) to the baseline ${writeTo}\n`);
      return EXIT_OK;
    }
    const baselineFile = baselineOf(analysed.config);
    const report = baselineFile ? applyBaseline(analysed.report, readBaselineFile(baselineFile, io.cwd), baselineFile, baselinePath(resolve(io.cwd, baselineFile))) : analysed.report;

    const { warning } = report.counts;
    const tooManyWarnings = maxWarnings !== undefined && warning > maxWarnings;
    const code = fails(report.counts, failOn) || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;

    if (dryRun) {
      const diffs = results.filter((r) => r.diff).map((r) => r.diff!);
      emit(io, diffs.join(''), values.output as string | undefined);
      const n = results.reduce((s, r) => s + (r.fixed ?? 0), 0);
      io.stderr.write(`modelready: --fix-dry-run: ${n} fix(es) in ${diffs.length} file(s) would be applied; nothing was changed\n`);
      return code;
    }
    const notes: string[] = [];
    if (fix) {
      const changed = results.filter((r) => r.fixed);
      notes.push(`fixed ${changed.reduce((s, r) => s + r.fixed!, 0)} problem(s) in ${changed.length} file(s)`);
    }
    if (report.baseline) notes.push(...baselineNotes(report.baseline));
    if (values.quiet && warning + report.counts.info > 0) notes.push(`${warning} warning(s) and ${report.counts.info} info hidden by --quiet`);
    if (tooManyWarnings) notes.push(`too many warnings (${warning}, maximum ${maxWarnings})`);
    const shown = values.quiet ? filterReport(report, (f) => f.severity === 'error') : report;
    const toFile = values.output !== undefined && values.output !== '-';
    const color = !toFile && fmt === 'text' && useColor(values as { color?: boolean; 'no-color'?: boolean }, io.env, io.stdout);
    emit(io, await format(shown, fmt, color, notes.join(' · ') || undefined), values.output as string | undefined);
    if (fmt !== 'text' && notes.length > 0 && !values.quiet) io.stderr.write(`modelready: ${notes.join('; ')}\n`);
    return code;
  },
};
