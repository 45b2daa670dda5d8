import type { FileAnalysis } from '../check';
import type { BaselineSummary } from './baseline';
import type { AnyArea } from '../codes';
import { BUILTIN_CODES } from '../codes';
import type { Config } from '../config/config';
import { effectiveSeverity } from '../config/config';
import type { Rule } from '../rules/define';
import type { Profile } from '../vocabulary';
import { RULES } from '../rules/registry';
import type { Finding, ResourceId, Severity } from '../types';
import { compareStrings, docsUrlFor } from '../types';
import { fingerprintOf, resourceLabel } from './fingerprint';
import type { ScoreUnit } from './score';
import { computeScore, SCORE_AREAS, scoreUnits } from './score';

/**
 * The readiness report: one plain, JSON-serialisable object that every output is made from (the CLI's
 * `--format json|sarif|junit|github|text`, `modelready report` as Markdown or HTML, and the editor's report
 * webview). Pure: no file system, no editor.
 *
 * The JSON shape (`modelready check --format json`, `modelready report --format json`) is stable within a
 * `schemaVersion`: fields are only added, never renamed or removed, until the version changes.
 *
 * - Findings are listed once, in `findings` (sorted by path, line, column); every other place refers to them by
 *   their `id`, which is their index in that array.
 * - Lines and columns are 1-based; columns count UTF-16 code units (as editors and SARIF's default do).
 * - `path` is the file's path relative to `options.baseUri` (the working directory) when it lies inside it,
 *   otherwise an absolute path (or the URI itself for non-file URIs).
 */
export const REPORT_SCHEMA_VERSION = 1;

export type ReportSeverity = Exclude<Severity, 'hint'>;

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  /** error + warning + info. */
  total: number;
}

export interface ReportLocation {
  uri: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportFinding extends ReportLocation {
  /** Index of the finding in `ReadinessReport.findings`. */
  id: number;
  ruleId: string;
  area: AnyArea | string;
  severity: ReportSeverity;
  message: string;
  docsUrl: string;
  /** The rule's one-line description. */
  description: string;
  /** The engine has an automatic fix for it (`modelready check --fix`). */
  fixable: boolean;
  /** Other places the finding points at (cross-document findings). */
  related?: (ReportLocation & { message: string })[];
  /**
   * Stable identity across edits (baselines, `modelready diff`, SARIF `partialFingerprints`): see fingerprint.ts.
   * Absent from a report built without them (`ReportOptions.fingerprints`); read it with `fingerprintOfReported`.
   */
  fingerprint?: string;
  /** The resource it is about: `Kind/namespace/name` (empty for file-level findings). */
  resource: string;
}

export interface ReportUnit {
  name: string;
  kind: string;
  format: string;
  namespace?: string;
  /** 1-based line of the unit's document. */
  line: number;
  isModelServer: boolean;
}

export interface ReportFile {
  uri: string;
  path: string;
  /** Number of YAML documents in the file. */
  documents: number;
  /** The deployments the engine recognised in the file. */
  units: ReportUnit[];
  counts: SeverityCounts;
  /** Ids of the file's findings. */
  findings: number[];
}

/** One rule's check on one unit. */
export interface ReportCheck {
  unit: string;
  uri: string;
  path: string;
  severity: ReportSeverity;
  weight: number;
  passed: boolean;
  findings: number[];
}

export interface ReportRuleScore {
  id: string;
  description: string;
  docsUrl: string;
  severity: ReportSeverity;
  passed: boolean;
  applicableWeight: number;
  failedWeight: number;
  checks: ReportCheck[];
  /** Ids of the findings that made checks fail. */
  findings: number[];
}

export interface ReportAreaScore {
  area: AnyArea | string;
  /** 0–100: `floor(100 × (applicableWeight − failedWeight) / applicableWeight)`. */
  score: number;
  applicableWeight: number;
  failedWeight: number;
  checks: number;
  failedChecks: number;
  rules: ReportRuleScore[];
}

export interface ReportScore {
  /** floor(mean of the area scores), or null when no area applies (no recognised deployment). */
  overall: number | null;
  /** Areas that apply, in report order. */
  areas: ReportAreaScore[];
  /** Ids of findings that belong to no check (syntax errors, `meta/*`). */
  unscored: number[];
}

export interface ReportRuleGroup {
  ruleId: string;
  description: string;
  docsUrl: string;
  /** Highest severity among its findings. */
  severity: ReportSeverity;
  findings: number[];
}

export interface ReportAreaGroup {
  area: AnyArea | string;
  counts: SeverityCounts;
  rules: ReportRuleGroup[];
}

/** A rule of the catalogue (readiness rules and built-in codes). */
export interface RuleInfo {
  id: string;
  area: AnyArea;
  /** Default severity. */
  severity: ReportSeverity;
  /** Severity under the report's configuration (`off` when the profile or a setting turns it off). */
  effectiveSeverity: ReportSeverity | 'off';
  description: string;
  rationale?: string;
  fixable: boolean;
  docsUrl: string;
  formats?: string[];
  profiles?: Profile[];
  /** `rule` for readiness rules, `builtin` for syntax, schema and meta codes. */
  type: 'rule' | 'builtin';
}

export interface ReadinessReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string; informationUri: string };
  /** ISO 8601. */
  generatedAt: string;
  profile: Profile;
  /** The working directory's file URI the paths are relative to (with a trailing slash). */
  baseUri?: string;
  score: ReportScore;
  counts: SeverityCounts;
  files: ReportFile[];
  findings: ReportFinding[];
  /** Every finding grouped by area (report order) and rule (by id). */
  groups: ReportAreaGroup[];
  /** The whole catalogue, so that a report (or SARIF) can describe every rule without the engine. */
  rules: RuleInfo[];
  /** Set when a baseline was applied: what it hid and which of its entries are stale (see baseline.ts). */
  baseline?: BaselineSummary;
}

