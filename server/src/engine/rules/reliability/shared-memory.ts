import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys, num, parseQuantity, setValue, str } from './support';

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
    formats: ['modeldeployment'],
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
    const degree = tp !== undefined || pp !== undefined ? (tp ?? 1) * (pp ?? 1) : (gpus ?? 1);
    if (degree <= 1) return;
    const what =
      tp !== undefined || pp !== undefined
        ? `${tp !== undefined && tp > 1 ? `tensor parallelism (${tp})` : ''}${tp !== undefined && tp > 1 && pp !== undefined && pp > 1 ? ' and ' : ''}${pp !== undefined && pp > 1 ? `pipeline parallelism (${pp})` : ''}`
        : `${gpus} GPUs per replica`;
    const minSize = str(options.minSize) ?? '1Gi';
    const min = parseQuantity(minSize) ?? 2 ** 30;
    const recommended = str(options.recommendedSize) ?? '2Gi';
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
      fixes: [{ title: `Use a ${recommended} /dev/shm`, edits: setValue(unit, 'resources.sharedMemory', recommended), isPreferred: true }],
    });
  },
});
