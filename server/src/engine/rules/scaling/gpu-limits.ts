import { insertAtPath, replaceValue } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { count, insertKeys, mergeInserts, relatedAt, runtimeName, stated } from './support';

interface Options extends Record<string, unknown> {
  /** Runtimes that need an accelerator (a GPU server without one fails to start or crawls on CPU). */
  gpuRuntimes: string[];
}

/** Accelerator type prefix → the extended resource its device plugin advertises. */
const VENDORS: readonly { prefix: string; resource: string; domain: string }[] = [
  { prefix: 'nvidia-', resource: 'nvidia.com/gpu', domain: 'nvidia.com/' },
  { prefix: 'amd-', resource: 'amd.com/gpu', domain: 'amd.com/' },
  { prefix: 'google-tpu', resource: 'google.com/tpu', domain: 'google.com/' },
  { prefix: 'intel-gaudi', resource: 'habana.ai/gaudi', domain: 'habana.ai/' },
];

export default defineRule<Options>({
  meta: {
    id: 'scaling/gpu-limits',
    area: 'scaling',
    severity: 'error',
    description: 'The accelerators a model server needs are requested: a count per pod, under the resource name of their vendor.',
    rationale:
      'Kubernetes, "Schedule GPUs": GPUs are only handed out through the extended resource of the device plugin (`nvidia.com/gpu`, `amd.com/gpu`) in the container limits; a pod without it gets no GPU, even on a GPU node.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { gpuRuntimes: ['vllm', 'tgi', 'nim', 'sglang'] },
  },
  check({ unit, options, report }) {
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
    const vendor = typeof type === 'string' ? VENDORS.find((v) => type.startsWith(v.prefix)) : undefined;
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
