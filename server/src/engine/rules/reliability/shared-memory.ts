import type { DeploymentUnit } from '../../facts/model';
import type { Report } from '../define';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import type { TextEdit } from '../../types';
import { containerAnchor, insertBlock, judgesMissingProbes, yamlScalar } from './kube';
import { appendToSequence, insertKeys, num, setFactValue, str } from './support';
import { parseQuantity } from '../../facts/quantity';
import { isKube, primaryContainer } from '../support/workload';
import { setValue } from '../../fix/edits';

interface Options extends Record<string, unknown> {
  /** Smallest acceptable `/dev/shm` size when parallelism is on (a Kubernetes quantity). */
  minSize: string;
  /** What the fix writes. */
  recommendedSize: string;
}

/** Runtimes that split a model over GPUs inside one process, without NCCL shared memory. */
const NO_SHM_RUNTIMES = new Set(['ollama', 'llama-cpp']);

export default defineRule<Options>({
  meta: {
    id: 'reliability/shared-memory',
    area: 'reliability',
    severity: 'error',
    description: 'Tensor or pipeline parallelism has a memory-backed `/dev/shm` large enough for NCCL.',
    rationale:
      'NCCL exchanges tensors between GPU workers through /dev/shm, which a container gets at 64 MiB by default; with tensor parallelism the server crashes with "Bus error" or hangs under load (vLLM docs/deployment/k8s.md: "vLLM needs to access the host\'s shared memory for tensor parallel inference"; vLLM production-stack PR #994).',
    formats: ['modeldeployment', 'kubernetes', 'kserve', 'kuberay', 'leaderworkerset'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { minSize: '1Gi', recommendedSize: '2Gi' },
  },
  check({ unit, options, report }) {
    const res = unit.spec.resources;
    if (!res || typeof res !== 'object') return;
    if (NO_SHM_RUNTIMES.has(str(unit.spec.serving?.runtime) ?? '')) return;
    const tp = num(res.tensorParallelSize);
    const pp = num(res.pipelineParallelSize);
    const gpus = num(res.accelerator?.count);
    // Kubernetes family: the parallelism the server is told to use; a GPU count alone implies it only for TGI,
    // which shards over every visible GPU (vLLM and Ray Serve use one GPU per worker unless told otherwise).
    const kube = isKube(unit);
    if (kube && !unit.isModelServer) return;
    const gpuDegree = !kube || str(unit.spec.serving?.runtime) === 'tgi' ? (gpus ?? 1) : 1;
    const degree = tp !== undefined || pp !== undefined ? (tp ?? 1) * (pp ?? 1) : gpuDegree;
    if (degree <= 1) return;
    const what =
      tp !== undefined || pp !== undefined
        ? `${tp !== undefined && tp > 1 ? `tensor parallelism (${tp})` : ''}${tp !== undefined && tp > 1 && pp !== undefined && pp > 1 ? ' and ' : ''}${pp !== undefined && pp > 1 ? `pipeline parallelism (${pp})` : ''}`
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
        message: `With ${what}, NCCL exchanges tensors through /dev/shm, which is 64 MiB in a container by default: the server crashes with a bus error or hangs under load. Set \`resources.sharedMemory\` (a memory-backed /dev/shm), e.g. ${recommended}.`,
        fixes: [{ title: `Mount a ${recommended} /dev/shm`, edits: insertKeys(unit, 'resources', [['sharedMemory', recommended]]), isPreferred: true }],
      });
      return;
    }
    const bytes = parseQuantity(shm);
    if (bytes === undefined || bytes >= min) return;
    report({
      at: 'resources.sharedMemory',
      message: `\`resources.sharedMemory\` (${shm}) is too small for ${what}: NCCL runs out of /dev/shm and the server crashes with a bus error. Use at least ${minSize} (e.g. ${recommended}).`,
      fixes: [{ title: `Use a ${recommended} /dev/shm`, edits: setFactValue(unit, 'resources.sharedMemory', recommended), isPreferred: true }],
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
  if (!c || !pod) return;
  const mount = c.volumeMounts?.find((m) => m.mountPath.replace(/\/+$/, '') === '/dev/shm');
  const volume = mount ? pod.volumes?.find((v) => v.name === mount.name) : undefined;
  if (!mount || !volume) {
    // KServe and KubeRay complete the pod from a ServingRuntime / LLMInferenceServiceConfig / the operator,
    // which may mount /dev/shm: only what the manifest states is judged there.
    if (!judgesMissingProbes(unit)) return;
    // The fix adds the volume and its mount on the serving container, under a name no other volume uses.
    const taken = new Set((pod.volumes ?? []).map((v) => v.name));
    const name = ['dshm', 'shm', 'dev-shm'].find((n) => !taken.has(n)) ?? 'modelready-dshm';
    const edits: TextEdit[] = [
      // The container's mount first: when both land at the same offset (the end of the pod spec), it is the inner key.
      ...(c.volumeMounts?.length
        ? appendToSequence(unit, [...c.path, 'volumeMounts'], [`name: ${name}\nmountPath: /dev/shm`])
        : insertBlock(unit.doc, [...c.path, 'volumeMounts'], [{ name, mountPath: '/dev/shm' }])),
      ...(pod.volumes?.length
        ? appendToSequence(unit, [...pod.path, 'volumes'], [`name: ${name}\nemptyDir:\n  medium: Memory\n  sizeLimit: ${yamlScalar(need.recommended)}`])
        : insertBlock(unit.doc, [...pod.path, 'volumes'], [{ name, emptyDir: { medium: 'Memory', sizeLimit: need.recommended } }])),
    ];
    report({
      at: mount ? unit.doc.rangeAt([...c.path, 'volumeMounts', c.volumeMounts!.indexOf(mount), 'name']) : containerAnchor(unit, c),
      message: mount
        ? `With ${need.what}, NCCL exchanges tensors through /dev/shm, but the volume \`${mount.name}\` mounted there does not exist in the pod: add it as a memory-backed \`emptyDir\`.`
        : `With ${need.what}, NCCL exchanges tensors through /dev/shm, which is 64 MiB in a container by default: the server crashes with a bus error or hangs under load. Mount a memory-backed \`emptyDir\` (\`medium: Memory\`, e.g. \`sizeLimit: ${need.recommended}\`) at /dev/shm in container \`${c.name || '(unnamed)'}\`.`,
      fixes: mount ? undefined : [{ title: `Mount a ${need.recommended} memory-backed /dev/shm`, edits, isPreferred: true }],
    });
    return;
  }
  if (!volume.emptyDir || volume.emptyDir.medium !== 'Memory') {
    const isEmptyDir = !!volume.emptyDir;
    report({
      at: unit.doc.rangeAt(isEmptyDir ? [...volume.path, 'emptyDir'] : [...volume.path, 'name'], isEmptyDir ? 'key' : 'value'),
      message: `With ${need.what}, /dev/shm must be memory-backed for NCCL, but the volume \`${volume.name}\` mounted there is ${isEmptyDir ? 'an `emptyDir` on the node\'s disk' : `a \`${volume.source ?? 'other'}\` volume`}. Use \`emptyDir: { medium: Memory }\`.`,
      fixes: isEmptyDir ? [{ title: 'Back /dev/shm with memory', edits: setValue(unit.doc, [...volume.path, 'emptyDir', 'medium'], 'Memory'), isPreferred: true }] : undefined,
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
    fixes: [{ title: `Use a ${need.recommended} /dev/shm`, edits: setValue(unit.doc, sizePath, need.recommended), isPreferred: true }],
  });
}
