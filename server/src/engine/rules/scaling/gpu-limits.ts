import type { AcceleratorVendor } from '../../facts/accelerators';
import { acceleratorResource, vendorOfType } from '../../facts/accelerators';
import type { ContainerFacts, DeploymentUnit } from '../../facts/model';
import { insertAtPath, insertKeys, mergeInserts, replaceValue } from '../../fix/edits';
import type { Fix, TextEdit } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName, scalarText } from './support';
import { isFragment, primaryContainer, relatedAt } from '../support/workload';
import { count, stated } from '../support/values';

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
    if (unit.format !== 'modeldeployment') {
      checkKube(unit, report);
      return;
    }
    const spec = unit.spec;
    const acc = spec.resources?.accelerator;
    const runtime = spec.serving?.runtime;
    const parallel = (count(spec.resources?.tensorParallelSize) ?? 1) * (count(spec.resources?.pipelineParallelSize) ?? 1);
    const perPod = Math.max(1, Math.ceil(parallel / (count(spec.resources?.nodesPerReplica) ?? 1)));

    if (!stated(acc)) {
      if (typeof runtime !== 'string' || !options.gpuRuntimes.includes(runtime)) return;
      report({
        at: 'resources.accelerator',
        message: `No accelerator is requested (\`resources.accelerator\`): a ${runtimeName(runtime)} server is then scheduled without a GPU and fails to start or runs on the CPU. State \`accelerator.type\` and \`count\` (\`count: 0\` says it runs on CPU on purpose).`,
        fixes: [
          {
            title: 'Request an accelerator',
            edits: insertKeys(unit.doc, ['resources', 'accelerator'], [['type', '${1:nvidia-l4}'], ['count', `\${2:${perPod}}`]]),
            isPreferred: true,
            snippet: true,
          },
        ],
      });
      return;
    }

    const n = acc?.count;
    const type = acc?.type;
    const vendor = vendorOf(typeof type === 'string' ? type : undefined);
    const resourceName = acc?.resourceName;

    if (!stated(n)) {
      const edits = [insertAtPath(unit.doc, ['resources', 'accelerator', 'count'], `\${1:${perPod}}`)];
      if (vendor && vendor.resource !== 'nvidia.com/gpu' && !stated(resourceName)) edits.push(insertAtPath(unit.doc, ['resources', 'accelerator', 'resourceName'], vendor.resource));
      report({
        at: 'resources.accelerator.count',
        message: `\`resources.accelerator\` does not say how many accelerators each pod gets: without \`count\` no \`${typeof resourceName === 'string' ? resourceName : vendor?.resource ?? 'nvidia.com/gpu'}\` limit is set and the pod gets no GPU. Add \`count\`.`,
        fixes: [{ title: 'Add resources.accelerator.count', edits: mergeInserts(edits.flat()), isPreferred: true, snippet: true }],
      });
      return;
    }

    if (n === 0 && typeof type === 'string') {
      report({
        at: 'resources.accelerator.count',
        message: `\`resources.accelerator.type\` is ${type} but \`count\` is 0: the pod requests no accelerator, so the device plugin gives it none even on a ${type} node. Set the number of accelerators per pod, or remove \`type\` if the server runs on CPU.`,
        related: [relatedAt(unit, 'resources.accelerator.type', 'the accelerator type')],
        fixes: [{ title: `Request ${perPod} accelerator${perPod > 1 ? 's' : ''} per pod`, edits: replaceValue(unit.doc, ['resources', 'accelerator', 'count'], String(perPod)) }],
      });
      return;
    }

    if (!vendor || (count(n) ?? 0) === 0) return;
    if (typeof resourceName === 'string') {
      if (!resourceName.startsWith(vendor.domain)) {
        report({
          at: 'resources.accelerator.resourceName',
          message: `\`resources.accelerator.resourceName\` is ${resourceName}, but ${type} accelerators are advertised by their device plugin as \`${vendor.resource}\`: the pod asks for a resource no node has and stays Pending.`,
          related: [relatedAt(unit, 'resources.accelerator.type', 'the accelerator type')],
          fixes: [{ title: `Use ${vendor.resource}`, edits: replaceValue(unit.doc, ['resources', 'accelerator', 'resourceName'], vendor.resource), isPreferred: true }],
        });
      }
    } else if (vendor.resource !== 'nvidia.com/gpu') {
      report({
        at: 'resources.accelerator.resourceName',
        message: `\`resources.accelerator.type\` is ${type}, but no \`resourceName\` is stated, so the pod asks for the default \`nvidia.com/gpu\` and stays Pending on ${type} nodes. Set \`resourceName: ${vendor.resource}\`.`,
        fixes: [{ title: `Add resourceName: ${vendor.resource}`, edits: insertAtPath(unit.doc, ['resources', 'accelerator', 'resourceName'], vendor.resource), isPreferred: true }],
      });
    }
  },
});

