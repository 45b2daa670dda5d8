import { filledByPlatform } from '../../facts/model';
import type { AcceleratorVendor } from '../../facts/accelerators';
import { acceleratorResource, vendorOfType } from '../../facts/accelerators';
import type { ContainerFacts, DeploymentUnit } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import type { OfferedFix } from '../support/fixes';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName, scalarText } from './support';
import { fixesFor } from '../support/fixes';
import { isFragment, primaryContainer, relatedAt } from '../support/workload';
import { count, stated } from '../support/values';
import { lazyFix } from '../../fix/lazy';

interface Options extends Record<string, unknown> {
  /** Runtimes that need an accelerator (a GPU server without one fails to start or crawls on CPU). */
  gpuRuntimes: string[];
}

/** The extended resource each vendor's device plugin advertises, and the domain of its resource names. */
const VENDOR_RESOURCE: Readonly<Record<AcceleratorVendor, { resource: string; domain: string }>> = {
  nvidia: { resource: 'nvidia.com/gpu', domain: 'nvidia.com/' },
  amd: { resource: 'amd.com/gpu', domain: 'amd.com/' },
  intel: { resource: 'gpu.intel.com/i915', domain: 'gpu.intel.com/' },
  'intel-gaudi': { resource: 'habana.ai/gaudi', domain: 'habana.ai/' },
  'google-tpu': { resource: 'google.com/tpu', domain: 'google.com/' },
  'aws-neuron': { resource: 'aws.amazon.com/neuron', domain: 'aws.amazon.com/' },
};

/** The vendor an accelerator type (`nvidia-l4`, `amd-mi300x`, `tpu-v5p-slice`, `inf2-xlarge`) implies, with its resource. */
function vendorOf(type: string | undefined): { resource: string; domain: string } | undefined {
  const v = vendorOfType(type);
  return v ? VENDOR_RESOURCE[v] : undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'scaling/gpu-limits',
    area: 'scaling',
    severity: 'error',
    description: 'The accelerators a model server needs are requested: a count per pod, under the resource name of their vendor.',
    rationale:
      'Kubernetes, "Schedule GPUs": GPUs are only handed out through the extended resource of the device plugin (`nvidia.com/gpu`, `amd.com/gpu`) in the container limits; a pod without it gets no GPU, even on a GPU node.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { gpuRuntimes: ['vllm', 'tgi', 'nim', 'sglang'] },
  },
  check({ unit, options, report }) {
    // What the API server rejects: an accelerator request without a limit, or one that differs from it (every workload).
    for (const c of [...(unit.pod?.containers ?? []), ...(unit.pod?.initContainers ?? [])]) checkRequestsEqualLimits(unit, c, report);
    if (!unit.isModelServer) return;
    const r = unit.spec.resources;
    const acc = r?.accelerator;
    const runtime = unit.spec.serving?.runtime;
    const perPod = Math.max(1, Math.ceil(((count(r?.tensorParallelSize) ?? 1) * (count(r?.pipelineParallelSize) ?? 1)) / (count(r?.nodesPerReplica) ?? 1)));
    // The serving container, when the unit states its pods: its limits are the request, and fixes edit them.
    const c = primaryContainer(unit);

    if (!stated(acc)) {
      // A workload without an accelerator limit or node runs on CPU; a declaration that leaves it out does not say.
      if (!unit.declaration || typeof runtime !== 'string' || !options.gpuRuntimes.includes(runtime)) return;
      report({
        at: 'resources.accelerator',
        message: `No accelerator is requested (${unit.describe('resources.accelerator')}): a ${runtimeName(runtime)} server is then scheduled without a GPU and fails to start or runs on the CPU. State \`accelerator.type\` and \`count\` (\`count: 0\` says it runs on CPU on purpose).`,
        fixes: fixesFor({ title: 'Request an accelerator', edits: unit.plan.addKeys('resources.accelerator', [['type', '${1:nvidia-l4}'], ['count', `\${2:${perPod}}`]]), isPreferred: true, snippet: true }),
      });
      return;
    }

    // Nothing states the request: no serving container to read it from, no declaration.
    if (!c && !unit.declaration) return;
    const n = acc?.count;
    const type = typeof acc?.type === 'string' ? acc.type : undefined;
    const vendor = vendorOf(type);
    const resourceName = typeof acc?.resourceName === 'string' ? acc.resourceName : undefined;
    const typeRange = relatedAt(unit, 'resources.accelerator.type', type && c ? `the pod selects ${type} nodes` : 'the accelerator type');

    if (!stated(n)) {
      // Nodes of a vendor selected, no device asked for. A platform that completes the containers' resources (KServe),
      // or a patch fragment's base, may set the limit elsewhere.
      if (filledByPlatform(unit, 'resources.accelerator') || isFragment(unit) || (!vendor && !unit.declaration)) return;
      const name = resourceName ?? vendor?.resource ?? 'nvidia.com/gpu';
      if (c && vendor && type) {
        report({
          at: c.resources ? unit.doc.rangeAt([...c.path, 'resources'], 'key') : unit.doc.rangeAt([...c.path, 'name']),
          message: `The pod selects ${type} nodes, but container ${c.name} has no \`${vendor.resource}\` limit: the device plugin gives it no accelerator, so the ${runtimeName(runtime)} server fails to start or runs on the CPU while the node's accelerators sit idle. Add \`${vendor.resource}: ${perPod}\` to \`resources.limits\`.`,
          related: [typeRange],
          fixes: [lazyFix({ title: `Add ${vendor.resource}: ${perPod} to the limits of container ${c.name}`, edits: () => insertAtPath(unit.doc, [...c.path, 'resources', 'limits', vendor.resource], `"${perPod}"`), isPreferred: true })],
        });
        return;
      }
      if (c) return;
      const entries: [string, string][] = [['count', `\${1:${perPod}}`]];
      if (vendor && vendor.resource !== 'nvidia.com/gpu' && !resourceName) entries.push(['resourceName', vendor.resource]);
      report({
        at: 'resources.accelerator.count',
        message: `${unit.describe('resources.accelerator')} does not say how many accelerators each pod gets: without \`count\` no \`${name}\` limit is set and the pod gets no GPU. Add \`count\`.`,
        fixes: fixesFor({ title: 'Add resources.accelerator.count', edits: unit.plan.addKeys('resources.accelerator', entries), isPreferred: true, snippet: true }),
      });
      return;
    }

    if (n === 0 && type) {
      // The limit (and request) of the serving container, or the stated count.
      const edits: OfferedFix['edits'] = c && resourceName
        ? (['limits', 'requests'] as const).flatMap((list) => (c.resources?.[list]?.[resourceName] !== undefined ? replaceValue(unit.doc, [...c.path, 'resources', list, resourceName], `"${perPod}"`) : []))
        : unit.plan.set('resources.accelerator.count', String(perPod));
      report({
        at: 'resources.accelerator.count',
        message: `${c ? `The pod selects ${type} nodes but container ${c.name} asks for 0 \`${String(resourceName)}\`` : `\`resources.accelerator.type\` is ${type} but \`count\` is 0`}: the device plugin gives the pod no accelerator, even on a ${type} node. Set the number of accelerators per pod, or ${c ? 'drop the node selector' : 'remove `type`'} if the server runs on CPU.`,
        related: [typeRange],
        fixes: fixesFor({ title: `Request ${perPod} accelerator${perPod > 1 ? 's' : ''} per pod`, edits }),
      });
      return;
    }

    if (!vendor || (count(n) ?? 0) === 0) return;
    if (resourceName !== undefined) {
      if (resourceName.startsWith(vendor.domain)) return;
      const list = c?.resources?.limits?.[resourceName] !== undefined ? 'limits' : 'requests';
      const edits: OfferedFix['edits'] = c
        ? (['limits', 'requests'] as const).flatMap((l) => {
            const { pair } = unit.doc.locate([...c.path, 'resources', l, resourceName]);
            return c.resources?.[l]?.[resourceName] !== undefined && pair?.key?.range ? [{ range: unit.doc.nodeRange(pair.key), newText: vendor.resource }] : [];
          })
        : unit.plan.set('resources.accelerator.resourceName', vendor.resource);
      report({
        at: c ? unit.doc.rangeAt([...c.path, 'resources', list, resourceName], 'key') : 'resources.accelerator.resourceName',
        message: `${c ? `Container ${c.name} asks for \`${resourceName}\`, but the pod selects ${type} nodes, whose device plugin advertises` : `\`resources.accelerator.resourceName\` is ${resourceName}, but ${type} accelerators are advertised by their device plugin as`} \`${vendor.resource}\`: the pod asks for a resource no node has and stays Pending.`,
        related: [typeRange],
        fixes: fixesFor({ title: `Use ${vendor.resource}`, edits, isPreferred: true }),
      });
    } else if (vendor.resource !== 'nvidia.com/gpu') {
      // A count without a resource name asks for the default `nvidia.com/gpu`.
      report({
        at: 'resources.accelerator.resourceName',
        message: `\`resources.accelerator.type\` is ${type}, but no \`resourceName\` is stated, so the pod asks for the default \`nvidia.com/gpu\` and stays Pending on ${type} nodes. Set \`resourceName: ${vendor.resource}\`.`,
        fixes: fixesFor({ title: `Add resourceName: ${vendor.resource}`, edits: unit.plan.set('resources.accelerator.resourceName', vendor.resource), isPreferred: true }),
      });
    }
  },
});

