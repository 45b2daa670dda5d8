import type { ReadinessReport, ReportFinding, SeverityCounts } from './model';
import { filterReport, fingerprintOfReported } from './model';

/**
 * A baseline: the findings a team accepted on the day it adopted ModelReady (`modelready check
 * --write-baseline FILE`). `--baseline FILE` (or `baseline:` in `.modelready.yaml`) hides them, so that only new
 * findings fail; entries no finding matches any more are *stale* (fixed) and can be pruned by writing the
 * baseline again. Entries match by fingerprint (see fingerprint.ts), never by line: edits elsewhere keep them.
 * Pure: reading and writing the file is the caller's business.
 */
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** `Kind/namespace/name` (informative). */
  resource: string;
  /** The file, relative to the baseline's folder (`/` separators): breaks ties between equal fingerprints. */
  path: string;
  /** The message when it was recorded (informative). */
  message: string;
  /** Why it is accepted (written by hand, kept when the baseline is written again). */
  reason?: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'modelready';
  findings: BaselineEntry[];
}

export interface BaselineSummary {
  /** The baseline file as given. */
  file: string;
  /** Findings the baseline hid. */
  suppressed: number;
  /** Entries no finding matched: fixed since, prune them (`--write-baseline`). */
  stale: BaselineEntry[];
}

/** Reads a baseline file's text; throws an Error saying what is wrong. */
export function parseBaseline(text: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = raw as Partial<Baseline> | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.findings)) throw new Error('not a ModelReady baseline (no `findings` list)');
  if (r.version !== BASELINE_VERSION) throw new Error(`baseline version ${String(r.version)} is not supported (expected ${BASELINE_VERSION})`);
  const findings = r.findings.filter((e): e is BaselineEntry => !!e && typeof e === 'object' && typeof (e as BaselineEntry).fingerprint === 'string');
  return { version: BASELINE_VERSION, tool: 'modelready', findings };
}

/** What matching reads of a finding or an entry. */
export interface Identity {
  /** Always there in a baseline entry; a reported finding has it when its report was built with fingerprints. */
  fingerprint?: string;
  path: string;
}

/**
 * Matches findings with baseline entries (or with the findings of another version, for `modelready diff`): each entry accounts for one finding with its fingerprint, one in
 * the same file first. Returns which findings matched (by index) and the entries left over (stale).
 */
export function matchBaseline<E extends Identity>(findings: readonly Identity[], entries: readonly E[]): { matched: boolean[]; stale: E[] } {
  const byFingerprint = new Map<string, E[]>();
  for (const e of entries) {
    const fingerprint = fingerprintOfReported(e);
    const list = byFingerprint.get(fingerprint);
    if (list) list.push(e);
    else byFingerprint.set(fingerprint, [e]);
  }
  const matched = findings.map(() => false);
  // Same file first, then any file (a manifest that moved keeps its entries).
  for (const samePath of [true, false]) {
    findings.forEach((f, i) => {
      if (matched[i]) return;
      const list = byFingerprint.get(fingerprintOfReported(f));
      const at = list?.findIndex((e) => !samePath || e.path === f.path) ?? -1;
      if (at < 0) return;
      list!.splice(at, 1);
      matched[i] = true;
    });
  }
  return { matched, stale: [...byFingerprint.values()].flat() };
}

/** The baseline of a report's findings, keeping the `reason` of entries `previous` had for them. */
export function createBaseline(findings: readonly ReportFinding[], pathOf: (f: ReportFinding) => string, previous?: Baseline): Baseline {
  const reasons = new Map<string, string>();
  for (const e of previous?.findings ?? []) if (e.reason) reasons.set(`${e.fingerprint}|${e.path}`, e.reason);
  const entries = findings.map((f): BaselineEntry => {
    const path = pathOf(f);
    const fingerprint = fingerprintOfReported(f);
    const reason = reasons.get(`${fingerprint}|${path}`);
    return { fingerprint, ruleId: f.ruleId, resource: f.resource, path, message: f.message, ...(reason ? { reason } : {}) };
  });
  return { version: BASELINE_VERSION, tool: 'modelready', findings: entries };
}

export function formatBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

const zero = (): SeverityCounts => ({ error: 0, warning: 0, info: 0, total: 0 });

/**
 * The report without the findings the baseline accepts: counts (total, per file, per area) count only what is
 * left, so exit codes and summaries judge new findings; the score still counts every finding (readiness did not
 * change because a finding was accepted).
 */
export function applyBaseline(report: ReadinessReport, baseline: Baseline, file: string, pathOf: (f: ReportFinding) => string): ReadinessReport {
  const { matched, stale } = matchBaseline(
    report.findings.map((f) => ({ fingerprint: f.fingerprint, path: pathOf(f) })),
    baseline.findings,
  );
  const hidden = new Set(report.findings.filter((_, i) => matched[i]).map((f) => f.id));
  const kept = filterReport(report, (f) => !hidden.has(f.id));
  const severityOf = new Map(kept.findings.map((f) => [f.id, f.severity]));
  const tally = (ids: readonly number[]) => {
    const c = zero();
    for (const id of ids) {
      const s = severityOf.get(id);
      if (s) {
        c[s]++;
        c.total++;
      }
    }
    return c;
  };
  return {
    ...kept,
    counts: tally(kept.findings.map((f) => f.id)),
    files: kept.files.map((f) => ({ ...f, counts: tally(f.findings) })),
    groups: kept.groups.map((g) => ({ ...g, counts: tally(g.rules.flatMap((r) => r.findings)) })),
    baseline: { file, suppressed: hidden.size, stale },
  };
}
