import type { Rule } from '../define';
import runbook from './runbook';

/** The monitoring rules, sorted by id. */
export const MONITORING_RULES: readonly Rule[] = [runbook];
