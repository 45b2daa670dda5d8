import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { notModelServer, relatedAt, statesPodSettings } from '../support/workload';
import { LLM_RUNTIMES, num } from '../support/values';

interface Options extends Record<string, unknown> {
  /** Seconds the grace period must exceed the request timeout by (endpoint removal, preStop). */
  marginSeconds: number;
}

/** Kubernetes' default `terminationGracePeriodSeconds`. */
const K8S_DEFAULT = 30;

export default defineRule<Options>({
  meta: {
    id: 'reliability/graceful-shutdown',
    area: 'reliability',
    severity: 'warning',
    description: 'The termination grace period covers the request timeout, so running generations drain.',
    rationale:
      'On scale-down, rollout or drain the pod gets SIGTERM and is killed after terminationGracePeriodSeconds (default 30 s); a long generation or stream running at that moment is cut off. The grace period must cover the longest request plus the time to leave the load balancer (Kubernetes "Pod Lifecycle: Termination of Pods"; llm-d "Graceful Shutdown & Request Draining").',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { marginSeconds: 10 },
  },
  check(context) {
    const { unit, options, report } = context;
    if (notModelServer(context)) return;
    const fact = 'reliability.terminationGracePeriodSeconds';
    // Nowhere to state it (a workload without a pod).
    if (!unit.sourcePath(fact)) return;
    const reliability = unit.spec.reliability;
    if (reliability !== undefined && (reliability === null || typeof reliability !== 'object')) return;
    const grace = num(reliability?.terminationGracePeriodSeconds);
    const timeout = num(unit.spec.serving?.limits?.requestTimeoutSeconds);
    const margin = Math.max(0, num(options.marginSeconds) ?? 10);
    // Without a request timeout, only servers that generate text (whose requests run for minutes) are held to more
    // than the default 30 s; a runtime the unit could state but does not is not ruled out.
    const runtime = unit.spec.serving?.runtime;
    const generative = runtime === undefined ? unit.sourcePath('serving.runtime') !== undefined : LLM_RUNTIMES.has(String(runtime));
    const name = unit.describe(fact);
    const suggested = timeout !== undefined ? timeout + Math.max(margin, 30) : undefined;
    const related = timeout !== undefined ? [relatedAt(unit, 'serving.limits.requestTimeoutSeconds', `requests may run ${timeout} s`)] : undefined;

    if (grace === undefined) {
      // KServe and KubeRay pods are completed by the platform (ServingRuntime, LLMInferenceServiceConfig, operator):
      // a grace period they do not state may come from there.
      if (!statesPodSettings(unit)) return;
      if (timeout === undefined) {
        if (!generative) return;
        report({
          at: unit.where(fact),
          message: `No ${name}: a stopping replica is killed after Kubernetes' default ${K8S_DEFAULT} s, cutting off generations and streams that run longer on every scale-down, rollout and node drain. Set a grace period that covers the longest request (e.g. 150 s).`,
          fixes: fixesFor({ title: 'Add a termination grace period', edits: unit.plan.set(fact, '${1:150}'), snippet: true }),
        });
        return;
      }
      if (K8S_DEFAULT >= timeout + margin) return;
      report({
        at: unit.where(fact),
        message: `No ${name}: Kubernetes' default ${K8S_DEFAULT} s is shorter than the ${timeout} s a request may run (the request timeout), so generations in flight are cut off on every scale-down and rollout. Set it to at least ${timeout + margin} (e.g. ${suggested}).`,
        related,
        fixes: fixesFor({ title: `Set terminationGracePeriodSeconds to ${suggested}`, edits: unit.plan.set(fact, String(suggested)), isPreferred: true }),
      });
      return;
    }

    if (timeout === undefined) {
      if (grace > 0) return;
      report({
        at: fact,
        message: `${capitalize(name)} is 0: a stopping replica is killed at once, and every running generation is cut off. Give it time to drain (e.g. 150).`,
        fixes: fixesFor({ title: 'Give stopping replicas time to drain', edits: unit.plan.set(fact, '${1:150}'), snippet: true }),
      });
      return;
    }
    if (grace >= timeout + margin) return;
    report({
      at: fact,
      message: `${capitalize(name)} (${grace}) does not cover the ${timeout} s a request may run plus ${margin} s to leave the load balancer: generations in flight are cut off on every scale-down and rollout. Set it to at least ${timeout + margin} (e.g. ${suggested}).`,
      related,
      fixes: fixesFor({ title: `Set terminationGracePeriodSeconds to ${suggested}`, edits: unit.plan.set(fact, String(suggested)), isPreferred: true }),
    });
  },
});

function capitalize(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
