import type { FileAnalysis } from '../check';
import type { AnyArea } from '../codes';
import type { Config } from '../config/config';
import type { Rule } from '../rules/define';
import { RULES } from '../rules/registry';
import type { ActiveRule } from '../rules/active';
import { activeRules } from '../rules/active';
import type { Finding } from '../types';
import { compareStrings } from '../types';
import type { FormatId } from '../vocabulary';
import { AREAS } from '../vocabulary';

/**
 * The readiness score (DESIGN §2): for each area, the share of applicable checks that pass, weighted by
 * severity, 0–100; overall, the mean of the areas that apply.
 *
 * Definitions (every number in the result can be recomputed from the lists it carries):
 *
 * - A **check** is one (unit, rule) pair where the rule *applies* to the unit: its effective severity under the
 *   configuration is not `off` (profile, per-rule setting) and its `formats` include the unit's format. A unit is
 *   one deployment the engine recognised (a ModelDeployment, a model-serving workload, ...).
 * - A check **fails** when at least one unsuppressed finding of that rule lies in the unit's document (same URI,
 *   start line within the document's lines). Suppressed findings never reach the score, so a suppressed check
 *   passes; its suppression comment is visible in the findings instead.
 * - A check's **weight** is its effective severity: error 3, warning 2, info 1 (so `regulated`, which raises
 *   governance and monitoring rules to errors, weighs them more).
 * - An **area's score** is `floor(100 × (applicableWeight − failedWeight) / applicableWeight)`. Rounding down means
 *   100 is shown only when every check passes. An area with no applicable check does not apply: it is left out.
 * - The **overall score** is `floor(mean of the scores of the areas that apply)`; `null` when no area applies
 *   (e.g. a file whose only document has a syntax error, or no recognised document).
 * - Schema validity counts as an area of its own (`schema`): one check per unit for `schema/invalid` (weight of
 *   its effective severity, error by default), because rule results on a document that violates its schema cannot
 *   be trusted. `scoreFiles` adds it; the pure `computeScore` scores whatever checks it is given.
 * - Findings that belong to no check (YAML syntax errors of documents without units, `meta/*` codes, findings of
 *   rules that did not apply to the unit they point at) are listed under `unscored`, not silently dropped.
 */

export const SEVERITY_WEIGHT = { error: 3, warning: 2, info: 1 } as const;
export type CheckSeverity = keyof typeof SEVERITY_WEIGHT;

/** Areas in report order. */
export const SCORE_AREAS: readonly AnyArea[] = ['schema', ...AREAS];

/** What the score needs of a finding (any Finding fits). */
export type ScoreFinding = Pick<Finding, 'code' | 'uri' | 'range'>;

export interface ScoreUnit {
  uri: string;
  name: string;
  /** File lines (zero-based, inclusive) of the unit's document: findings in them belong to the unit. */
  startLine: number;
  endLine: number;
  /** The rules that apply to the unit, with their effective severity. */
  checks: readonly { id: string; area: AnyArea; severity: CheckSeverity }[];
}

export interface CheckResult<F extends ScoreFinding = Finding> {
  unit: { uri: string; name: string };
  ruleId: string;
  area: AnyArea;
  severity: CheckSeverity;
  weight: number;
  passed: boolean;
  findings: F[];
}

export interface RuleScore<F extends ScoreFinding = Finding> {
  id: string;
  area: AnyArea;
  /** Highest effective severity among its checks (they differ only when units were checked under different configurations). */
  severity: CheckSeverity;
  /** True when every check of the rule passed. */
  passed: boolean;
  /** Sum of the weights of its checks, and of those that failed. */
  applicableWeight: number;
  failedWeight: number;
  /** One entry per unit the rule applied to. */
  checks: CheckResult<F>[];
  /** The findings behind the failures (all checks). */
  findings: F[];
}

