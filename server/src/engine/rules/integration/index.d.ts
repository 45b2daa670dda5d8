import type { Rule } from '../define';
/** The integration rules, sorted by id. */
export declare const INTEGRATION_RULES: readonly Rule[];