export interface ReportOptions {
  /** ISO time; defaults to now. Pass one for reproducible output. */
  generatedAt?: string;
  /** File URI of the working directory: paths are shown relative to it. */
  baseUri?: string;
  toolVersion?: string;
  rules?: readonly Rule[];
  /** false: findings carry no `fingerprint` (nothing that reads the report reads them); default true. */
  fingerprints?: boolean;
}

/** A reported finding's fingerprint; a report built without fingerprints is a caller's mistake, not a user's. */
export function fingerprintOfReported(f: { fingerprint?: string }): string {
  if (f.fingerprint === undefined) throw new Error('the report was built without fingerprints (ReportOptions.fingerprints)');
  return f.fingerprint;
}

/** What the report needs of one analysed file: what `summarizeFile` keeps of a FileAnalysis (plain data, so workers can send it). */
export interface FileSummary {
  uri: string;
  documents: number;
  units: ReportUnit[];
  scoreUnits: ScoreUnit[];
}

export const TOOL_NAME = 'ModelReady';
export const TOOL_URI = 'https://github.com/modelready/modelready';

/** The plain summary of an analysed file under its configuration. */
export function summarizeFile(file: FileAnalysis, config: Config, rules: readonly Rule[] = RULES): FileSummary {
  const units: ReportUnit[] = [];
  for (const d of file.documents) {
    for (const u of d.units) {
      units.push({ name: u.name, kind: u.kind, format: u.format, namespace: u.namespace, line: d.doc.lineOffset + 1, isModelServer: u.isModelServer });
    }
  }
  return { uri: file.uri, documents: file.documents.length, units, scoreUnits: scoreUnits([file], config, rules) };
}

/**
 * The readiness report of analysed files and their findings (suppressions applied, as `checkFile` returns them)
 * under one configuration.
 */
