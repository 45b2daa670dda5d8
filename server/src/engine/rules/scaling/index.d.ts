import type { Rule } from '../define';
/** The scaling rules, sorted by id. */
export declare const SCALING_RULES: readonly Rule[];
