import type { Rule } from '../define';
import alerts from './alerts';
import drift from './drift';
import metrics from './metrics';
import requestLogging from './request-logging';
import retraining from './retraining';
import runbook from './runbook';
import slos from './slos';

/** The monitoring rules, sorted by id. */
export const MONITORING_RULES: readonly Rule[] = [
  alerts,
  drift,
  metrics,
  requestLogging,
  retraining,
  runbook,
  slos,
];