export function buildReport(
  files: readonly FileAnalysis[],
  findingsByUri: ReadonlyMap<string, readonly Finding[]> | Readonly<Record<string, readonly Finding[]>>,
  config: Config,
  options: ReportOptions = {},
): ReadinessReport {
  const rules = options.rules ?? RULES;
  return assembleReport(
    files.map((f) => summarizeFile(f, config, rules)),
    findingsByUri,
    config,
    options,
  );
}

const ZERO = (): SeverityCounts => ({ error: 0, warning: 0, info: 0, total: 0 });

function count(c: SeverityCounts, s: ReportSeverity): void {
  c[s]++;
  c.total++;
}

const RANK: Record<ReportSeverity, number> = { info: 1, warning: 2, error: 3 };

/** The report from file summaries (the form worker threads send back); `buildReport` is this over `summarizeFile`. */
export function assembleReport(
  summaries: readonly FileSummary[],
  findingsByUri: ReadonlyMap<string, readonly Finding[]> | Readonly<Record<string, readonly Finding[]>>,
  config: Config,
  options: ReportOptions = {},
): ReadinessReport {
  const rules = options.rules ?? RULES;
  const fingerprints = options.fingerprints !== false;
  const catalogue = ruleCatalogue(config, rules);
  const infoById = new Map(catalogue.map((r) => [r.id, r]));
  const lookup = (uri: string): readonly Finding[] =>
    (findingsByUri instanceof Map ? findingsByUri.get(uri) : (findingsByUri as Record<string, readonly Finding[]>)[uri]) ?? [];
  const base = options.baseUri;
  const paths = new Map<string, string>();
  const pathOf = (uri: string) => {
    let p = paths.get(uri);
    if (p === undefined) paths.set(uri, (p = displayPath(uri, base)));
    return p;
  };
  // Per resource object: the findings of a unit share their resource's.
  const labels = new Map<ResourceId, string>();
  const labelOf = (r: ResourceId | undefined) => {
    if (!r) return '';
    let label = labels.get(r);
    if (label === undefined) labels.set(r, (label = resourceLabel(r)));
    return label;
  };

  // Files sorted by path; findings by file, then position.
  const ordered = [...summaries].map((s) => ({ s, path: pathOf(s.uri) })).sort((a, b) => compareStrings(a.path, b.path));
  const findings: ReportFinding[] = [];
  const idOf = new Map<Finding, number>();
  const files: ReportFile[] = [];
  const allFindings: Finding[] = [];
  for (const { s, path } of ordered) {
    const counts = ZERO();
    const ids: number[] = [];
    for (const f of lookup(s.uri)) {
      const severity: ReportSeverity = f.severity === 'hint' ? 'info' : f.severity;
      const info = infoById.get(f.code);
      const { start, end } = f.range;
      // Written out, not spread from `location`: one object per finding of the run.
      const rf: ReportFinding = {
        id: findings.length,
        ruleId: f.code,
        area: info?.area ?? f.code.split('/')[0],
        severity,
        message: f.message,
        uri: f.uri,
        path: pathOf(f.uri),
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        docsUrl: f.docsUrl || docsUrlFor(f.code),
        description: info?.description ?? '',
        fixable: !!f.fixes?.some((x) => x.isPreferred),
        fingerprint: fingerprints ? fingerprintOf(f) : undefined,
        resource: labelOf(f.resource),
      };
      if (f.related?.length) rf.related = f.related.map((r) => ({ ...location(r.uri, r.range, pathOf), message: r.message }));
      idOf.set(f, rf.id);
      findings.push(rf);
      allFindings.push(f);
      ids.push(rf.id);
      count(counts, severity);
    }
    files.push({ uri: s.uri, path, documents: s.documents, units: s.units, counts, findings: ids });
  }

  const score = computeScore(
    summaries.flatMap((s) => s.scoreUnits),
    allFindings,
  );
  const ids = (list: readonly Finding[]): number[] => {
    const out: number[] = [];
    for (const f of list) {
      const id = idOf.get(f);
      if (id !== undefined) out.push(id);
    }
    return out;
  };
  const reportScore: ReportScore = {
    overall: score.overall,
    areas: score.areas.map((a) => ({
      area: a.area,
      score: a.score,
      applicableWeight: a.applicableWeight,
      failedWeight: a.failedWeight,
      checks: a.checks,
      failedChecks: a.failedChecks,
      rules: a.rules.map((r) => {
        let checks: ReportCheck[] | undefined;
        let failing: number[] | undefined;
        return {
          id: r.id,
          description: infoById.get(r.id)?.description ?? '',
          docsUrl: docsUrlFor(r.id),
          severity: r.severity,
          passed: r.passed,
          applicableWeight: r.applicableWeight,
          failedWeight: r.failedWeight,
          // Built on first read, in its place among the keys: a run has one per unit and rule (hundreds of thousands
          // on a large tree), and only some outputs (JSON, the report view) read them.
          get checks(): ReportCheck[] {
            return (checks ??= r.checks.map((c) => ({
              unit: c.unit.name,
              uri: c.unit.uri,
              path: pathOf(c.unit.uri),
              severity: c.severity,
              weight: c.weight,
              passed: c.passed,
              findings: ids(c.findings),
            })));
          },
          set checks(value: ReportCheck[]) {
            checks = value;
          },
          // Built on first read too: only some outputs (JSON, SARIF's rules, the report view) read them.
          get findings(): number[] {
            return (failing ??= ids(r.findings));
          },
          set findings(value: number[]) {
            failing = value;
          },
        };
      }),
    })),
    unscored: ids(score.unscored),
  };

  const counts = ZERO();
  for (const f of findings) count(counts, f.severity);
  let groups: ReportAreaGroup[] | undefined;

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: options.toolVersion ?? '0.0.0', informationUri: TOOL_URI },
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    profile: config.profile,
    ...(base ? { baseUri: base } : {}),
    score: reportScore,
    counts,
    files,
    findings,
    // Built on first read, in its place among the keys: text output never reads it.
    get groups(): ReportAreaGroup[] {
      return (groups ??= groupFindings(findings));
    },
    set groups(value: ReportAreaGroup[]) {
      groups = value;
    },
    rules: catalogue,
  };
}

