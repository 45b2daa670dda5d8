import type { Rule } from '../define';
/** The governance rules, sorted by id. */
export declare const GOVERNANCE_RULES: readonly Rule[];
