import type { AcceleratorUnit } from '../../facts/accelerators';
import { acceleratorResource, devicesPerPod, ranksPerUnit, unitsFit } from '../../facts/accelerators';
import type { DeploymentUnit } from '../../facts/model';
import { factValue , filledByPlatform } from '../../facts/model';
import { replaceValue } from '../../fix/edits';
import type { Fix, TextEdit } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { runtimeName } from './support';
import { primaryContainer, relatedAt } from '../support/workload';
import { appendArg, flagRange, replaceNumber, sourceOf } from '../support/kube';
import { count } from '../support/values';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'scaling/parallelism-matches-gpus',
    area: 'scaling',
    severity: 'error',
    description: 'Tensor × pipeline parallel size equals the accelerators of one replica (per pod × nodes per replica).',
    rationale:
      'vLLM "Distributed inference and serving": the tensor-parallel size is the number of GPUs per node and the pipeline-parallel size the number of nodes; a server whose parallelism exceeds its GPUs fails to start, and GPUs beyond it sit idle while billed.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    if (!unit.isModelServer) return;
    // The serving container's flags and limits, when the unit states its pods; else the parallelism it declares.
    if (primaryContainer(unit)) {
      checkPod(unit, report);
      return;
    }
    if (!unit.declaration) return;
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
        fixes: [lazyFix({ title: `Set resources.accelerator.count to ${need / nodes}`, edits: () => unit.edit.set('resources.accelerator.count', String(need / nodes)), isPreferred: true })],
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
        fixes: [lazyFix({ title: `Set resources.tensorParallelSize to ${tpFix}`, edits: () => unit.edit.set('resources.tensorParallelSize', String(tpFix)), isPreferred: true })],
      });
      return;
    }

    const consequence =
      need > have
        ? `${server} needs one GPU per shard and fails to start with fewer`
        : `${have - need} accelerator${have - need === 1 ? ' per replica sits' : 's per replica sit'} idle while billed`;
    const fixes: Fix[] = [];
    if (need % nodes === 0) {
      fixes.push(lazyFix({ title: `Set resources.accelerator.count to ${need / nodes}`, edits: () => unit.edit.set('resources.accelerator.count', String(need / nodes)) }));
    }
    if (have > 0 && have % pp === 0) {
      const tpFix = have / pp;
      fixes.push(lazyFix({
        title: `Set resources.tensorParallelSize to ${tpFix}`,
        edits: () => unit.edit.set('resources.tensorParallelSize', String(tpFix)),
      }));
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
const PP_FLAGS = ['--pipeline-parallel-size', '-pp', '--pp', '--pp-size'];
const DP_LOCAL_FLAGS = ['--data-parallel-size-local', '-dpl'];
/** A data-parallel flag anywhere in a command line (vLLM, SGLang). */
const DP_FLAG = /(^|\s)(--data-parallel-size|--data-parallel-size-local|--dp-size|--dp|-dp)(\s|=|$)/;

/** Parallelism facts whose value may be stated but unknown (`$(TP)` from a ConfigMap, `${TP}` in a script). */
const PARALLEL_FACTS = ['resources.tensorParallelSize', 'resources.pipelineParallelSize', 'resources.dataParallelSize', 'resources.dataParallelSizeLocal', 'resources.nodesPerReplica'] as const;

/** What one unit of each resource is, in messages. */
const UNIT_WORD: Readonly<Record<AcceleratorUnit, string>> = { gpu: 'GPU', mig: 'MIG device', 'tpu-chip': 'TPU chip', 'neuron-device': 'Neuron device', 'neuron-core': 'NeuronCore', hpu: 'Gaudi card' };

/**
 * Kubernetes-family pods: the parallelism of the runtime's flags (or `spec.parallelism` of an LLMInferenceService)
 * against the accelerator limit of the serving container, as each runtime counts devices: TP × PP × local DP per
 * pod, TP × PP over the pods of a multi-pod group (LeaderWorkerSet `size`, LLMInferenceService `worker`), TPU
 * chips or TensorCores, Neuron cores per device. Expert parallelism does not multiply the devices. Without an
 * accelerator limit, or with any input unknown, nothing is judged.
 */
function checkPod(unit: DeploymentUnit, report: (r: Report) => void): void {
  const r = unit.spec.resources;
  const c = primaryContainer(unit);
  const perPod = count(r?.accelerator?.count);
  const resourceName = r?.accelerator?.resourceName;
  const resource = typeof resourceName === 'string' ? acceleratorResource(resourceName) : undefined;
  if (!r || !c || perPod === undefined || perPod === 0 || typeof resourceName !== 'string' || !resource) return;
  // A value the manifest does not hold (a variable, a ConfigMap, a Kustomize replacement), or a patch fragment
  // whose base holds the command line, is not judged. A patch that sets `args` replaces its base's whole list
  // (strategic merge treats it as one value), so the flags it states are the server's.
  if (PARALLEL_FACTS.some((fact) => unit.sourcePath(fact) !== undefined && factValue(unit.spec, fact) === undefined)) return;
  if ((c.image === undefined || unit.partial) && !filledByPlatform(unit, 'serving.image') && c.args.length === 0) return;
  const tpStated = count(r.tensorParallelSize);
  const ppStated = count(r.pipelineParallelSize);
  const dp = count(r.dataParallelSize);
  const dpLocal = count(r.dataParallelSizeLocal);
  // Data-parallel ranks on a command line the runtime parser did not read (a script): the count is unknown.
  const line = [...c.command, ...c.args];
  if (dp === undefined && dpLocal === undefined && line.some((a) => DP_FLAG.test(a))) return;
  const nodes = count(r.nodesPerReplica) ?? 1;
  const need = devicesPerPod({ tensor: tpStated, pipeline: ppStated, data: dp, dataLocal: dpLocal, expert: r.expertParallel === true, nodes });
  if (!need) return;
  const perUnit = ranksPerUnit(resource, r.accelerator?.type);
  if (unitsFit(perPod, need.perPod, perUnit)) return;
  const runtime = unit.spec.serving?.runtime;
  const server = runtimeName(runtime);
  const word = UNIT_WORD[resource.unit];
  const have = perPod * nodes;
  const gpuText = `${perPod} \`${resourceName}\` per pod${nodes > 1 ? ` × ${nodes} pods per replica = ${have}` : ''}`;
  const limitPath = [...c.path, 'resources', c.resources?.limits?.[resourceName] !== undefined ? 'limits' : 'requests', resourceName];
  const limitEdits = (n: number): TextEdit[] =>
    (['limits', 'requests'] as const).flatMap((list) => (c.resources?.[list]?.[resourceName] !== undefined ? replaceValue(unit.doc, [...c.path, 'resources', list, resourceName], `"${n}"`) : []));
  const oneToOne = perUnit?.length === 1 && perUnit[0] === 1;

  if (tpStated === undefined && ppStated === undefined && dp === undefined && dpLocal === undefined) {
    // Nothing stated: vLLM and SGLang use one GPU. Other devices, multi-pod groups and vLLM-Omni (which places its
    // stages on devices of its own) are not judged.
    if (typeof runtime !== 'string' || !TP_DEFAULTS_TO_ONE.has(runtime) || resource.unit !== 'gpu' || perPod <= 1 || nodes > 1) return;
    if (/vllm-omni/.test(c.image ?? '') || line.some((a) => /(^|\s)--omni(\s|=|$)/.test(a))) return;
    const flag = TP_FLAG[runtime];
    const edits = appendArg(unit.doc, c, `${flag}=${perPod}`);
    report({
      at: unit.doc.rangeAt(limitPath),
      message: `Container ${c.name} has ${gpuText}, but no tensor-parallel size is set (\`${flag}\`), so it defaults to 1: ${server} runs the model on one GPU and the other ${perPod - 1 === 1 ? 'one sits' : `${perPod - 1} sit`} idle while billed. Add \`${flag}=${perPod}\`, or request 1 GPU.`,
      fixes: edits ? [{ title: `Add ${flag}=${perPod}`, edits, isPreferred: true }] : [],
    });
    return;
  }
  // A Ray cluster outside the pod may hold the missing devices (`RAY_ADDRESS` with the Ray executor).
  if (need.perPod > perPod && c.env?.some((e) => e.name === 'RAY_ADDRESS')) return;

  const tpSource = sourceOf(unit, 'resources.tensorParallelSize');
  const ppSource = sourceOf(unit, 'resources.pipelineParallelSize');
  const dplSource = sourceOf(unit, 'resources.dataParallelSizeLocal');
  const dataParallel = dp !== undefined || dpLocal !== undefined;
  // With data parallelism the local ranks are what most often disagree with the GPUs: point there.
  const at =
    dataParallel && dpLocal !== undefined && dplSource
      ? flagRange(unit.doc, dplSource, DP_LOCAL_FLAGS)
      : tpStated !== undefined && tpSource
        ? flagRange(unit.doc, tpSource, TP_FLAGS)
        : ppSource
          ? flagRange(unit.doc, ppSource, PP_FLAGS)
          : unit.doc.rangeAt(limitPath);
  const units = (n: number): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const formula = dataParallel
    ? `Parallelism ${need.formula} = ${units(need.perPod)} per pod`
    : `Tensor-parallel size ${tpStated ?? 1} × pipeline-parallel size ${ppStated ?? 1} = ${units(need.perGroup)} per replica`;
  const short = need.perPod > perPod;
  const perUnitText = oneToOne || !perUnit ? '' : ` (each \`${resourceName}\` holds ${perUnit.join(' or ')} rank${perUnit.length === 1 && perUnit[0] === 1 ? '' : 's'})`;
  const consequence = short
    ? `${server} needs one ${word} per rank and fails to start with fewer`
    : `${units(dataParallel ? perPod - need.perPod : have - need.perGroup)} ${dataParallel ? 'per pod' : 'per replica'} sit idle while billed`;
  const fixes: Fix[] = [];
  if (oneToOne && Number.isInteger(need.perPod)) fixes.push(lazyFix({ title: `Set ${resourceName} to ${need.perPod} per pod`, edits: () => limitEdits(need.perPod) }));
  const pp = ppStated ?? 1;
  const local = dataParallel ? (dpLocal ?? dp ?? 1) : 1;
  const tpFix = dataParallel ? perPod / (pp * local) : have / pp;
  if (oneToOne && tpStated !== undefined && Number.isInteger(tpFix) && tpFix >= 1) {
    const edits = replaceNumber(unit.doc, tpSource, TP_FLAGS, tpFix);
    if (edits.length) fixes.push({ title: `Set the tensor-parallel size to ${tpFix}`, edits });
  }
  report({
    at,
    message: `${formula}, but ${nodes > 1 && !dataParallel ? 'the replica has' : `container ${c.name} has`} ${dataParallel ? `${perPod} \`${resourceName}\` per pod` : gpuText}${perUnitText}: ${consequence}. Make the parallelism and the accelerator limit agree.`,
    related: [{ uri: unit.uri, range: unit.doc.rangeAt(limitPath), message: 'accelerators per pod' }],
    fixes,
  });
}