/** Findings by area (report order), then by rule id. */
function groupFindings(findings: readonly ReportFinding[]): ReportAreaGroup[] {
  const byArea = new Map<string, Map<string, ReportRuleGroup>>();
  const areaCounts = new Map<string, SeverityCounts>();
  for (const f of findings) {
    let rulesOfArea = byArea.get(f.area);
    if (!rulesOfArea) {
      rulesOfArea = new Map();
      byArea.set(f.area, rulesOfArea);
      areaCounts.set(f.area, ZERO());
    }
    count(areaCounts.get(f.area)!, f.severity);
    let g = rulesOfArea.get(f.ruleId);
    if (!g) {
      g = { ruleId: f.ruleId, description: f.description, docsUrl: f.docsUrl, severity: f.severity, findings: [] };
      rulesOfArea.set(f.ruleId, g);
    }
    if (RANK[f.severity] > RANK[g.severity]) g.severity = f.severity;
    g.findings.push(f.id);
  }
  const areaOrder = [...SCORE_AREAS, 'meta'];
  return [...byArea.keys()]
    .sort((a, b) => orderOf(areaOrder, a) - orderOf(areaOrder, b) || compareStrings(a, b))
    .map((area) => ({
      area,
      counts: areaCounts.get(area)!,
      rules: [...byArea.get(area)!.values()].sort((a, b) => compareStrings(a.ruleId, b.ruleId)),
    }));
}

