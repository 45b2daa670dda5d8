import type { Rule } from './define';
/**
 * Every readiness rule, sorted by id. Explicit on purpose: a rule is in the product only when its area's
 * index lists it, and a consistency test checks the order, the docs page and the test table of each one.
 */
export declare const RULES: readonly Rule[];
export declare const RULES_BY_ID: ReadonlyMap<string, Rule>;
