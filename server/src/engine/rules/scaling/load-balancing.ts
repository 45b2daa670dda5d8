import type { KubeResource } from '../../facts/model';
import { defineRule, PRODUCTION_AND_UP } from '../define';

/** Resources that send traffic to pods by label selector. */
const BALANCERS = new Set(['Service', 'InferencePool']);

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

export default defineRule({
  meta: {
    id: 'scaling/load-balancing',
    area: 'scaling',
    severity: 'warning',
    description: 'A Service or InferencePool selects the model server\'s pods, and its selector matches their labels (cross-document).',
    rationale:
      'Kubernetes "Service": a Service sends traffic to the pods its selector matches; a selector that matches no pod leaves the endpoint empty, so every request fails although the pods are ready (kube-score "Service Targets Pod", kube-linter `dangling-service`).',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: false,
  },
  check({ unit, workspace, report }) {
    // The native manifest states no traffic routing of its own: the rule judges Kubernetes workloads, whose
    // pod labels are compared with the selectors of the Services and InferencePools of the workspace.
    const pod = unit.pod;
    if (!pod || !unit.isModelServer) return;
    const candidates = workspace.resources.filter((r) => BALANCERS.has(r.kind) && (r.namespace ?? 'default') === (unit.namespace ?? 'default'));
    if (candidates.some((r) => selects(r.selector, pod.labels))) return;
    // A balancer that shares a selector key with the pods but not its value is most likely meant for them.
    const nearMiss: KubeResource | undefined = candidates.find((r) => r.selector && Object.keys(r.selector).some((k) => k in pod.labels));
    if (nearMiss?.selector) {
      const wrong = Object.entries(nearMiss.selector)
        .filter(([k, v]) => pod.labels[k] !== v)
        .map(([k, v]) => `${k}=${v}${k in pod.labels ? ` (pods: ${k}=${pod.labels[k]})` : ' (pods: no such label)'}`)
        .join(', ');
      report({
        at: unit.doc.headerRange(),
        message: `${nearMiss.kind} ${nearMiss.name} does not select the pods of ${unit.name}: its selector ${wrong} does not match their labels, so it has no endpoints and every request to it fails. Make the selector and the pod labels agree.`,
        related: [{ uri: nearMiss.uri, range: nearMiss.doc.headerRange(), message: `${nearMiss.kind} ${nearMiss.name}` }],
      });
      return;
    }
    // Without any resource in the workspace (one file open, an untrusted workspace) there is nothing to judge.
    if (workspace.resources.length === 0) return;
    report({
      at: unit.doc.headerRange(),
      message: `No Service or InferencePool in the workspace selects the pods of ${unit.name} (labels ${Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}): clients have no stable address, and traffic is not spread over the replicas. Add a Service whose selector matches the pod labels.`,
    });
  },
});