export interface AreaScore<F extends ScoreFinding = Finding> {
  area: AnyArea;
  /** 0–100, `floor(100 × (applicableWeight − failedWeight) / applicableWeight)`. */
  score: number;
  applicableWeight: number;
  failedWeight: number;
  checks: number;
  failedChecks: number;
  /** Sorted by id. */
  rules: RuleScore<F>[];
}

export interface ReadinessScore<F extends ScoreFinding = Finding> {
  /** floor(mean of `areas[].score`), or null when no area applies. */
  overall: number | null;
  /** Only the areas that apply, in `SCORE_AREAS` order. */
  areas: AreaScore<F>[];
  /** Findings that belong to no check. */
  unscored: F[];
}

const RANK: Record<CheckSeverity, number> = { info: 1, warning: 2, error: 3 };

/** The findings of a check that passes, shared: most checks pass, and a run has hundreds of thousands of them. */
const NO_FINDINGS: readonly never[] = Object.freeze([]);

/**
 * The score of the given checks and findings (pure: no configuration, no registry). Weights are summed from the
 * units' checks as they are; a check's result object exists at once only when it fails: the passing ones (most of
 * hundreds of thousands on a large tree) are made when a rule's `checks` is first read.
 */
export function computeScore<F extends ScoreFinding>(units: readonly ScoreUnit[], findings: readonly F[]): ReadinessScore<F> {
  // One object per unit, not per check: a run has tens of checks per unit.
  const unitIds: { uri: string; name: string }[] = [];
  const unitId = (i: number) => (unitIds[i] ??= { uri: units[i].uri, name: units[i].name });
  const resultOf = (i: number, c: ScoreUnit['checks'][number], passed: boolean): CheckResult<F> => ({
    unit: unitId(i),
    ruleId: c.id,
    area: c.area,
    severity: c.severity,
    weight: SEVERITY_WEIGHT[c.severity],
    passed,
    findings: NO_FINDINGS as unknown as F[],
  });
  // Per file, its units (by index): a finding fails the checks of its rule on the units whose lines hold it.
  const byUri = new Map<string, number[]>();
  units.forEach((unit, i) => {
    const list = byUri.get(unit.uri);
    if (list) list.push(i);
    else byUri.set(unit.uri, [i]);
  });
  // The failed checks: per unit index, by the check's index in the unit's list.
  const failed = new Map<number, CheckResult<F>[]>();
  const unscored: F[] = [];
  for (const f of findings) {
    const line = f.range.start.line;
    let owned = false;
    for (const i of byUri.get(f.uri) ?? []) {
      const unit = units[i];
      if (line < unit.startLine || line > unit.endLine) continue;
      const j = checkIndex(unit.checks).get(f.code);
      if (j === undefined) continue;
      let ofUnit = failed.get(i);
      if (!ofUnit) failed.set(i, (ofUnit = []));
      const r = ofUnit[j];
      if (r) r.findings.push(f);
      else (ofUnit[j] = resultOf(i, unit.checks[j], false)).findings = [f];
      owned = true;
    }
    if (!owned) unscored.push(f);
  }

  // The checks by area: the known areas in report order, then others as they come.
  interface AreaTally {
    rules: Map<string, RuleScore<F>>;
    checks: number;
    failedChecks: number;
  }
  const byArea = new Map<AnyArea, AreaTally>(SCORE_AREAS.map((a) => [a, { rules: new Map(), checks: 0, failedChecks: 0 }]));
  // Where each check object counts (units share them: one per rule and configuration), found once per object, with
  // its weight; a rule's severity is the highest of its check objects'.
  const counted = new Map<ScoreUnit['checks'][number], { tally: AreaTally; rule: RuleScore<F>; weight: number }>();
  let lists: Map<RuleScore<F>, CheckResult<F>[]> | undefined;
  // Every rule's checks at once, in unit order (as they are tallied below).
  const checksOf = (rule: RuleScore<F>): CheckResult<F>[] => {
    if (!lists) {
      const made = (lists = new Map());
      units.forEach((unit, i) => {
        const ofUnit = failed.get(i);
        unit.checks.forEach((c, j) => {
          const owner = counted.get(c)!.rule;
          const list = made.get(owner);
          const r = ofUnit?.[j] ?? resultOf(i, c, true);
          if (list) list.push(r);
          else made.set(owner, [r]);
        });
      });
    }
    return lists.get(rule) ?? [];
  };
  const ruleScore = (id: string, area: AnyArea, severity: CheckSeverity): RuleScore<F> => {
    let checks: CheckResult<F>[] | undefined;
    const rule: RuleScore<F> = {
      id,
      area,
      severity,
      passed: true,
      applicableWeight: 0,
      failedWeight: 0,
      get checks(): CheckResult<F>[] {
        return (checks ??= checksOf(rule));
      },
      set checks(value: CheckResult<F>[]) {
        checks = value;
      },
      findings: [],
    };
    return rule;
  };
  for (let i = 0; i < units.length; i++) {
    const ofUnit = failed.get(i);
    const checks = units[i].checks;
    for (let j = 0; j < checks.length; j++) {
      const c = checks[j];
      let place = counted.get(c);
      if (!place) {
        let tally = byArea.get(c.area);
        if (!tally) byArea.set(c.area, (tally = { rules: new Map(), checks: 0, failedChecks: 0 }));
        let rule = tally.rules.get(c.id);
        if (!rule) tally.rules.set(c.id, (rule = ruleScore(c.id, c.area, c.severity)));
        else if (RANK[c.severity] > RANK[rule.severity]) rule.severity = c.severity;
        counted.set(c, (place = { tally, rule, weight: SEVERITY_WEIGHT[c.severity] }));
      }
      const { tally, rule, weight } = place;
      tally.checks++;
      rule.applicableWeight += weight;
      const r = ofUnit?.[j];
      if (r) {
        tally.failedChecks++;
        rule.passed = false;
        rule.failedWeight += weight;
        for (const f of r.findings) rule.findings.push(f);
      }
    }
  }
  const areas: AreaScore<F>[] = [];
  for (const [area, tally] of byArea) {
    if (tally.checks === 0) continue;
    const ruleList = [...tally.rules.values()].sort((a, b) => compareStrings(a.id, b.id));
    const applicableWeight = ruleList.reduce((s, r) => s + r.applicableWeight, 0);
    const failedWeight = ruleList.reduce((s, r) => s + r.failedWeight, 0);
    areas.push({
      area,
      score: Math.floor((100 * (applicableWeight - failedWeight)) / applicableWeight),
      applicableWeight,
      failedWeight,
      checks: tally.checks,
      failedChecks: tally.failedChecks,
      rules: ruleList,
    });
  }
  const overall = areas.length === 0 ? null : Math.floor(areas.reduce((s, a) => s + a.score, 0) / areas.length);
  return { overall, areas, unscored };
}

