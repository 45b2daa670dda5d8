import type { DeploymentUnit } from '../../facts/model';
import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Fix, TextEdit } from '../../types';
import type { Report } from '../define';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { appendArg, flagRange, replaceNumber, sourceOf } from './kube';
import { count, runtimeName } from './support';
import { primaryContainer, relatedAt } from '../support/workload';

export default defineRule({
  meta: {
    id: 'scaling/parallelism-matches-gpus',
    area: 'scaling',
    severity: 'error',
    description: 'Tensor × pipeline parallel size equals the accelerators of one replica (per pod × nodes per replica).',
    rationale:
      'vLLM "Distributed inference and serving": the tensor-parallel size is the number of GPUs per node and the pipeline-parallel size the number of nodes; a server whose parallelism exceeds its GPUs fails to start, and GPUs beyond it sit idle while billed.',
    formats: ['modeldeployment', 'kubernetes', 'kserve', 'leaderworkerset'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    if (unit.format !== 'modeldeployment') {
      if (unit.isModelServer) checkKube(unit, report);
      return;
    }
    const r = unit.spec.resources;
    if (!r) return;
    const tpStated = count(r.tensorParallelSize);
    const ppStated = count(r.pipelineParallelSize);
    const tp = tpStated ?? 1;
    const pp = ppStated ?? 1;
    const nodes = count(r.nodesPerReplica) ?? 1;
    const need = tp * pp;
    const perPod = count(r.accelerator?.count);
    const server = runtimeName(unit.spec.serving?.runtime);
    const parallelPath = tpStated !== undefined ? 'resources.tensorParallelSize' : 'resources.pipelineParallelSize';
    const formula = `\`tensorParallelSize\` (${tp}) × \`pipelineParallelSize\` (${pp}) = ${need}`;

    if (perPod === undefined) {
      // No GPU count: only a stated parallelism above 1 tells how many GPUs are needed.
      if (need <= 1 || need % nodes !== 0) return;
      report({
        at: parallelPath,
        message: `${formula} needs ${need} accelerators per replica, but \`resources.accelerator.count\` is not stated, so the pods get no GPUs for the shards. State \`accelerator.count: ${need / nodes}\`${nodes > 1 ? ` per node (${nodes} nodes per replica)` : ''}.`,
        fixes: [{ title: `Set resources.accelerator.count to ${need / nodes}`, edits: insertAtPath(unit.doc, ['resources', 'accelerator', 'count'], String(need / nodes)), isPreferred: true }],
      });
      return;
    }

    const have = perPod * nodes;
    if (have === need || (perPod === 0 && need === 1)) return;
    const haveText = `${perPod} accelerator${perPod === 1 ? '' : 's'} per pod${nodes > 1 ? ` × ${nodes} nodes per replica = ${have}` : ''}`;

    if (tpStated === undefined && ppStated === undefined) {
      // Several GPUs, parallelism left at its default of 1: the server uses one GPU.
      const tpFix = have;
      report({
        at: 'resources.accelerator.count',
        message: `Each replica has ${haveText}, but \`resources.tensorParallelSize\` is not stated, so it defaults to 1: ${server} shards the model over one GPU and the ${have === 2 ? 'other one sits' : `other ${have - 1} sit`} idle. Set \`tensorParallelSize: ${tpFix}\` (or \`pipelineParallelSize\` across nodes).`,
        fixes: [{ title: `Set resources.tensorParallelSize to ${tpFix}`, edits: insertAtPath(unit.doc, ['resources', 'tensorParallelSize'], String(tpFix)), isPreferred: true }],
      });
      return;
    }

    const consequence =
      need > have
        ? `${server} needs one GPU per shard and fails to start with fewer`
        : `${have - need} accelerator${have - need === 1 ? ' per replica sits' : 's per replica sit'} idle while billed`;
    const fixes: Fix[] = [];
    if (need % nodes === 0) {
      fixes.push({ title: `Set resources.accelerator.count to ${need / nodes}`, edits: replaceValue(unit.doc, ['resources', 'accelerator', 'count'], String(need / nodes)) });
    }
    if (have > 0 && have % pp === 0) {
      const tpFix = have / pp;
      fixes.push({
        title: `Set resources.tensorParallelSize to ${tpFix}`,
        edits: tpStated !== undefined ? replaceValue(unit.doc, ['resources', 'tensorParallelSize'], String(tpFix)) : insertAtPath(unit.doc, ['resources', 'tensorParallelSize'], String(tpFix)),
      });
    }
    report({
      at: parallelPath,
      message: `${formula}, but each replica has ${haveText}: ${consequence}. Make the parallelism and \`resources.accelerator.count\` agree.`,
      related: [relatedAt(unit, 'resources.accelerator.count', 'accelerators per pod')],
      fixes,
    });
  },
});

/** Runtimes whose tensor-parallel size defaults to 1 whatever the GPUs (TGI shards over all visible GPUs, NIM picks a profile). */
const TP_DEFAULTS_TO_ONE = new Set(['vllm', 'sglang']);

/** The flag that sets the tensor-parallel size, per runtime. */
const TP_FLAG: Record<string, string> = { vllm: '--tensor-parallel-size', sglang: '--tp', tgi: '--num-shard' };
const TP_FLAGS = ['--tensor-parallel-size', '-tp', '--num-shard', '--tp', '--tp-size'];

/**
 * Kubernetes-family pods: the parallelism of the runtime's flags (or `spec.parallelism` of an LLMInferenceService)
 * against the accelerator limit of the serving container, times the pods of one replica (LeaderWorkerSet `size`).
 * Without an accelerator limit nothing is judged (CPU builds, DRA claims): gpu-limits covers the GPU nodes.
 */
function checkKube(unit: DeploymentUnit, report: (r: Report) => void): void {
  const r = unit.spec.resources;
  const c = primaryContainer(unit);
  const perPod = count(r?.accelerator?.count);
  const resourceName = r?.accelerator?.resourceName;
  if (!r || !c || perPod === undefined || perPod === 0 || typeof resourceName !== 'string') return;
  const tpStated = count(r.tensorParallelSize);
  const ppStated = count(r.pipelineParallelSize);
  const tp = tpStated ?? 1;
  const pp = ppStated ?? 1;
  const nodes = count(r.nodesPerReplica) ?? 1;
  const need = tp * pp;
  const have = perPod * nodes;
  if (need === have) return;
  const runtime = unit.spec.serving?.runtime;
  const server = runtimeName(runtime);
  const gpuText = `${perPod} \`${resourceName}\` per pod${nodes > 1 ? ` × ${nodes} pods per replica = ${have}` : ''}`;
  const limitEdits = (n: number): TextEdit[] =>
    (['limits', 'requests'] as const).flatMap((list) => (c.resources?.[list]?.[resourceName] !== undefined ? replaceValue(unit.doc, [...c.path, 'resources', list, resourceName], `"${n}"`) : []));

  if (tpStated === undefined && ppStated === undefined) {
    if (typeof runtime !== 'string' || !TP_DEFAULTS_TO_ONE.has(runtime) || have <= 1 || nodes > 1) return;
    const flag = TP_FLAG[runtime];
    const edits = appendArg(unit.doc, c, `${flag}=${have}`);
    report({
      at: unit.doc.rangeAt([...c.path, 'resources', c.resources?.limits?.[resourceName] !== undefined ? 'limits' : 'requests', resourceName]),
      message: `Container ${c.name} has ${gpuText}, but no tensor-parallel size is set (\`${flag}\`), so it defaults to 1: ${server} runs the model on one GPU and the other ${have - 1 === 1 ? 'one sits' : `${have - 1} sit`} idle while billed. Add \`${flag}=${have}\`, or request 1 GPU.`,
      fixes: edits ? [{ title: `Add ${flag}=${have}`, edits, isPreferred: true }] : [],
    });
    return;
  }

  const tpSource = sourceOf(unit, 'resources.tensorParallelSize');
  const ppSource = sourceOf(unit, 'resources.pipelineParallelSize');
  const at = tpStated !== undefined && tpSource ? flagRange(unit.doc, tpSource, TP_FLAGS) : ppSource ? flagRange(unit.doc, ppSource, ['--pipeline-parallel-size', '-pp', '--pp', '--pp-size']) : 'resources.tensorParallelSize';
  const formula = `Tensor-parallel size ${tp} × pipeline-parallel size ${pp} = ${need} GPUs per replica`;
  const consequence =
    need > have
      ? `${server} needs one GPU per shard and fails to start with fewer`
      : `${have - need} GPU${have - need === 1 ? ' per replica sits' : 's per replica sit'} idle while billed`;
  const fixes: Fix[] = [];
  if (need % nodes === 0) fixes.push({ title: `Set ${resourceName} to ${need / nodes} per pod`, edits: limitEdits(need / nodes) });
  if (tpStated !== undefined && have % pp === 0) {
    const edits = replaceNumber(unit.doc, tpSource, TP_FLAGS, have / pp);
    if (edits.length) fixes.push({ title: `Set the tensor-parallel size to ${have / pp}`, edits });
  }
  report({
    at,
    message: `${formula}, but ${nodes > 1 ? 'the replica has' : `container ${c.name} has`} ${gpuText}: ${consequence}. Make the parallelism and the accelerator limit agree.`,
    related: [{ uri: unit.uri, range: unit.doc.rangeAt([...c.path, 'resources', c.resources?.limits?.[resourceName] !== undefined ? 'limits' : 'requests', resourceName]), message: 'accelerators per pod' }],
    fixes,
  });
}
