import type { Rule } from '../define';
/** The security rules, sorted by id. */
export declare const SECURITY_RULES: readonly Rule[];
