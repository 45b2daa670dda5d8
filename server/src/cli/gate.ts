import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Baseline } from '../engine/report/baseline';
import { createBaseline, formatBaseline, parseBaseline } from '../engine/report/baseline';
import type { ReportFinding, SeverityCounts } from '../engine/report/model';
import { UsageError } from './errors';
import { writeAtomic } from './pipeline';
import { oneOf } from './terminal';

/** What makes `check` and `diff` fail: `--fail-on error|warning|none`. */
export const FAIL_ON = ['error', 'warning', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const FAIL_ON_HELP = `  --fail-on LEVEL          error (default): exit 1 on errors | warning: on errors or warnings | none: never`;

export function failOnOption(value: string | boolean | undefined): FailOn {
  return oneOf('fail-on', value as string | undefined, FAIL_ON, 'error');
}

export function fails(counts: Pick<SeverityCounts, 'error' | 'warning'>, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return counts.error > 0 || (failOn === 'warning' && counts.warning > 0);
}

/** A finding's file relative to the baseline's folder (`/` separators), as baseline entries name it. */
export function baselinePath(baselineFile: string): (f: ReportFinding) => string {
  const dir = dirname(baselineFile);
  return (f) => {
    let abs: string;
    try {
      abs = fileURLToPath(f.uri);
    } catch {
      return f.path;
    }
    const rel = relative(dir, abs);
    return sep === '/' ? rel : rel.split(sep).join('/');
  };
}

export function readBaselineFile(file: string, cwd: string): Baseline {
  const abs = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the baseline '${file}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (write one with --write-baseline)' : (e as Error).message}`);
  }
  try {
    return parseBaseline(text);
  } catch (e) {
    throw new UsageError(`invalid baseline '${file}': ${(e as Error).message}`);
  }
}

/** Writes every finding to the baseline file (keeping the `reason` of entries it already had); returns their number. */
export function writeBaselineFile(file: string, cwd: string, findings: readonly ReportFinding[]): number {
  const abs = resolve(cwd, file);
  const previous = existsSync(abs) ? readBaselineFile(file, cwd) : undefined;
  const baseline = createBaseline(findings, baselinePath(abs), previous);
  try {
    mkdirSync(dirname(abs), { recursive: true });
    writeAtomic(abs, formatBaseline(baseline));
  } catch (e) {
    throw new UsageError(`cannot write the baseline '${file}': ${(e as Error).message}`);
  }
  return baseline.findings.length;
}
