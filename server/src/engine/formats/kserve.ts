import type { FormatAdapter } from './adapter';
import type { FactPath } from '../facts/model';
import type { PathSegment } from '../parse/yaml';
import type { RuntimeId } from '../runtime';
import { modelUri } from '../runtime';
import { schemaFormat } from './schemas';
import type { Json } from './workload';
import { FactBuilder, analyzePod, arr, makeResource, makeUnit, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import inferenceservice from '../../../../schemas/crds/inferenceservice-serving-v1beta1.json';
import servingruntime from '../../../../schemas/crds/servingruntime-serving-v1alpha1.json';
import clusterservingruntime from '../../../../schemas/crds/clusterservingruntime-serving-v1alpha1.json';
import llmisvcV1alpha1 from '../../../../schemas/crds/llminferenceservice-serving-v1alpha1.json';
import llmisvcV1alpha2 from '../../../../schemas/crds/llminferenceservice-serving-v1alpha2.json';

const SCHEMAS: Readonly<Record<string, object>> = {
  'serving.kserve.io/v1beta1/InferenceService': inferenceservice,
  'serving.kserve.io/v1alpha1/ServingRuntime': servingruntime,
  // A cluster-scoped ServingRuntime (same spec); InferenceServices of every namespace can use it.
  'serving.kserve.io/v1alpha1/ClusterServingRuntime': clusterservingruntime,
  'serving.kserve.io/v1alpha1/LLMInferenceService': llmisvcV1alpha1,
  'serving.kserve.io/v1alpha2/LLMInferenceService': llmisvcV1alpha2,
};

/** Predictor keys of an InferenceService that hold the model container, and the runtime each implies. */
const FRAMEWORKS: Readonly<Record<string, RuntimeId | 'kserve'>> = {
  model: 'kserve',
  huggingface: 'kserve',
  pytorch: 'torchserve',
  triton: 'triton',
  onnx: 'triton',
  tensorflow: 'kserve',
  sklearn: 'kserve',
  xgboost: 'kserve',
  lightgbm: 'kserve',
  pmml: 'kserve',
  paddle: 'kserve',
};

/** The native `scaling.metric.type` of each KServe `scaleMetric`. */
const SCALE_METRIC_TYPE: Readonly<Partial<Record<string, string>>> = { cpu: 'cpu', memory: 'memory', concurrency: 'running-requests', rps: 'rps' };

/** `modelFormat.name` / `runtime` of `predictor.model` → runtime. */
function modelRuntime(model: Json): RuntimeId | 'kserve' {
  const runtime = (str(model.runtime) ?? '').toLowerCase();
  const format = (str(obj(model.modelFormat)?.name) ?? '').toLowerCase();
  if (runtime.includes('vllm')) return 'vllm';
  if (runtime.includes('triton') || ['tensorrt', 'triton'].includes(format)) return 'triton';
  if (runtime.includes('torchserve') || format === 'pytorch') return 'torchserve';
  return 'kserve';
}

/**
 * What KServe fills in from its configuration, a ServingRuntime or an LLMInferenceServiceConfig where the manifest
 * does not show it: the protocol its predictors speak (KServe v1 unless `protocolVersion` says v2), the container's
 * image and resources, and the pod's nodeSelector, affinity and tolerations.
 */
const PLATFORM_FILLS: readonly FactPath[] = ['serving.protocol', 'serving.image', 'resources'];

export const kserveFormat: FormatAdapter = schemaFormat({
  id: 'kserve',
  label: 'KServe',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const kind = String(value.kind);
    if (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime') return { units: [], resources: [makeResource(uri, doc, String(value.apiVersion), kind, value)] };
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata']);
    const pod = kind === 'InferenceService' ? inferenceServiceFacts(f, spec) : llmInferenceServiceFacts(f, spec);
    // KServe's storage initializer downloads a Hub model at every start of a pod (no volume or cache named).
    if (/^hf:\/\//i.test(f.spec.model?.uri ?? '') && !f.spec.scaling?.caching?.modelWeights) f.set('scaling.caching.modelWeights', 'download', f.sourcePath('model.uri'));
    const unit = makeUnit({ uri, doc, format: 'kserve', kind, value, facts: f, annotations, pod, isModelServer: true });
    const name = unit.name;
    // KServe creates the pods' Services, labelled like the pods; it labels InferenceService predictor pods with the
    // resource's name, and what it creates for an LLMInferenceService as part of one (its samples' ServiceMonitor selects that).
    pod.controllerServices = true;
    pod.controllerLabels = kind === 'InferenceService' ? { 'serving.kserve.io/inferenceservice': name } : { 'app.kubernetes.io/part-of': 'llminferenceservice' };
    // Probes, /dev/shm and the rest of the serving container come from a ServingRuntime or LLMInferenceServiceConfig.
    unit.platformFillsPod = true;
    unit.platformScraping = { annotation: 'serving.kserve.io/enable-prometheus-scraping', configMap: 'inferenceservice-config' };
    unit.platformFills = PLATFORM_FILLS;
    return { units: [unit], resources: [] };
  },
});

function inferenceServiceFacts(f: FactBuilder, spec: Json) {
  const predictor = obj(spec.predictor) ?? {};
  const podPath: PathSegment[] = ['spec', 'predictor'];
  const key = Object.keys(FRAMEWORKS).find((k) => obj(predictor[k]));
  const modelSpec = key ? obj(predictor[key])! : undefined;
  const runtime = key === 'model' ? modelRuntime(modelSpec!) : key ? FRAMEWORKS[key] : undefined;
  const analysis = analyzePod({
    spec: predictor,
    path: podPath,
    labels: stringMap(predictor.labels),
    annotations: stringMap(predictor.annotations),
    extraContainers: key ? [{ value: modelSpec, path: [...podPath, key] }] : [],
    assumeRuntime: runtime && runtime !== 'kserve' ? runtime : undefined,
    // An InferenceService's pod labels and annotations are the predictor's own.
    metadataPath: podPath,
  });
  // KServe merges `predictor.model` (and the framework keys) with its ServingRuntime, and a `predictor.containers[]`
  // named `kserve-container` next to it into the model's container.
  for (const c of analysis.pod.containers) {
    if (c.path.length === podPath.length + 1 || (key && c.name === 'kserve-container')) c.completedElsewhere = true;
  }
  podWorkloadFacts(f, { podSpec: predictor, podPath, analysis });
  if (key) {
    const mp: PathSegment[] = [...podPath, key];
    f.set('serving.runtime', analysis.runtime?.runtime ?? runtime, key === 'model' ? [...mp, 'modelFormat'] : mp);
    const storageUri = str(modelSpec!.storageUri);
    if (storageUri) f.set('model.uri', modelUri(storageUri), [...mp, 'storageUri']);
    f.at('model', mp);
    f.at('model.uri', [...mp, 'storageUri']);
    // KServe's Hugging Face server pins with `--model_revision`.
    arr(modelSpec!.args).forEach((a, i) => {
      const m = /^--model_revision(?:=(.*))?$/.exec(str(a) ?? '');
      if (m) f.set('model.revision', m[1] ?? str(arr(modelSpec!.args)[i + 1]), [...mp, 'args', m[1] !== undefined ? i : i + 1]);
    });
    const protocol = str(modelSpec!.protocolVersion);
    if (protocol === 'v2') f.set('serving.protocol', 'open-inference-v2', [...mp, 'protocolVersion']);
    else if (protocol === 'grpc-v2') f.set('serving.protocol', 'grpc', [...mp, 'protocolVersion']);
  } else f.set('serving.runtime', analysis.runtime?.runtime ?? 'custom', [...podPath, 'containers']);
  // KServe scales every predictor (Knative or HPA); its default is one replica.
  f.at('scaling', podPath);
  f.set('scaling.autoscaler', 'kserve', podPath);
  f.set('scaling.minReplicas', num(predictor.minReplicas), [...podPath, 'minReplicas']);
  f.set('scaling.maxReplicas', num(predictor.maxReplicas), [...podPath, 'maxReplicas']);
  f.at('scaling.minReplicas', [...podPath, 'minReplicas']);
  f.at('scaling.maxReplicas', [...podPath, 'maxReplicas']);
  const metric = str(predictor.scaleMetric);
  if (metric) {
    // `scaleMetric` is a kind of metric (the native `scaling.metric.type`); Knative's `concurrency` counts running requests.
    f.set('scaling.metric', { type: SCALE_METRIC_TYPE[metric] ?? 'custom', name: SCALE_METRIC_TYPE[metric] ? undefined : metric, target: num(predictor.scaleTarget) }, [...podPath, 'scaleMetric']);
    f.at('scaling.metric.type', [...podPath, 'scaleMetric']);
    f.at('scaling.metric.target', [...podPath, 'scaleTarget']);
  }
  const canary = num(predictor.canaryTrafficPercent);
  if (canary !== undefined) {
    f.set('reliability.rollout.strategy', 'canary', [...podPath, 'canaryTrafficPercent']);
    f.set('reliability.rollout.steps', [canary], [...podPath, 'canaryTrafficPercent']);
  }
  f.at('reliability.rollout', podPath);
  const timeout = num(predictor.timeout);
  if (timeout !== undefined) f.set('serving.limits.requestTimeoutSeconds', timeout, [...podPath, 'timeout']);
  const concurrency = num(predictor.containerConcurrency);
  if (concurrency !== undefined) f.set('serving.limits.maxConcurrentRequests', concurrency, [...podPath, 'containerConcurrency']);
  return analysis.pod;
}

function llmInferenceServiceFacts(f: FactBuilder, spec: Json) {
  const template = obj(spec.template);
  const podPath: PathSegment[] = ['spec', 'template'];
  const analysis = analyzePod({ spec: template, path: podPath, labels: stringMap(spec.labels), annotations: stringMap(spec.annotations), assumeRuntime: 'vllm', metadataPath: ['spec'] });
  // KServe merges the containers with its LLMInferenceServiceConfig.
  for (const c of [...(analysis.pod.initContainers ?? []), ...analysis.pod.containers]) c.completedElsewhere = true;
  podWorkloadFacts(f, { podSpec: template, podPath, analysis });
  // KServe's LLMInferenceService runs vLLM (llm-d) unless a template says otherwise.
  f.set('serving.runtime', analysis.runtime?.runtime ?? 'vllm', template ? podPath : ['spec']);
  f.set('serving.protocol', 'openai', ['spec', 'router']);
  const model = obj(spec.model) ?? {};
  f.at('model', ['spec', 'model']);
  const uri = str(model.uri);
  if (uri) f.set('model.uri', modelUri(uri), ['spec', 'model', 'uri']);
  f.set('serving.servedModelName', str(model.name), ['spec', 'model', 'name']);
  const parallelism = obj(spec.parallelism);
  const pp: PathSegment[] = ['spec', 'parallelism'];
  f.set('resources.tensorParallelSize', num(parallelism?.tensor), [...pp, 'tensor']);
  f.set('resources.pipelineParallelSize', num(parallelism?.pipeline), [...pp, 'pipeline']);
  f.set('resources.dataParallelSize', num(parallelism?.data), [...pp, 'data']);
  f.set('resources.dataParallelSizeLocal', num(parallelism?.dataLocal), [...pp, 'dataLocal']);
  if (typeof parallelism?.expert === 'boolean') f.set('resources.expertParallel', parallelism.expert, [...pp, 'expert']);
  // With \`worker\`, KServe runs a LeaderWorkerSet whose size is data / dataLocal, else pipeline
  // (ParallelismSpec.GetSize, pkg/apis/serving/v1alpha1/llm_inference_service_types.go).
  if (obj(spec.worker)) {
    const data = num(parallelism?.data);
    const dataLocal = num(parallelism?.dataLocal);
    const pipeline = num(parallelism?.pipeline);
    const size = data !== undefined || dataLocal !== undefined ? Math.max(1, Math.floor(Math.max(data ?? 1, 1) / Math.max(dataLocal ?? 1, 1))) : pipeline;
    f.set('resources.nodesPerReplica', size, ['spec', 'worker']);
    f.at('resources.nodesPerReplica', ['spec', 'worker']);
  }
  f.at('scaling', ['spec']);
  const replicas = num(spec.replicas);
  f.set('scaling.minReplicas', replicas, ['spec', 'replicas']);
  f.set('scaling.maxReplicas', replicas, ['spec', 'replicas']);
  const scaling = obj(spec.scaling);
  if (scaling) {
    f.set('scaling.autoscaler', 'kserve', ['spec', 'scaling']);
    f.set('scaling.minReplicas', num(scaling.minReplicas), ['spec', 'scaling', 'minReplicas']);
    f.set('scaling.maxReplicas', num(scaling.maxReplicas), ['spec', 'scaling', 'maxReplicas']);
  }
  f.at('scaling.minReplicas', ['spec', 'replicas']);
  return analysis.pod;
}

