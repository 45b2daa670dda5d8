import type { Rule } from '../define';
import disruptionBudget from './disruption-budget';
import evaluationGate from './evaluation-gate';
import gracefulShutdown from './graceful-shutdown';
import imagePinned from './image-pinned';
import livenessProbe from './liveness-probe';
import loadTest from './load-test';
import modelRevisionPinned from './model-revision-pinned';
import progressDeadline from './progress-deadline';
import readinessProbe from './readiness-probe';
import replicasHa from './replicas-ha';
import safeRollout from './safe-rollout';
import sharedMemory from './shared-memory';
import startupProbe from './startup-probe';

/** The reliability rules, sorted by id. */
export const RELIABILITY_RULES: readonly Rule[] = [
  disruptionBudget,
  evaluationGate,
  gracefulShutdown,
  imagePinned,
  livenessProbe,
  loadTest,
  modelRevisionPinned,
  progressDeadline,
  readinessProbe,
  replicasHa,
  safeRollout,
  sharedMemory,
  startupProbe,
];
