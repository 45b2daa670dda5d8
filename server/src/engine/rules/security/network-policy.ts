import type { DeploymentUnit, KubeResource } from '../../facts/model';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { setValue } from './support';

/** Whether a NetworkPolicy in the unit's namespace selects the unit's pods (`podSelector.matchLabels` ⊆ labels). */
function selectedBy(unit: DeploymentUnit, policy: KubeResource): boolean {
  if (policy.kind !== 'NetworkPolicy') return false;
  if ((policy.namespace ?? 'default') !== (unit.namespace ?? 'default')) return false;
  const spec = policy.value.spec as { podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } } | undefined;
  const selector = spec?.podSelector;
  if (!selector || typeof selector !== 'object') return false;
  if (Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0) return true; // not evaluated: give it the benefit of the doubt
  const labels = unit.pod?.labels ?? {};
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

export default defineRule({
  meta: {
    id: 'security/network-policy',
    area: 'security',
    severity: 'warning',
    description: 'Production model servers are selected by a NetworkPolicy that limits who can connect.',
    rationale:
      'Without a NetworkPolicy every pod in the cluster can reach the model server, bypassing the gateway that authenticates and rate-limits (Kubernetes "Network Policies"; Polaris missingNetworkPolicy, kube-score pod-networkpolicy, kube-linter non-isolated-pod). Kubescape C-0021 flags exposed vLLM, KServe, Ray and Triton endpoints for the same reason.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    // Declaring a policy does not create one: the fix is offered, but fix-all does not apply it.
    fixable: false,
  },
  check({ unit, workspace, report }) {
    if (unit.pod) {
      if (workspace.resources.some((r) => selectedBy(unit, r))) return;
      report({
        at: 'serving.security.networkPolicy',
        message: `No NetworkPolicy selects the pods of \`${unit.name}\` (labels ${JSON.stringify(unit.pod.labels)}): any pod in the cluster can call the model server directly, past the gateway's authentication and rate limits. Add a NetworkPolicy whose podSelector matches these labels and allows only the gateway.`,
      });
      return;
    }
    const declared = unit.spec.serving?.security?.networkPolicy;
    if (declared === true || (typeof declared === 'string' && declared.trim() !== '')) return;
    report({
      at: 'serving.security.networkPolicy',
      message:
        declared === false
          ? '`serving.security.networkPolicy` is false: any pod in the cluster can call the model server directly, past the gateway\'s authentication and rate limits. Restrict ingress to the gateway with a NetworkPolicy and set `networkPolicy: true`.'
          : 'No NetworkPolicy is declared for the model server (`serving.security.networkPolicy`): unless one exists, any pod in the cluster can call it directly, past the gateway\'s authentication and rate limits. Restrict ingress to the gateway with a NetworkPolicy and set `networkPolicy: true`.',
      fixes: [{ title: 'Declare that a NetworkPolicy restricts traffic to the server', edits: setValue(unit, 'serving.security.networkPolicy', 'true') }],
    });
  },
});
