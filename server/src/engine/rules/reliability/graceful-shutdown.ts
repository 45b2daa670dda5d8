import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys, setValue } from '../../fix/edits';
import { docPath, isKube, notModelServer, relatedAt, statesPodSettings } from '../support/workload';
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
    if (isKube(unit) && notModelServer(context)) return;
    const reliability = unit.spec.reliability;
    if (reliability !== undefined && (reliability === null || typeof reliability !== 'object')) return;
    const grace = num(reliability?.terminationGracePeriodSeconds);
    const timeout = num(unit.spec.serving?.limits?.requestTimeoutSeconds);
    const margin = Math.max(0, num(options.marginSeconds) ?? 10);
    // Kubernetes family: model servers only; without a request timeout, only servers that generate text (whose
    // requests run for minutes) are held to more than the default 30 s.
    const kube = isKube(unit);
    if (kube && !unit.pod) return;
    const generative = LLM_RUNTIMES.has(String(unit.spec.serving?.runtime));
    const where = kube ? '`terminationGracePeriodSeconds` (pod spec)' : '`terminationGracePeriodSeconds`';
    // Where a missing grace period is reported: the pod spec key (Kubernetes family), the fact path (native).
    const missingAt = kube ? unit.doc.rangeAt([...unit.pod!.path, 'terminationGracePeriodSeconds'], 'key') : 'reliability.terminationGracePeriodSeconds';
    // KServe and KubeRay pods are completed by the platform (ServingRuntime, LLMInferenceServiceConfig, operator):
    // a grace period they do not state may come from there.
    const judgesMissing = statesPodSettings(unit);
    const suggested = timeout !== undefined ? timeout + Math.max(margin, 30) : undefined;
    const related = timeout !== undefined ? [relatedAt(unit, 'serving.limits.requestTimeoutSeconds', `requests may run ${timeout} s`)] : undefined;

    if (grace === undefined) {
      if (!judgesMissing) return;
      if (timeout === undefined) {
        if (kube && !generative) return;
        report({
          at: missingAt,
          message: kube
            ? `No ${where}: a stopping replica is killed after Kubernetes' default ${K8S_DEFAULT} s, cutting off generations and streams that run longer on every scale-down, rollout and node drain. Set a grace period that covers the longest request (e.g. 150 s).`
            : `No \`terminationGracePeriodSeconds\` and no request timeout: a stopping replica is killed after Kubernetes' default ${K8S_DEFAULT} s, cutting off long generations. State \`serving.limits.requestTimeoutSeconds\` and a grace period that covers it.`,
          fixes: [
            {
              title: 'Add a termination grace period',
              edits: kube ? setValue(unit.doc, docPath(unit, [...unit.pod!.path, 'terminationGracePeriodSeconds']), '${1:150}') : insertKeys(unit.doc, docPath(unit, 'reliability'), [['terminationGracePeriodSeconds', '${1:150}']]),
              snippet: true,
            },
          ],
        });
        return;
      }
      if (K8S_DEFAULT >= timeout + margin) return;
      report({
        at: missingAt,
        message: `No ${where}: Kubernetes' default ${K8S_DEFAULT} s is shorter than the ${timeout} s a request may run (${kube ? 'the request timeout' : '`serving.limits.requestTimeoutSeconds`'}), so generations in flight are cut off on every scale-down and rollout. Set it to at least ${timeout + margin} (e.g. ${suggested}).`,
        related,
        fixes: [
          {
            title: `Set terminationGracePeriodSeconds to ${suggested}`,
            edits: kube ? setValue(unit.doc, docPath(unit, [...unit.pod!.path, 'terminationGracePeriodSeconds']), String(suggested)) : insertKeys(unit.doc, docPath(unit, 'reliability'), [['terminationGracePeriodSeconds', String(suggested)]]),
            isPreferred: true,
          },
        ],
      });
      return;
    }

    if (timeout === undefined) {
      if (grace > 0) return;
      report({
        at: 'reliability.terminationGracePeriodSeconds',
        message: '`terminationGracePeriodSeconds: 0` kills a stopping replica at once: every running generation is cut off. Give it time to drain (e.g. 150).',
        fixes: [{ title: 'Give stopping replicas time to drain', edits: setValue(unit.doc, docPath(unit, 'reliability.terminationGracePeriodSeconds'), '${1:150}'), snippet: true }],
      });
      return;
    }
    if (grace >= timeout + margin) return;
    report({
      at: 'reliability.terminationGracePeriodSeconds',
      message: `${where} (${grace}) does not cover the ${timeout} s a request may run plus ${margin} s to leave the load balancer: generations in flight are cut off on every scale-down and rollout. Set it to at least ${timeout + margin} (e.g. ${suggested}).`,
      related,
      fixes: [{ title: `Set terminationGracePeriodSeconds to ${suggested}`, edits: setValue(unit.doc, docPath(unit, 'reliability.terminationGracePeriodSeconds'), String(suggested)), isPreferred: true }],
    });
  },
});