function checkKube(unit: DeploymentUnit, report: (r: Report) => void): void {
  const pod = unit.pod;
  if (!pod) return;
  // What the API server rejects: an accelerator request without a limit, or one that differs from it (every workload).
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) checkRequestsEqualLimits(unit, c, report);
  if (!unit.isModelServer) return;
  const c = primaryContainer(unit);
  const acc = unit.spec.resources?.accelerator;
  const type = acc?.type;
  const vendor = vendorOf(typeof type === 'string' ? type : undefined);
  if (!c || !vendor || typeof type !== 'string') return;
  const r = unit.spec.resources;
  const perPod = Math.max(1, Math.ceil(((count(r?.tensorParallelSize) ?? 1) * (count(r?.pipelineParallelSize) ?? 1)) / (count(r?.nodesPerReplica) ?? 1)));
  const typeRange = relatedAt(unit, 'resources.accelerator.type', `the pod selects ${type} nodes`);
  if (!stated(acc?.count)) {
    // The pod is placed on accelerator nodes but asks the device plugin for none. KServe completes its containers
    // from a ServingRuntime or LLMInferenceServiceConfig, and a patch fragment (no image) from its base: there the
    // limit may be set elsewhere.
    if (unit.format === 'kserve' || isFragment(unit)) return;
    report({
      at: c.resources ? unit.doc.rangeAt([...c.path, 'resources'], 'key') : unit.doc.rangeAt([...c.path, 'name']),
      message: `The pod selects ${type} nodes, but container ${c.name} has no \`${vendor.resource}\` limit: the device plugin gives it no accelerator, so the ${runtimeName(unit.spec.serving?.runtime)} server fails to start or runs on the CPU while the node's accelerators sit idle. Add \`${vendor.resource}: ${perPod}\` to \`resources.limits\`.`,
      related: [typeRange],
      fixes: [{ title: `Add ${vendor.resource}: ${perPod} to the limits of container ${c.name}`, edits: insertAtPath(unit.doc, [...c.path, 'resources', 'limits', vendor.resource], `"${perPod}"`), isPreferred: true }],
    });
    return;
  }
  const resourceName = acc?.resourceName;
  if (acc?.count === 0) {
    const edits: TextEdit[] = [];
    for (const list of ['limits', 'requests'] as const) {
      if (typeof resourceName === 'string' && c.resources?.[list]?.[resourceName] !== undefined) edits.push(...replaceValue(unit.doc, [...c.path, 'resources', list, resourceName], `"${perPod}"`));
    }
    report({
      at: 'resources.accelerator.count',
      message: `The pod selects ${type} nodes but container ${c.name} asks for 0 \`${String(resourceName)}\`: the device plugin gives it no accelerator, even on a ${type} node. Set the number of accelerators per pod, or drop the node selector if the server runs on CPU.`,
      related: [typeRange],
      fixes: [{ title: `Request ${perPod} accelerator${perPod > 1 ? 's' : ''} per pod`, edits }],
    });
    return;
  }
  if (typeof resourceName === 'string' && !resourceName.startsWith(vendor.domain)) {
    const edits: TextEdit[] = [];
    for (const list of ['limits', 'requests'] as const) {
      if (c.resources?.[list]?.[resourceName] !== undefined) {
        const { pair } = unit.doc.locate([...c.path, 'resources', list, resourceName]);
        if (pair?.key?.range) edits.push({ range: unit.doc.nodeRange(pair.key), newText: vendor.resource });
      }
    }
    report({
      at: unit.doc.rangeAt([...c.path, 'resources', c.resources?.limits?.[resourceName] !== undefined ? 'limits' : 'requests', resourceName], 'key'),
      message: `Container ${c.name} asks for \`${resourceName}\`, but the pod selects ${type} nodes, whose device plugin advertises \`${vendor.resource}\`: no node offers both, so the pod stays Pending.`,
      related: [typeRange],
      fixes: [{ title: `Use ${vendor.resource}`, edits, isPreferred: true }],
    });
  }
}

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
        fixes: [{ title: `Add ${name}: ${String(request)} to the limits`, edits: insertAtPath(unit.doc, [...c.path, 'resources', 'limits', name], scalarText(request)), isPreferred: true }],
      });
    } else if (String(limit).trim() !== String(request).trim() && Number(limit) !== Number(request)) {
      const fix: Fix = { title: `Request ${String(limit)} (the limit)`, edits: replaceValue(unit.doc, requestPath, scalarText(limit)), isPreferred: true };
      report({
        at: unit.doc.rangeAt(requestPath),
        message: `Container ${c.name || '(unnamed)'} requests ${String(request)} \`${name}\` but its limit is ${String(limit)}: accelerators cannot be overcommitted, so the API server rejects a request that differs from the limit. Make them equal, or leave the request out.`,
        related: [{ uri: unit.uri, range: unit.doc.rangeAt([...c.path, 'resources', 'limits', name]), message: 'the limit' }],
        fixes: [fix],
      });
    }
  }
}
