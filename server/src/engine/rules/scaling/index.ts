import type { Rule } from '../define';
import autoscaling from './autoscaling';
import gpuLimits from './gpu-limits';
import llmMetric from './llm-metric';
import loadBalancing from './load-balancing';
import parallelismMatchesGpus from './parallelism-matches-gpus';
import replicaBounds from './replica-bounds';
import resourceRequests from './resource-requests';
import weightsCache from './weights-cache';
import weightsVolumeAccess from './weights-volume-access';

/** The scaling rules, sorted by id. */
export const SCALING_RULES: readonly Rule[] = [
  autoscaling,
  gpuLimits,
  llmMetric,
  loadBalancing,
  parallelismMatchesGpus,
  replicaBounds,
  resourceRequests,
  weightsCache,
  weightsVolumeAccess,
];
