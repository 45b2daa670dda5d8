import { insertAtPath, replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { count, relatedAt, runtimeName } from './support';

export default defineRule({
  meta: {
    id: 'scaling/parallelism-matches-gpus',
    area: 'scaling',
    severity: 'error',
    description: 'Tensor × pipeline parallel size equals the accelerators of one replica (per pod × nodes per replica).',
    rationale:
      'vLLM "Distributed inference and serving": the tensor-parallel size is the number of GPUs per node and the pipeline-parallel size the number of nodes; a server whose parallelism exceeds its GPUs fails to start, and GPUs beyond it sit idle while billed.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
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