type Check = ScoreUnit['checks'][number];

/** A unit's checks by rule id (lists are shared by the units a configuration gives the same checks; see `scoreUnits`). */
const checkIndexes = new WeakMap<readonly Check[], Map<string, number>>();

function checkIndex(checks: readonly Check[]): Map<string, number> {
  let index = checkIndexes.get(checks);
  if (!index) {
    index = new Map(checks.map((c, j) => [c.id, j]));
    checkIndexes.set(checks, index);
  }
  return index;
}

/** Per configuration, one check object per rule (its severity is the configuration's): every unit lists them, and a run has many units. */
const sharedChecks = new WeakMap<Config, Map<string, Check>>();

function checkOf(config: Config, id: string, area: AnyArea, severity: CheckSeverity): Check {
  let checks = sharedChecks.get(config);
  if (!checks) sharedChecks.set(config, (checks = new Map()));
  let check = checks.get(id);
  if (!check || check.area !== area || check.severity !== severity) checks.set(id, (check = { id, area, severity }));
  return check;
}

/** Per list of active rules (one per configuration, rule list and format), their checks. */
const checksOfRules = new WeakMap<readonly ActiveRule[], { id: string; check: Check }[]>();

function applicable(config: Config, rules: readonly Rule[], format: FormatId): { id: string; check: Check }[] {
  const active = activeRules(config, rules, format);
  let list = checksOfRules.get(active);
  if (!list) {
    list = active.map(({ rule, severity }) => ({ id: rule.meta.id, check: checkOf(config, rule.meta.id, rule.meta.area, severity as CheckSeverity) }));
    checksOfRules.set(active, list);
  }
  return list;
}

