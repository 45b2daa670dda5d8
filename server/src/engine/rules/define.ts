import type { DeploymentUnit, FactPath, FormatId, WorkspaceFacts } from '../facts/model';
import type { Fix, Range, RelatedLocation, Severity } from '../types';

export type Area =
  | 'architecture'
  | 'reliability'
  | 'scaling'
  | 'integration'
  | 'security'
  | 'governance'
  | 'monitoring';

export type Profile = 'development' | 'production' | 'regulated';

export interface RuleMeta {
  /** `area/name`. */
  id: string;
  area: Area;
  severity: Exclude<Severity, 'hint'>;
  /** One line: what the rule checks. */
  description: string;
  /** Why it matters, with its source (a regulation article, a vendor's documentation). */
  rationale: string;
  formats: readonly FormatId[];
  /** Profiles that enable the rule; `development` keeps only security errors by default. */
  profiles: readonly Profile[];
  fixable: boolean;
  /** Options the rule reads, with their defaults (documented on the rule's page). */
  defaultOptions?: Record<string, unknown>;
}

export interface Report {
  /** A fact path (reported on the fact, or on its nearest existing ancestor) or an explicit range. */
  at: FactPath | Range;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  data?: Record<string, unknown>;
  /**
   * Severity of this finding when it differs from the rule's default (e.g. a missing value is a warning,
   * a forbidden one an error). Configuration and the `regulated` profile still win.
   */
  severity?: Exclude<Severity, 'hint'>;
}

export interface RuleContext<Options extends Record<string, unknown> = Record<string, unknown>> {
  unit: DeploymentUnit;
  workspace: WorkspaceFacts;
  options: Options;
  profile: Profile;
  report(report: Report): void;
  /**
   * Says the rule does not judge this unit at all (e.g. governance on a workload that did not opt in), so the
   * readiness score leaves the check out instead of counting it as passed.
   */
  notApplicable(): void;
}

export interface Rule<Options extends Record<string, unknown> = Record<string, unknown>> {
  meta: RuleMeta;
  check(context: RuleContext<Options>): void;
}

export function defineRule<Options extends Record<string, unknown> = Record<string, unknown>>(
  rule: Rule<Options>,
): Rule<Options> {
  if (!/^[a-z]+\/[a-z0-9-]+$/.test(rule.meta.id) || !rule.meta.id.startsWith(`${rule.meta.area}/`)) {
    throw new Error(`Rule id ${rule.meta.id} must be \`${rule.meta.area}/<name>\``);
  }
  return rule;
}

/** Profiles of a rule that applies in production and stricter profiles (the common case). */
export const PRODUCTION_AND_UP: readonly Profile[] = ['production', 'regulated'];
export const ALL_PROFILES: readonly Profile[] = ['development', 'production', 'regulated'];
export const ALL_FORMATS: readonly FormatId[] = ['modeldeployment', 'kubernetes', 'kserve', 'kuberay', 'leaderworkerset', 'vllm-stack', 'kaito', 'aibrix'];
