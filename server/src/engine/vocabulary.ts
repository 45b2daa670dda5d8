import type { Severity } from './types';

/**
 * The words rules, configuration, diagnostic codes and the report share: areas, profiles, formats and a rule's
 * metadata. They sit at the bottom of the engine so config/ and codes.ts need not import rules/.
 */

export type Area =
  | 'architecture'
  | 'reliability'
  | 'scaling'
  | 'integration'
  | 'security'
  | 'governance'
  | 'monitoring';

/** The rule areas, in the order the catalogue and the report list them. */
export const AREAS: readonly Area[] = ['architecture', 'reliability', 'scaling', 'integration', 'security', 'governance', 'monitoring'];

export type Profile = 'development' | 'production' | 'regulated';

/** Every profile, from the most lenient to the strictest. */
export const PROFILES: readonly Profile[] = ['development', 'production', 'regulated'];

/** The manifest formats an adapter recognises. */
export type FormatId =
  | 'modeldeployment'
  | 'kubernetes'
  | 'kserve'
  | 'kuberay'
  | 'leaderworkerset'
  | 'inferencepool'
  | 'nim'
  | 'vllm-stack'
  | 'kaito'
  | 'aibrix'
  | 'disaggregatedset';

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