/** Every readiness rule and built-in code, sorted by id, with its severity under `config`. */
export function ruleCatalogue(config?: Config, rules: readonly Rule[] = RULES): RuleInfo[] {
  const list: RuleInfo[] = rules.map((r) => ({
    id: r.meta.id,
    area: r.meta.area,
    severity: r.meta.severity,
    effectiveSeverity: config ? effectiveSeverity(r.meta, config) : r.meta.severity,
    description: r.meta.description,
    rationale: r.meta.rationale,
    fixable: r.meta.fixable,
    docsUrl: docsUrlFor(r.meta.id),
    formats: [...r.meta.formats],
    profiles: [...r.meta.profiles],
    type: 'rule',
  }));
  for (const c of BUILTIN_CODES) {
    const setting = config?.rules[c.id]?.severity;
    list.push({
      id: c.id,
      area: c.area,
      severity: c.severity,
      effectiveSeverity: setting ?? c.severity,
      description: c.description,
      fixable: false,
      docsUrl: docsUrlFor(c.id),
      type: 'builtin',
    });
  }
  return list.sort((a, b) => compareStrings(a.id, b.id));
}

/** A copy of the report whose finding lists keep only `severities` (counts and score unchanged): `--quiet`. */
export function filterReport(report: ReadinessReport, keep: (f: ReportFinding) => boolean): ReadinessReport {
  const kept = new Set(report.findings.filter(keep).map((f) => f.id));
  const only = (ids: number[]) => ids.filter((id) => kept.has(id));
  return {
    ...report,
    findings: report.findings.filter((f) => kept.has(f.id)),
    files: report.files.map((f) => ({ ...f, findings: only(f.findings) })),
    groups: report.groups
      .map((g) => ({ ...g, rules: g.rules.map((r) => ({ ...r, findings: only(r.findings) })).filter((r) => r.findings.length > 0) }))
      .filter((g) => g.rules.length > 0),
  };
}

/** The findings of a report by id (ids index `report.findings` unless the report was filtered). */
export function findingIndex(report: ReadinessReport): Pick<Map<number, ReportFinding>, 'get'> {
  const findings = report.findings;
  if (findings.every((f, i) => f.id === i)) return { get: (id) => findings[id] };
  return new Map(findings.map((f) => [f.id, f]));
}

function location(uri: string, range: Finding['range'], pathOf: (uri: string) => string): ReportLocation {
  return {
    uri,
    path: pathOf(uri),
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function orderOf(order: readonly string[], v: string): number {
  const i = order.indexOf(v);
  return i < 0 ? order.length : i;
}

function fileSegments(uri: string): string[] | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const u = new URL(uri);
    return u.pathname.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

const PLAIN_RELATIVE = /^[\w.-]+(?:\/[\w.-]+)*$/;
const DOT_PART = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * A relative path of plain names (letters, digits, `_`, `.`, `-`; none of them `.` or `..`), which a file URI writes
 * as it is: nothing in it is escaped or resolved.
 */
export function isPlainRelativePath(path: string): boolean {
  return PLAIN_RELATIVE.test(path) && !DOT_PART.test(path);
}

/** The segments of the last base URI asked for: a report names every file relative to one base. */
let lastBase: { uri: string; segments: string[] | undefined } | undefined;

function baseSegments(uri: string): string[] | undefined {
  if (lastBase?.uri !== uri) lastBase = { uri, segments: fileSegments(uri) };
  return lastBase.segments;
}

/**
 * How a file is named in output: relative to `baseUri` (a directory's file URI) when inside it, else its
 * absolute path (or the URI, when it is not a file URI). Pure string work, `/` separators.
 */
export function displayPath(uri: string, baseUri?: string): string {
  // A file under the base whose relative part is plain is that part. A run names thousands of files this way.
  if (baseUri?.endsWith('/') && uri.startsWith(baseUri) && uri.startsWith('file:') && baseSegments(baseUri)) {
    const rest = uri.slice(baseUri.length);
    if (isPlainRelativePath(rest)) return rest;
  }
  const segs = fileSegments(uri);
  if (!segs) return uri;
  const abs = segs.join('/');
  const base = baseUri ? baseSegments(baseUri) : undefined;
  if (!base) return abs;
  const b = base[base.length - 1] === '' ? base.slice(0, -1) : base;
  if (segs.length <= b.length || b.some((s, i) => s !== segs[i])) return abs;
  return segs.slice(b.length).join('/');
}
