import { notModelServer, podLabels, podMetadataPath } from '../support/workload';
import { stringify } from 'yaml';
import type { DeploymentUnit, KubeResource, WorkspaceFacts } from '../../facts/model';
import { deploymentEvidence, hasKubernetesContext, mayShareNamespace, nearMissSelecting, relatedResourcesOfKind, resourcesMaySelect, resourcesOfKind, resourcesSelecting } from '../../facts/relations';
import type { Fix, RelatedLocation } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { appendDocument } from '../../fix/edits';
import { lazyFix } from '../../fix/lazy';

/** The unit with the labels its controller adds, so the shared selector helpers see what the cluster sees. */
function withControllerLabels(unit: DeploymentUnit): DeploymentUnit {
  return unit.pod ? { ...unit, pod: { ...unit.pod, labels: podLabels(unit) } } : unit;
}

/**
 * NetworkPolicies that may select the unit's pods, anywhere in the workspace (any of them keeps the check
 * silent). Besides a matching `podSelector.matchLabels` (the shared helper),
 * a podSelector without matchLabels: `{}` selects every pod of its namespace (a namespace-wide default), and
 * `matchExpressions` alone are not evaluated, so they are given the benefit of the doubt.
 */
function policiesSelecting(unit: DeploymentUnit, workspace: WorkspaceFacts): KubeResource[] {
  const matching = resourcesMaySelect(unit, workspace, ['NetworkPolicy']);
  const wide = resourcesOfKind(workspace, 'NetworkPolicy').filter((r) => {
    if (!mayShareNamespace(r, unit) || matching.includes(r)) return false;
    // `{}` (every pod) or matchExpressions only (not evaluated).
    return r.facts.networkPolicy?.wide === true;
  });
  return [...matching, ...wide];
}

/** A NetworkPolicy that admits only the gateway's namespace to the serving port, as a new document. */
function policyFix(unit: DeploymentUnit, workspace: WorkspaceFacts, labels: Record<string, string>): Fix | undefined {
  if (Object.keys(labels).length === 0) return undefined;
  const taken = resourcesOfKind(workspace, 'NetworkPolicy').some((r) => r.name === unit.name && mayShareNamespace(r, unit));
  const port = unit.spec.serving?.port;
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: taken ? `${unit.name}-model-server` : unit.name, ...(unit.namespace ? { namespace: unit.namespace } : {}) },
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'GATEWAY_NAMESPACE' } } }], ...(typeof port === 'number' ? { ports: [{ port }] } : {}) }],
    },
  };
  const text = stringify(policy, { lineWidth: 0 }).replace('GATEWAY_NAMESPACE', '${1:gateway}');
  return lazyFix({ title: 'Add a NetworkPolicy that admits only the gateway', edits: () => appendDocument(unit.doc, text), snippet: true });
}

/** A model server workload: a NetworkPolicy in the workspace selects its pods. */
function checkWorkload(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  if (!unit.pod) return;
  const seen = withControllerLabels(unit);
  if (policiesSelecting(seen, workspace).length > 0) return;
  // Judged when what is deployed with the server (same file, directory or kustomization) manages policies
  // (holds a NetworkPolicy) or exposes it (a Service or InferencePool selects its pods). Policies of another
  // sample directory say nothing about this one's namespace; a lone workload's policies live elsewhere.
  const routes = resourcesSelecting(seen, workspace, ['Service', 'InferencePool']);
  const managed = relatedResourcesOfKind(unit, workspace, 'NetworkPolicy').length > 0;
  if (!hasKubernetesContext(workspace) || (routes.length === 0 && !managed)) return;
  const labels = seen.pod!.labels;
  const near = nearMissSelecting(seen, workspace, ['NetworkPolicy']);
  const related: RelatedLocation[] = near
    ? [{ uri: near.uri, range: near.doc.rangeAt(['spec', 'podSelector'], 'key'), message: `The NetworkPolicy \`${near.name}\` (${deploymentEvidence(near, unit, workspace) ?? 'named for these pods'}) selects ${JSON.stringify(near.selector)}, which these pods do not match: a typo?` }]
    : [];
  const meta = podMetadataPath(unit)!;
  const at = unit.doc.locate([...meta, 'labels']).pair ? unit.doc.rangeAt([...meta, 'labels'], 'key') : unit.doc.headerRange();
  // The selector the Service uses is the pods' identity; the pod labels when nothing routes to them.
  const service = routes.find((r) => r.kind === 'Service' && r.selector && Object.keys(r.selector).length > 0);
  const fix = policyFix(unit, workspace, service?.selector ?? labels);
  report({
    at,
    message: `No NetworkPolicy selects the pods of \`${unit.name}\` (labels ${JSON.stringify(labels)})${near ? `; \`${near.name}\` almost does` : ''}: any pod in the cluster can call the model server directly, past the gateway's authentication and rate limits. Add a NetworkPolicy whose podSelector matches these labels and admits only the gateway.`,
    related: related.length ? related : undefined,
    fixes: fix ? [fix] : [],
  });
}

export default defineRule({
  meta: {
    id: 'security/network-policy',
    area: 'security',
    severity: 'warning',
    description: 'Production model servers are selected by a NetworkPolicy that limits who can connect.',
    rationale:
      'Without a NetworkPolicy every pod in the cluster can reach the model server, bypassing the gateway that authenticates and rate-limits (Kubernetes "Network Policies"; Polaris missingNetworkPolicy, kube-score pod-networkpolicy, kube-linter non-isolated-pod). Kubescape C-0021 flags exposed vLLM, KServe, Ray and Triton endpoints for the same reason.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // Declaring or adding a policy can cut traffic off: the fixes are offered, but fix-all does not apply them.
    fixable: false,
  },
  check(context) {
    const { unit, workspace, report } = context;
    if (!unit.declaration) {
      // Who may call a router or a UI is the gateway's design; the rule guards model servers.
      if (notModelServer(context)) return;
      checkWorkload(unit, workspace, report);
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
      fixes: [lazyFix({ title: 'Declare that a NetworkPolicy restricts traffic to the server', edits: () => unit.edit.set('serving.security.networkPolicy', 'true') })],
    });
  },
});
