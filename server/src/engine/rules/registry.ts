import type { Rule } from './define';

/**
 * Every readiness rule, sorted by id. Explicit on purpose: a rule is in the product only when it is listed
 * here, and a consistency test checks that each one has its docs page and its test table.
 */
export const RULES: readonly Rule[] = [] as Rule[];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
