import type { DeploymentUnit, FactPath, WorkspaceFacts } from '../facts/model';
import type { Fix, Range, RelatedLocation, Severity } from '../types';
import type { FormatId, Profile, RuleMeta } from '../vocabulary';
import { PROFILES } from '../vocabulary';

// The vocabulary lives at the bottom of the engine; rule files keep importing it from here.
export type { Area, FormatId, Profile, RuleMeta } from '../vocabulary';

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
/** Every profile (the rule files' name for PROFILES). */
export const ALL_PROFILES: readonly Profile[] = PROFILES;
export const ALL_FORMATS: readonly FormatId[] = ['modeldeployment', 'kubernetes', 'kserve', 'kuberay', 'leaderworkerset', 'nim', 'vllm-stack', 'kaito', 'aibrix', 'disaggregatedset'];
