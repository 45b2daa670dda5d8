import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys, num, relatedAt, setValue } from './support';

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
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { marginSeconds: 10 },
  },
  check({ unit, options, report }) {
    const reliability = unit.spec.reliability;
    if (reliability !== undefined && (reliability === null || typeof reliability !== 'object')) return;
    const grace = num(reliability?.terminationGracePeriodSeconds);
    const timeout = num(unit.spec.serving?.limits?.requestTimeoutSeconds);
    const margin = Math.max(0, num(options.marginSeconds) ?? 10);
    const suggested = timeout !== undefined ? timeout + Math.max(margin, 30) : undefined;
    const related = timeout !== undefined ? [relatedAt(unit, 'serving.limits.requestTimeoutSeconds', `requests may run ${timeout} s`)] : undefined;

    if (grace === undefined) {
      if (timeout === undefined) {
        report({
          at: 'reliability.terminationGracePeriodSeconds',
          message: `No \`terminationGracePeriodSeconds\` and no request timeout: a stopping replica is killed after Kubernetes' default ${K8S_DEFAULT} s, cutting off long generations. State \`serving.limits.requestTimeoutSeconds\` and a grace period that covers it.`,
          fixes: [{ title: 'Add a termination grace period', edits: insertKeys(unit, 'reliability', [['terminationGracePeriodSeconds', '${1:150}']]), snippet: true }],
        });
        return;
      }
      if (K8S_DEFAULT >= timeout + margin) return;
      report({
        at: 'reliability.terminationGracePeriodSeconds',
        message: `No \`terminationGracePeriodSeconds\`: Kubernetes' default ${K8S_DEFAULT} s is shorter than the ${timeout} s a request may run (\`serving.limits.requestTimeoutSeconds\`), so generations in flight are cut off on every scale-down and rollout. Set it to at least ${timeout + margin} (e.g. ${suggested}).`,
        related,
        fixes: [{ title: `Set terminationGracePeriodSeconds to ${suggested}`, edits: insertKeys(unit, 'reliability', [['terminationGracePeriodSeconds', String(suggested)]]), isPreferred: true }],
      });
      return;
    }

    if (timeout === undefined) {
      if (grace > 0) return;
      report({
        at: 'reliability.terminationGracePeriodSeconds',
        message: '`terminationGracePeriodSeconds: 0` kills a stopping replica at once: every running generation is cut off. Give it time to drain (e.g. 150).',
        fixes: [{ title: 'Give stopping replicas time to drain', edits: setValue(unit, 'reliability.terminationGracePeriodSeconds', '${1:150}'), snippet: true }],
      });
      return;
    }
    if (grace >= timeout + margin) return;
    report({
      at: 'reliability.terminationGracePeriodSeconds',
      message: `\`terminationGracePeriodSeconds\` (${grace}) does not cover the ${timeout} s a request may run plus ${margin} s to leave the load balancer: generations in flight are cut off on every scale-down and rollout. Set it to at least ${timeout + margin} (e.g. ${suggested}).`,
      related,
      fixes: [{ title: `Set terminationGracePeriodSeconds to ${suggested}`, edits: setValue(unit, 'reliability.terminationGracePeriodSeconds', String(suggested)), isPreferred: true }],
    });
  },
});
