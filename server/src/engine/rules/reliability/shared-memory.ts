import { acceleratorVendor, devicesPerPod, usesSharedMemoryCollectives } from '../../facts/accelerators';
import type { DeploymentUnit } from '../../facts/model';
import { factValue } from '../../facts/model';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import type { TextEdit } from '../../types';
import { containerAnchor, yamlScalar } from './kube';
import { parseQuantity } from '../../facts/quantity';
import { docPath, isFragment, primaryContainer, statesPodSettings } from '../support/workload';
import { appendToSequence, insertAtPath, insertKeys, setValue } from '../../fix/edits';
import { num, str } from '../support/values';
import { lazyFix } from '../../fix/lazy';

interface Options extends Record<string, unknown> {
  /** Smallest acceptable `/dev/shm` size when parallelism is on (a Kubernetes quantity). */
  minSize: string;
  /** What the fix writes. */
  recommendedSize: string;
}

/** Runtimes that split a model over GPUs inside one process, without NCCL shared memory. */
const NO_SHM_RUNTIMES = new Set(['ollama', 'llama-cpp']);

/**
 * Kubernetes family: the GPUs of one pod that exchange tensors: TP × PP per pod (a multi-pod group spreads them
 * over its pods), times the local data-parallel ranks when expert parallelism joins them; a GPU count alone only for
 * TGI, which shards over every visible GPU (vLLM and Ray Serve use one GPU per worker unless told otherwise).
 * Undefined when an input is not known (a variable, a value set elsewhere).
 */
