import type { Rule } from '../define';
/** The monitoring rules, sorted by id. */
export declare const MONITORING_RULES: readonly Rule[];
