import type { ContainerFacts, DeploymentUnit, PodFacts } from '../../facts/model';
import { unitPods , filledByPlatform } from '../../facts/model';
import { insertAtPath, mergeInserts, replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { scalarText } from './support';
import { parseQuantity } from '../../facts/quantity';
import { SCOPE_OPTION, inPod, isFragment, outOfScope, relatedAt } from '../support/workload';
import { containerRange } from '../support/kube';
import { stated } from '../support/values';
import { fixesFor } from '../support/fixes';
import { lazyFix } from '../../fix/lazy';

const DEFAULTS: Record<'cpu' | 'memory', string> = { cpu: '"${1:8}"', memory: '${2:32Gi}' };

export default defineRule({
  meta: {
    id: 'scaling/resource-requests',
    area: 'scaling',
    severity: 'warning',
    description: 'CPU and memory requests are stated, and limits are not below them.',
    rationale:
      'Kubernetes, "Resource Management for Pods and Containers": the scheduler places pods by their requests, and a container without a memory request is among the first evicted under node pressure. kube-score `container-resources`, kube-linter `unset-cpu-requirements` / `unset-memory-requirements`, Polaris `cpuRequestsMissing` / `memoryRequestsMissing`.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { ...SCOPE_OPTION },
  },
  check(context) {
    const { unit, report } = context;
    if (outOfScope(context)) return;
    const pods = unitPods(unit);
    for (const pod of pods) for (const c of pod.containers) checkContainer(unit, pod, c, report);
    // Without pod templates, the requests the unit states for its server.
    if (pods.length === 0) checkStated(unit, report);
  },
});

/** The requests a unit states without pod templates (`resources.cpu`, `resources.memory`, `resources.limits`). */
function checkStated(unit: DeploymentUnit, report: (r: Report) => void): void {
  const r = unit.spec.resources;
  const missing = (['cpu', 'memory'] as const).filter((k) => !stated(r?.[k]));
  // Only a declaration leaves a request unstated; elsewhere the platform's default applies.
  if (missing.length > 0 && unit.declaration) {
    const names = missing.map((k) => unit.describe(`resources.${k}`)).join(' and ');
    report({
      at: `resources.${missing[0]}`,
      message: `No ${missing.join(' or ')} request is stated (${names}). The scheduler places pods by their requests: without them the model server can land on a node that cannot feed its GPUs, and it is evicted first when the node runs short of memory.`,
      fixes: fixesFor({
        title: `Add ${missing.map((k) => `resources.${k}`).join(' and ')}`,
        edits: unit.plan.addKeys('resources', missing.map((k) => [k, DEFAULTS[k]] as const)),
        isPreferred: true,
        snippet: true,
      }),
    });
  }
  for (const k of ['cpu', 'memory'] as const) {
    const request = parseQuantity(r?.[k]);
    if (request === 0) {
      report({
        at: `resources.${k}`,
        message: `${unit.describe(`resources.${k}`)} is 0, which is the same as no request: the scheduler reserves nothing for the model server. State what one replica needs.`,
        fixes: fixesFor({ title: `Set resources.${k}`, edits: unit.plan.set(`resources.${k}`, DEFAULTS[k]), snippet: true }),
      });
      continue;
    }
    const limit = parseQuantity(r?.limits?.[k]);
    if (request !== undefined && limit !== undefined && limit < request) {
      report({
        at: `resources.limits.${k}`,
        message: `The ${k} limit (${unit.describe(`resources.limits.${k}`)}: ${String(r?.limits?.[k])}) is below the ${k} request (${String(r?.[k])}): Kubernetes rejects a container whose limit is lower than its request. Raise the limit to at least the request.`,
        related: [relatedAt(unit, `resources.${k}`, `the ${k} request`)],
        fixes: fixesFor({ title: `Set the ${k} limit to the request (${String(r?.[k])})`, edits: unit.plan.set(`resources.limits.${k}`, scalarText(r?.[k])), isPreferred: true }),
      });
    }
  }
}

const KUBE_DEFAULTS: Record<'cpu' | 'memory', string> = { cpu: '"8"', memory: '32Gi' };

/**
 * One container of a Kubernetes-family pod template (every container of every template: Ray head and worker
 * groups, LeaderWorkerSet leader and worker, sidecars). A limit without a request is a request (Kubernetes
 * copies it), KServe fills the resources of an InferenceService's containers from its configuration when none
 * are written, and a Kustomize patch leaves them to its base: a missing value is judged on none of these.
 */
function checkContainer(unit: DeploymentUnit, pod: PodFacts, c: ContainerFacts, report: (r: Report) => void): void {
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  const where = c.resources ? [...c.path, 'resources'] : undefined;
  // The platform fills missing cpu/memory (KServe from its configuration): a missing value is not judged there.
  const platformDefaults = filledByPlatform(unit, 'resources.cpu');
  const missing = (['cpu', 'memory'] as const).filter((k) => requests[k] === undefined && limits[k] === undefined);
  const name = inPod(`Container ${c.name || 'kserve-container'}`, pod, unit);
  // The serving container feeds GPUs; a sidecar or another workload only needs its place on the node.
  const serving = unit.isModelServer && pod === unit.pod && pod.containers[pod.primary ?? 0] === c;
  if (missing.length > 0 && !platformDefaults && !isFragment(unit)) {
    const edits = () => c.resources && unit.doc.locate([...c.path, 'resources', 'requests']).node !== undefined
      ? mergeInserts(missing.flatMap((k) => insertAtPath(unit.doc, [...c.path, 'resources', 'requests', k], KUBE_DEFAULTS[k])))
      : insertAtPath(unit.doc, [...c.path, 'resources', 'requests'], missing.map((k) => `${k}: ${KUBE_DEFAULTS[k]}`).join('\n'));
    report({
      at: where ? unit.doc.rangeAt(where, 'key') : containerRange(unit, c),
      message: `${name} requests no ${missing.join(' or ')} (\`resources.requests.${missing.join('` / `resources.requests.')}\`). The scheduler places pods by their requests: without them ${serving ? 'the model server can land on a node that cannot feed its GPUs' : 'the pod can land on a node that is already full'}, and it is evicted first when the node runs short of memory.`,
      fixes: [lazyFix({ title: `Add resources.requests.${missing.join(' and ')} to container ${c.name}`, edits, isPreferred: true })],
    });
  }
  for (const k of ['cpu', 'memory'] as const) {
    const request = parseQuantity(requests[k]);
    const limit = parseQuantity(limits[k]);
    if (request !== undefined && limit !== undefined && limit < request) {
      const fix: Fix = lazyFix({ title: `Set the ${k} limit to the request (${String(requests[k])})`, edits: () => replaceValue(unit.doc, [...c.path, 'resources', 'limits', k], scalarText(requests[k])), isPreferred: true });
      report({
        at: unit.doc.rangeAt([...c.path, 'resources', 'limits', k]),
        message: `The ${k} limit of ${inPod(`container ${c.name}`, pod, unit)} (${String(limits[k])}) is below its ${k} request (${String(requests[k])}): Kubernetes rejects a container whose limit is lower than its request. Raise the limit to at least the request.`,
        related: [{ uri: unit.uri, range: unit.doc.rangeAt([...c.path, 'resources', 'requests', k]), message: `the ${k} request` }],
        fixes: [fix],
      });
    }
  }
}