/** The schema check, then those of the rules not skipped. */
function checkList(schemaCheck: Check | undefined, rulesChecks: readonly { id: string; check: Check }[], skipped?: ReadonlySet<string>): Check[] {
  const checks: Check[] = schemaCheck ? [schemaCheck] : [];
  for (const { id, check } of rulesChecks) if (!skipped?.has(id)) checks.push(check);
  return checks;
}

/** Units that skip no rule share their list of checks: one per configuration, rule list and format. */
const sharedLists = new WeakMap<readonly { id: string; check: Check }[], Map<Check | undefined, readonly Check[]>>();

function sharedCheckList(schemaCheck: Check | undefined, rulesChecks: readonly { id: string; check: Check }[]): readonly Check[] {
  let bySchemaCheck = sharedLists.get(rulesChecks);
  if (!bySchemaCheck) sharedLists.set(rulesChecks, (bySchemaCheck = new Map()));
  let list = bySchemaCheck.get(schemaCheck);
  if (!list) bySchemaCheck.set(schemaCheck, (list = checkList(schemaCheck, rulesChecks)));
  return list;
}

/** The rules of `notApplicable` (`<unit index>|<rule id>` entries) that skipped unit `unitIndex`, if any. */
function skippedRules(notApplicable: ReadonlySet<string> | undefined, unitIndex: number): Set<string> | undefined {
  if (!notApplicable?.size) return undefined;
  const prefix = `${unitIndex}|`;
  let ids: Set<string> | undefined;
  for (const key of notApplicable) if (key.startsWith(prefix)) (ids ??= new Set()).add(key.slice(prefix.length));
  return ids;
}

/** The checks that apply to each unit of the files under a configuration (rules plus the schema check). */
export function scoreUnits(files: readonly FileAnalysis[], config: Config, rules: readonly Rule[] = RULES): ScoreUnit[] {
  const schemaSetting = config.rules['schema/invalid']?.severity ?? 'error';
  const units: ScoreUnit[] = [];
  for (const file of files) {
    file.documents.forEach((d, i) => {
      // A document's last line may be the next one's `---` line: give it to the next document.
      const next = file.documents[i + 1];
      const endLine = next ? Math.min(d.doc.endLine, Math.max(d.doc.lineOffset, next.doc.lineOffset - 1)) : d.doc.endLine;
      d.units.forEach((unit, unitIndex) => {
        const schemaCheck = schemaSetting === 'off' ? undefined : checkOf(config, 'schema/invalid', 'schema', schemaSetting);
        // Rules that said they do not judge this unit (after the file was checked): not passed checks.
        const skipped = skippedRules(d.notApplicable, unitIndex);
        const rulesChecks = applicable(config, rules, unit.format);
        const checks = skipped ? checkList(schemaCheck, rulesChecks, skipped) : sharedCheckList(schemaCheck, rulesChecks);
        units.push({ uri: unit.uri, name: unit.name, startLine: d.doc.lineOffset, endLine, checks });
      });
    });
  }
  return units;
}

/**
 * The readiness score of analysed files and their (suppression-applied) findings under a configuration: the one
 * function the language server (status bar), the CLI and the report call.
 */
export function scoreFiles<F extends ScoreFinding = Finding>(
  files: readonly FileAnalysis[],
  config: Config,
  findings: readonly F[],
  rules: readonly Rule[] = RULES,
): ReadinessScore<F> {
  return computeScore(scoreUnits(files, config, rules), findings);
}