function podDegree(unit: DeploymentUnit): number | undefined {
  const r = unit.spec.resources ?? {};
  const facts = ['resources.tensorParallelSize', 'resources.pipelineParallelSize', 'resources.dataParallelSizeLocal', 'resources.nodesPerReplica'] as const;
  if (facts.some((f) => unit.sourcePath(f) !== undefined && factValue(unit.spec, f) === undefined)) return undefined;
  const tp = num(r.tensorParallelSize);
  const pp = num(r.pipelineParallelSize);
  if (tp === undefined && pp === undefined) return str(unit.spec.serving?.runtime) === 'tgi' ? (num(r.accelerator?.count) ?? 1) : 1;
  const dataParallel = num(r.dataParallelSize) !== undefined || num(r.dataParallelSizeLocal) !== undefined;
  const need = devicesPerPod({ tensor: tp, pipeline: pp, dataLocal: r.expertParallel === true ? num(r.dataParallelSizeLocal) : undefined, nodes: dataParallel ? 1 : num(r.nodesPerReplica) });
  return need && Number.isInteger(need.perPod) ? need.perPod : undefined;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/shared-memory',
    area: 'reliability',
    severity: 'warning',
    description: 'Several GPUs working together in one pod have a memory-backed `/dev/shm` large enough for NCCL.',
    rationale:
      'NCCL (RCCL on AMD, oneCCL on Intel GPUs) puts the buffers of GPUs that are not peer-to-peer connected in /dev/shm, and vLLM\'s workers exchange their inputs through shared-memory queues; a container gets a 64 MiB /dev/shm by default, and once it is full workers die with "Bus error" or NCCL "unhandled system error" (vLLM docs/deployment/k8s.md: "vLLM needs to access the host\'s shared memory for tensor parallel inference"; vLLM production-stack PR #994). Whether it fills depends on the GPUs\' interconnect, hence a warning. TPU, Neuron and Gaudi do not use it.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { minSize: '1Gi', recommendedSize: '2Gi' },
  },
  check({ unit, options, report }) {
    const res = unit.spec.resources;
    if (!res || typeof res !== 'object') return;
    if (NO_SHM_RUNTIMES.has(str(unit.spec.serving?.runtime) ?? '')) return;
    // TPU chips talk over ICI and Neuron or Gaudi devices over their own links, not through /dev/shm.
    const vendor = acceleratorVendor(res.accelerator);
    if (!usesSharedMemoryCollectives(vendor)) return;
    const kube = !unit.declaration;
    if (kube && !unit.isModelServer) return;
    const tp = num(res.tensorParallelSize);
    const pp = num(res.pipelineParallelSize);
    const gpus = num(res.accelerator?.count);
    const degree = kube ? podDegree(unit) : tp !== undefined || pp !== undefined ? (tp ?? 1) * (pp ?? 1) : (gpus ?? 1);
    if (degree === undefined || degree <= 1) return;
    const what =
      tp !== undefined || pp !== undefined
        ? `${tp !== undefined && tp > 1 ? `tensor parallelism (${tp})` : ''}${tp !== undefined && tp > 1 && pp !== undefined && pp > 1 ? ' and ' : ''}${pp !== undefined && pp > 1 ? `pipeline parallelism (${pp})` : ''}${(tp ?? 1) <= 1 && (pp ?? 1) <= 1 ? `${degree} ranks per pod` : ''}`
        : `${gpus} GPUs per replica`;
    const minSize = str(options.minSize) ?? '1Gi';
    const min = parseQuantity(minSize) ?? 2 ** 30;
    const recommended = str(options.recommendedSize) ?? '2Gi';
    if (kube) {
      checkPod(unit, { what, minSize, min, recommended }, report);
      return;
    }
    const shm = res.sharedMemory;

    if (shm === undefined || shm === null) {
      report({
        at: 'resources.sharedMemory',
        message: `With ${what}, NCCL and the server's worker queues use /dev/shm, which is 64 MiB in a container by default: when it fills (GPUs without a peer-to-peer link, large batches) the workers die with a bus error or NCCL "unhandled system error". Set \`resources.sharedMemory\` (a memory-backed /dev/shm), e.g. ${recommended}.`,
        fixes: [lazyFix({ title: `Mount a ${recommended} /dev/shm`, edits: () => insertKeys(unit.doc, docPath(unit, 'resources'), [['sharedMemory', recommended]]), isPreferred: true })],
      });
      return;
    }
    const bytes = parseQuantity(shm);
    if (bytes === undefined || bytes >= min) return;
    report({
      at: 'resources.sharedMemory',
      message: `\`resources.sharedMemory\` (${shm}) is too small for ${what}: NCCL runs out of /dev/shm and the server crashes with a bus error. Use at least ${minSize} (e.g. ${recommended}).`,
      fixes: [lazyFix({ title: `Use a ${recommended} /dev/shm`, edits: () => setValue(unit.doc, docPath(unit, 'resources.sharedMemory'), recommended), isPreferred: true })],
    });
  },
});

interface Need {
  what: string;
  minSize: string;
  min: number;
  recommended: string;
}

/**
 * Kubernetes family: the serving container mounts a memory-backed `emptyDir` at `/dev/shm`. A memory-backed
 * volume without `sizeLimit` is bounded by the pod's memory limit (or the node), which is enough.
 */
