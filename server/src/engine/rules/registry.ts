import { ARCHITECTURE_RULES } from './architecture';
import type { Rule } from './define';
import { GOVERNANCE_RULES } from './governance';
import { INTEGRATION_RULES } from './integration';
import { MONITORING_RULES } from './monitoring';
import { RELIABILITY_RULES } from './reliability';
import { SCALING_RULES } from './scaling';
import { SECURITY_RULES } from './security';

/**
 * Every readiness rule, sorted by id. Explicit on purpose: a rule is in the product only when its area's
 * index lists it, and a consistency test checks the order, the docs page and the test table of each one.
 */
export const RULES: readonly Rule[] = [
  ...ARCHITECTURE_RULES,
  ...GOVERNANCE_RULES,
  ...INTEGRATION_RULES,
  ...MONITORING_RULES,
  ...RELIABILITY_RULES,
  ...SCALING_RULES,
  ...SECURITY_RULES,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