function checkRequestsEqualLimits(unit: DeploymentUnit, c: ContainerFacts, report: (r: Report) => void): void {
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  for (const [name, request] of Object.entries(requests)) {
    if (!acceleratorResource(name)) continue;
    const requestPath = [...c.path, 'resources', 'requests', name];
    const limit = limits[name];
    if (limit === undefined) {
      report({
        at: unit.doc.rangeAt(requestPath, 'key'),
        message: `Container ${c.name || '(unnamed)'} requests \`${name}\` (${String(request)}) without a limit: accelerators are handed out by their limit, and the API server rejects a request without one ("Schedule GPUs"). Set the limit (requests may then be left out).`,
        fixes: [lazyFix({ title: `Add ${name}: ${String(request)} to the limits`, edits: () => insertAtPath(unit.doc, [...c.path, 'resources', 'limits', name], scalarText(request)), isPreferred: true })],
      });
    } else if (String(limit).trim() !== String(request).trim() && Number(limit) !== Number(request)) {
      const fix: Fix = lazyFix({ title: `Request ${String(limit)} (the limit)`, edits: () => replaceValue(unit.doc, requestPath, scalarText(limit)), isPreferred: true });
      report({
        at: unit.doc.rangeAt(requestPath),
        message: `Container ${c.name || '(unnamed)'} requests ${String(request)} \`${name}\` but its limit is ${String(limit)}: accelerators cannot be overcommitted, so the API server rejects a request that differs from the limit. Make them equal, or leave the request out.`,
        related: [{ uri: unit.uri, range: unit.doc.rangeAt([...c.path, 'resources', 'limits', name]), message: 'the limit' }],
        fixes: [fix],
      });
    }
  }
}