function checkPod(unit: DeploymentUnit, need: Need, report: (r: Report) => void): void {
  const c = primaryContainer(unit);
  const pod = unit.pod;
  // A patch fragment: its Kustomize base may mount /dev/shm. Where the platform fills the pod, the patch is judged on
  // what it states (below, a missing mount is left to the platform).
  if (!c || !pod || (isFragment(unit) && !unit.platformFillsPod)) return;
  const mount = c.volumeMounts?.find((m) => m.mountPath.replace(/\/+$/, '') === '/dev/shm');
  const volume = mount ? pod.volumes?.find((v) => v.name === mount.name) : undefined;
  if (!mount || !volume) {
    // KServe and KubeRay complete the pod from a ServingRuntime / LLMInferenceServiceConfig / the operator,
    // which may mount /dev/shm: only what the manifest states is judged there.
    if (!statesPodSettings(unit)) return;
    // The fix adds the volume and its mount on the serving container, under a name no other volume uses.
    const taken = new Set((pod.volumes ?? []).map((v) => v.name));
    const name = ['dshm', 'shm', 'dev-shm'].find((n) => !taken.has(n)) ?? 'modelready-dshm';
    const edits: TextEdit[] = [
      // The container's mount first: when both land at the same offset (the end of the pod spec), it is the inner key.
      ...(c.volumeMounts?.length
        ? appendToSequence(unit.doc, docPath(unit, [...c.path, 'volumeMounts']), [`name: ${name}\nmountPath: /dev/shm`])
        : insertAtPath(unit.doc, [...c.path, 'volumeMounts'], [{ name, mountPath: '/dev/shm' }])),
      ...(pod.volumes?.length
        ? appendToSequence(unit.doc, docPath(unit, [...pod.path, 'volumes']), [`name: ${name}\nemptyDir:\n  medium: Memory\n  sizeLimit: ${yamlScalar(need.recommended)}`])
        : insertAtPath(unit.doc, [...pod.path, 'volumes'], [{ name, emptyDir: { medium: 'Memory', sizeLimit: need.recommended } }])),
    ];
    report({
      at: mount ? unit.doc.rangeAt([...c.path, 'volumeMounts', c.volumeMounts!.indexOf(mount), 'name']) : containerAnchor(unit, c),
      message: mount
        ? `With ${need.what}, NCCL exchanges tensors through /dev/shm, but the volume \`${mount.name}\` mounted there does not exist in the pod: add it as a memory-backed \`emptyDir\`.`
        : `With ${need.what}, NCCL and the server's worker queues use /dev/shm, which is 64 MiB in a container by default: when it fills (GPUs without a peer-to-peer link, large batches) the workers die with a bus error or NCCL "unhandled system error". Mount a memory-backed \`emptyDir\` (\`medium: Memory\`, e.g. \`sizeLimit: ${need.recommended}\`) at /dev/shm in container \`${c.name || '(unnamed)'}\`.`,
      fixes: mount ? undefined : [{ title: `Mount a ${need.recommended} memory-backed /dev/shm`, edits, isPreferred: true }],
    });
    return;
  }
  if (!volume.emptyDir || volume.emptyDir.medium !== 'Memory') {
    const isEmptyDir = !!volume.emptyDir;
    report({
      at: unit.doc.rangeAt(isEmptyDir ? [...volume.path, 'emptyDir'] : [...volume.path, 'name'], isEmptyDir ? 'key' : 'value'),
      message: `With ${need.what}, /dev/shm must be memory-backed for NCCL, but the volume \`${volume.name}\` mounted there is ${isEmptyDir ? 'an `emptyDir` on the node\'s disk' : `a \`${volume.source ?? 'other'}\` volume`}. Use \`emptyDir: { medium: Memory }\`.`,
      fixes: isEmptyDir ? [lazyFix({ title: 'Back /dev/shm with memory', edits: () => setValue(unit.doc, [...volume.path, 'emptyDir', 'medium'], 'Memory'), isPreferred: true })] : undefined,
    });
    return;
  }
  const size = volume.emptyDir.sizeLimit;
  if (size === undefined) return;
  const bytes = parseQuantity(size);
  if (bytes === undefined || bytes >= need.min) return;
  const sizePath = [...volume.path, 'emptyDir', 'sizeLimit'];
  report({
    at: unit.doc.rangeAt(sizePath),
    message: `The /dev/shm volume \`${volume.name}\` (sizeLimit ${size}) is too small for ${need.what}: NCCL runs out of shared memory and the server crashes with a bus error. Use at least ${need.minSize} (e.g. ${need.recommended}).`,
    fixes: [lazyFix({ title: `Use a ${need.recommended} /dev/shm`, edits: () => setValue(unit.doc, sizePath, need.recommended), isPreferred: true })],
  });
}
