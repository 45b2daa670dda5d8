import type { DeploymentUnit } from '../../facts/model';
import { deploymentEvidence, hasDeploymentContext, nearMissSelecting, resourcesMaySelect } from '../../facts/relations';
import { appendDocument, replaceValue } from '../../fix/edits';
import type { PathSegment } from '../../parse/yaml';
import type { Fix } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { isFragment, primaryContainer, relatedResource } from '../support/workload';
import { label, metadataFor, sameFile } from '../support/kube';
import { lazyFix } from '../../fix/lazy';

/** Resources that send traffic to pods by label selector. */
const BALANCERS = ['Service', 'InferencePool'];

/** Resources that route traffic: a deployment that holds one routes its own pods, so a missing balancer is its gap. */
const ROUTING = [...BALANCERS, 'HTTPRoute', 'Ingress'];

/** Source path of the pod template's labels (`spec.template.metadata.labels` for a Deployment). */
function labelsPath(unit: DeploymentUnit): PathSegment[] | undefined {
  const pod = unit.pod;
  if (!pod || pod.path[pod.path.length - 1] !== 'spec') return undefined;
  return [...pod.path.slice(0, -1), 'metadata', 'labels'];
}

export default defineRule({
  meta: {
    id: 'scaling/load-balancing',
    area: 'scaling',
    severity: 'warning',
    description: 'A Service or InferencePool selects the model server\'s pods, and its selector matches their labels (cross-document).',
    rationale:
      'Kubernetes "Service": a Service sends traffic to the pods its selector matches; a selector that matches no pod leaves the endpoint empty, so every request fails although the pods are ready (kube-score "Service Targets Pod", kube-linter `dangling-service`).',
    // KServe and KubeRay create the Services of their pods themselves; a native manifest states no routing.
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    const pod = unit.pod;
    // A Kustomize patch's pod labels come with its base: judged on the base (or the built overlay).
    if (!pod || !unit.isModelServer || isFragment(unit)) return;
    // Any balancer anywhere that may select the pods (another directory, an unset namespace) keeps this silent.
    if (resourcesMaySelect(unit, workspace, BALANCERS).length > 0) return;
    const lp = labelsPath(unit);
    const at = lp && unit.doc.locate(lp).node ? unit.doc.rangeAt(lp, 'key') : unit.doc.headerRange();
    const podLabels = Object.entries(pod.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
    // A balancer that shares a selector key with the pods but not its value is most likely meant for them;
    // one that selects another workload's pods is that workload's (the Gradio UI's Service), not a typo.
    const nearMiss = nearMissSelecting(unit, workspace, BALANCERS);
    if (nearMiss?.selector) {
      const wrong = Object.entries(nearMiss.selector).filter(([k, v]) => pod.labels[k] !== v);
      const text = wrong.map(([k, v]) => `${k}=${v}${k in pod.labels ? ` (pods: ${k}=${pod.labels[k]})` : ' (pods: no such label)'}`).join(', ');
      const selectorPath: PathSegment[] = nearMiss.doc.locate(['spec', 'selector', 'matchLabels']).node ? ['spec', 'selector', 'matchLabels'] : ['spec', 'selector'];
      const fixes: Fix[] = [];
      if (sameFile(unit, nearMiss) && wrong.every(([k]) => k in pod.labels)) {
        fixes.push(lazyFix({ title: `Make the selector of ${label(nearMiss)} match the pods`, edits: () => wrong.flatMap(([k]) => replaceValue(nearMiss.doc, [...selectorPath, k], pod.labels[k])) }));
      }
      report({
        at,
        message: `${label(nearMiss)} does not select the pods of ${unit.name}: its selector ${text} does not match their labels, so it has no endpoints and every request to it fails. Make the selector and the pod labels agree.`,
        related: [relatedResource(nearMiss, wrong.length ? [...selectorPath, wrong[0][0]] : selectorPath, `the selector of ${label(nearMiss)} (${deploymentEvidence(nearMiss, unit, workspace) ?? 'named for these pods'})`)],
        fixes,
      });
      return;
    }
    // Without a routing resource deployed with the workload (a lone Deployment file, one with only its ConfigMaps
    // and Secrets) its Service or InferencePool lives elsewhere (a Helm chart, the gateway's own manifests), or
    // routing is the platform's: nothing to judge.
    if (!hasDeploymentContext(unit, workspace, ROUTING) || Object.keys(pod.labels).length === 0) return;
    const port = unit.spec.serving?.port ?? primaryContainer(unit)?.ports[0]?.containerPort;
    const portName = primaryContainer(unit)?.ports.find((p) => p.containerPort === port)?.name;
    const fixes: Fix[] =
      typeof port === 'number' && unit.kind !== 'LeaderWorkerSet'
        ? [
            lazyFix({
              title: `Add a Service for ${unit.name}`,
              edits: () => appendDocument(unit.doc, {
                apiVersion: 'v1',
                kind: 'Service',
                metadata: metadataFor(unit),
                spec: { selector: { ...pod.labels }, ports: [{ name: 'http', port: 80, targetPort: portName ?? port }] },
              }),
              isPreferred: true,
            }),
          ]
        : [];
    report({
      at,
      message: `No Service or InferencePool in the workspace selects the pods of ${unit.name} (labels ${podLabels}): clients have no stable address, and traffic is not spread over the replicas. Add a Service whose selector matches the pod labels.`,
      fixes,
    });
  },
});
