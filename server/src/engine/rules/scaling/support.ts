import type { NativeSpec } from '../../facts/model';
import { count, LLM_RUNTIMES } from '../support/values';

/**
 * Small helpers of the scaling rules (not rules themselves).
 */

/** The most replicas the deployment may run: the larger of `minReplicas` (default 1) and `maxReplicas`. */
export function replicaCeiling(spec: NativeSpec): number {
  const min = count(spec.scaling?.minReplicas) ?? 1;
  const max = count(spec.scaling?.maxReplicas) ?? min;
  return Math.max(min, max);
}

/** Tasks whose requests produce tokens, so output-token limits and LLM autoscaling metrics apply. */
export const GENERATIVE_TASKS: ReadonlySet<string> = new Set(['text-generation', 'chat', 'vision-language', 'speech-to-text', 'text-to-speech', 'image-generation']);

/** Whether the deployment serves a generative model: by its task when stated, else by its runtime. */
export function isGenerative(spec: NativeSpec): boolean {
  const task = spec.model?.task;
  if (typeof task === 'string' && task !== 'other') return GENERATIVE_TASKS.has(task);
  const runtime = spec.serving?.runtime;
  return typeof runtime === 'string' ? LLM_RUNTIMES.has(runtime) : true;
}

/** The source text to write for a quantity or number (a YAML scalar). */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? (/^[\d.]+$/.test(v) ? `"${v}"` : v) : String(v);
}

/** Display name of a runtime in messages. */
export { runtimeName } from '../../runtime';
