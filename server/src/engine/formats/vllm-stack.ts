import type { FormatAdapter } from './adapter';
import type { DeploymentUnit } from '../facts/model';
import type { PathSegment, YamlDocument } from '../parse/yaml';
import { schemaLookup } from './schemas';
import { helmValuesSchema } from './helm-values';
import type { Json } from './workload';
import { FactBuilder, analyzePod, arr, makeUnit, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import vllmruntime from '../../../../schemas/crds/vllmruntime-production-stack-v1alpha1.json';
import chartSchema from '../../../../schemas/charts/vllm-stack.values.schema.json';

/**
 * vLLM production-stack (vllm-project/production-stack): the operator's `VLLMRuntime` and the vllm-stack Helm
 * chart's values files. Neither holds a pod spec: the operator and the chart's templates render one Deployment
 * per runtime / per `servingEngineSpec.modelSpec[]` entry. The adapter renders the pod the same way (image
 * `repository:tag`, `vllm serve <modelURL>` with the `vllmConfig` flags, the simplified resource fields, the
 * chart's probes) so container rules judge it, and reports land on the values that produced each part. Fixes
 * written in Kubernetes' shape would not be valid here: these units offer none (`fixable: false`).
 */

const CRDS: Readonly<Record<string, object>> = { 'production-stack.vllm.ai/v1alpha1/VLLMRuntime': vllmruntime };

/** The chart's values schema, read as Helm reads it (an override file is merged with the chart's defaults). */
const VALUES_SCHEMA = helmValuesSchema(chartSchema as Json);

/** A values file of the vllm-stack chart, recognised by its shape (no apiVersion/kind). */
export function isVllmStackValues(value: Json): boolean {
  return value.apiVersion === undefined && value.kind === undefined && !!obj(value.servingEngineSpec);
}

export const vllmStackFormat: FormatAdapter = {
  id: 'vllm-stack',
  label: 'vLLM production-stack',
  matches: (apiVersion, kind) => `${apiVersion}/${kind}` in CRDS,
  matchesShape: isVllmStackValues,
  schemaFor: (apiVersion, kind) => (apiVersion === '' && kind === '' ? VALUES_SCHEMA : schemaLookup(CRDS)(apiVersion, kind)),
  schemaOptions: { unknownPropertySeverity: 'warning' },
  extract(doc, value, uri) {
    if (isVllmStackValues(value)) return { units: valuesUnits(doc, value, uri), resources: [] };
    return { units: [runtimeUnit(doc, value, uri)], resources: [] };
  },
};

/** How the rendered pod's Kubernetes paths map back to the values (or CRD fields) that produced them. */
type Aliases = Map<string, PathSegment[]>;
const key = (p: readonly PathSegment[]): string => JSON.stringify(p);

/**
 * The document seen through `aliases`: a rendered path (`…/image`, `…/readinessProbe`) is located at the value
 * that produced it, so findings on the rendered pod land on the right line.
 */
function aliasedDocument(doc: YamlDocument, aliases: Aliases): YamlDocument {
  const view = Object.create(doc) as YamlDocument;
  const resolve = (path: readonly PathSegment[], depth: number): readonly PathSegment[] => {
    for (let n = path.length; n > 0 && depth < 4; n--) {
      const to = aliases.get(key(path.slice(0, n)));
      if (to) return resolve([...to, ...path.slice(n)], depth + 1);
    }
    return path;
  };
  view.locate = (path) => doc.locate(resolve(path, 0));
  return view;
}

interface Rendered {
  /** Path of the rendered container (the modelSpec entry, or the VLLMRuntime's `spec`). */
  at: PathSegment[];
  /** Pod-level settings the chart renders (securityContext, affinity, PVC volume), with where each comes from. */
  pod?: { spec: Json; at: Record<string, PathSegment[]>; labels?: Record<string, string>; annotations?: Record<string, string> };
  container?: { spec: Json; at: Record<string, PathSegment[]> };
  image?: string;
  imageAt: PathSegment[];
  model?: string;
  modelAt: PathSegment[];
  /** Flags with the path of the value each comes from. */
  flags: { text: string; at: PathSegment[] }[];
  env: unknown[];
  envAt: PathSegment[];
  resources: { requests: Json; limits: Json };
  resourceAt: Record<string, PathSegment[]>;
  probes: Json;
  probeAt: Record<string, PathSegment[]>;
  shm?: { size: unknown; at: PathSegment[] };
  replicas: number | undefined;
  replicasAt: PathSegment[];
}

/** Facts of the pod the chart or the operator renders, with the aliases that place them in the source. */
function renderedUnit(doc: YamlDocument, uri: string, kind: string, meta: Json, r: Rendered, f: FactBuilder, annotations: Record<string, string>): DeploymentUnit {
  const aliases: Aliases = new Map();
  const c = r.at;
  aliases.set(key([...c, 'image']), r.imageAt);
  aliases.set(key([...c, 'command', 2]), r.modelAt);
  r.flags.forEach((flag, i) => aliases.set(key([...c, 'args', i]), flag.at));
  aliases.set(key([...c, 'env']), r.envAt);
  for (const [name, at] of Object.entries(r.resourceAt)) {
    aliases.set(key([...c, 'resources', 'requests', name]), at);
    aliases.set(key([...c, 'resources', 'limits', name]), at);
  }
  for (const [probe, at] of Object.entries(r.probeAt)) aliases.set(key([...c, probe]), at);
  const container: Json = {
    name: 'vllm',
    image: r.image,
    command: r.model ? ['vllm', 'serve', r.model] : ['vllm', 'serve'],
    args: r.flags.map((x) => x.text),
    env: r.env,
    ports: [{ name: 'container-port', containerPort: 8000 }],
    resources: r.resources,
    ...r.probes,
    ...r.container?.spec,
    volumeMounts: [...(r.shm ? [{ name: 'shm', mountPath: '/dev/shm' }] : []), ...arr(r.container?.spec.volumeMounts)],
  };
  const podSpec: Json = { ...r.pod?.spec, containers: [container], volumes: [...(r.shm ? [{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: r.shm.size } }] : []), ...arr(r.pod?.spec.volumes)] };
  // The rendered pod spec sits at `c` (containers[0] at `c` itself): paths are mapped through the aliases.
  const podPath = [...c, '#pod'];
  for (const [k, at] of Object.entries(r.container?.at ?? {})) aliases.set(key([...c, k]), at);
  for (const [k, at] of Object.entries(r.pod?.at ?? {})) aliases.set(key([...podPath, k]), at);
  aliases.set(key([...podPath, 'containers', 0]), c);
  arr(podSpec.volumes).forEach((_, i) => aliases.set(key([...podPath, 'volumes', i]), i === 0 && r.shm ? r.shm.at : (r.pod?.at.volumes ?? c)));
  aliases.set(key(podPath), c);
  const analysis = analyzePod({ spec: podSpec, path: podPath, labels: r.pod?.labels ?? {}, annotations: r.pod?.annotations ?? {}, assumeRuntime: 'vllm' });
  podWorkloadFacts(f, { podSpec, podPath, analysis });
  f.at('scaling', c);
  // A fixed replica count sets no maximum: only an autoscaler (KEDA) states a range.
  f.set('scaling.minReplicas', r.replicas, r.replicasAt);
  f.at('scaling.minReplicas', r.replicasAt);
  const view = aliasedDocument(doc, aliases);
  const unit = makeUnit({ uri, doc: view, format: 'vllm-stack', kind, value: { metadata: meta }, facts: f, annotations, pod: analysis.pod, isModelServer: true });
  // The chart or operator renders the pod from these settings.
  unit.platformFillsPod = true;
  unit.fixable = false;
  return unit;
}

/** vLLM flags from a `vllmConfig` block (chart and operator spell them alike), then its `extraArgs`. */
function vllmFlags(config: Json | undefined, at: PathSegment[]): Rendered['flags'] {
  const flags: Rendered['flags'] = [];
  const add = (flag: string, k: string): void => {
    const v = config?.[k];
    if (v === undefined || v === null || v === '') return;
    flags.push({ text: flag, at: [...at, k] }, { text: String(v), at: [...at, k] });
  };
  add('--tensor-parallel-size', 'tensorParallelSize');
  add('--max-model-len', 'maxModelLen');
  add('--dtype', 'dtype');
  add('--gpu-memory-utilization', 'gpuMemoryUtilization');
  add('--max-num-seqs', 'maxNumSeqs');
  add('--port', 'port');
  arr(config?.extraArgs).forEach((a, i) => {
    const s = str(a);
    if (s !== undefined) flags.push({ text: s, at: [...at, 'extraArgs', i] });
  });
  return flags;
}

/** The chart's default probes (vllm-stack values.yaml, `servingEngineSpec.*Probe`). */
const CHART_PROBES: Readonly<Record<string, Json>> = {
  startupProbe: { initialDelaySeconds: 15, periodSeconds: 10, failureThreshold: 60, httpGet: { path: '/health', port: 8000 } },
  livenessProbe: { initialDelaySeconds: 15, periodSeconds: 10, failureThreshold: 3, httpGet: { path: '/health', port: 8000 } },
  readinessProbe: { initialDelaySeconds: 15, periodSeconds: 5, failureThreshold: 3, httpGet: { path: '/health', port: 8000 } },
};

/** Helm's merge of a values file over the chart's defaults: maps merge key by key, `null` deletes. */
function merged(defaults: Json, over: Json | undefined): Json {
  const out: Json = { ...defaults };
  for (const [k, v] of Object.entries(over ?? {})) {
    if (v === null) delete out[k];
    else out[k] = obj(v) && obj(out[k]) ? merged(obj(out[k])!, obj(v)) : v;
  }
  return out;
}

/** The chart's probes: its defaults with `servingEngineSpec.*Probe` of this file merged over them. */
function chartProbes(engine: Json): { probes: Json; probeAt: Record<string, PathSegment[]> } {
  const probes: Json = {};
  const probeAt: Record<string, PathSegment[]> = {};
  for (const [k, defaults] of Object.entries(CHART_PROBES)) {
    // An override may set a probe to null: Helm then drops the chart's default and the template renders none.
    if (k in engine && engine[k] === null) continue;
    probes[k] = merged(defaults, obj(engine[k]));
    probeAt[k] = ['servingEngineSpec', k];
  }
  return { probes, probeAt };
}

/** One unit per `servingEngineSpec.modelSpec[]` entry the chart deploys (`enabled: false` ones are not). */
function valuesUnits(doc: YamlDocument, value: Json, uri: string): DeploymentUnit[] {
  const engine = obj(value.servingEngineSpec) ?? {};
  if (engine.enableEngine === false) return [];
  const { probes, probeAt } = chartProbes(engine);
  return arr(engine.modelSpec).flatMap((m, i) => {
    const spec = obj(m);
    if (!spec || spec.enabled === false) return [];
    const at: PathSegment[] = ['servingEngineSpec', 'modelSpec', i];
    const f = new FactBuilder();
    const name = str(spec.name);
    const annotations = metadataFacts(f, { name, labels: spec.labels, annotations: spec.annotations }, at);
    const repository = str(spec.repository);
    const tag = str(spec.tag);
    const config = obj(spec.vllmConfig);
    const gpuType = str(spec.requestGPUType) ?? 'nvidia.com/gpu';
    const raw = obj(spec.resources);
    const simple = (k: string): unknown => (spec[k] === '' ? undefined : spec[k]);
    // A raw `resources` block takes priority over the simplified fields (values.yaml); GPU limits equal requests.
    const resources = raw && Object.keys(raw).length
      ? { requests: obj(raw.requests) ?? {}, limits: obj(raw.limits) ?? {} }
      : {
          requests: dropUndefined({ cpu: simple('requestCPU'), memory: simple('requestMemory'), [gpuType]: simple('requestGPU') }),
          limits: dropUndefined({ cpu: simple('limitCPU'), memory: simple('limitMemory'), [gpuType]: simple('requestGPU') }),
        };
    const resourceAt: Record<string, PathSegment[]> = raw && Object.keys(raw).length ? {} : { cpu: [...at, 'requestCPU'], memory: [...at, 'requestMemory'], [gpuType]: [...at, 'requestGPU'] };
    const env: unknown[] = [...arr(spec.env)];
    const hfToken = spec.hf_token;
    if (typeof hfToken === 'string' && hfToken) env.push({ name: 'HF_TOKEN', value: hfToken });
    else if (obj(hfToken)) env.push({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: str(obj(hfToken)!.secretName), key: str(obj(hfToken)!.secretKey) } } });
    const revision = str(spec.modelRevision);
    const flags = vllmFlags(config, [...at, 'vllmConfig']);
    if (revision) flags.unshift({ text: '--revision', at: [...at, 'modelRevision'] }, { text: revision, at: [...at, 'modelRevision'] });
    // Pod settings the chart takes from servingEngineSpec (shared by every model) or the entry.
    const engineAt = (k: string): PathSegment[] => ['servingEngineSpec', k];
    const nodeTerms = arr(spec.nodeSelectorTerms);
    const affinity = obj(spec.affinity) && Object.keys(obj(spec.affinity)!).length ? spec.affinity : nodeTerms.length ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: nodeTerms } } } : undefined;
    // With `pvcStorage` (or an existing claim) the chart mounts the model's PVC at /data and points HF_HOME there.
    const claim = str(spec.pvcExistingClaimName) ?? (str(spec.pvcStorage) ? `${name ?? 'model'}-storage-claim` : undefined);
    if (claim) env.push({ name: 'HF_HOME', value: '/data' });
    const unit = renderedUnit(doc, uri, 'modelSpec', { name }, {
      at,
      pod: {
        labels: { ...stringMap(engine.labels), ...stringMap(spec.podLabels) },
        annotations: stringMap(spec.podAnnotations),
        spec: {
          securityContext: engine.securityContext,
          affinity,
          tolerations: [...arr(engine.tolerations), ...arr(spec.tolerations)],
          volumes: claim ? [{ name: 'storage', persistentVolumeClaim: { claimName: claim } }] : [],
        },
        at: {
          securityContext: engineAt('securityContext'),
          affinity: [...at, obj(spec.affinity) ? 'affinity' : 'nodeSelectorTerms'],
          tolerations: [...at, 'tolerations'],
          volumes: [...at, spec.pvcExistingClaimName !== undefined ? 'pvcExistingClaimName' : 'pvcStorage'],
        },
      },
      container: {
        spec: { securityContext: engine.containerSecurityContext === undefined ? { runAsNonRoot: false } : engine.containerSecurityContext, volumeMounts: claim ? [{ name: 'storage', mountPath: '/data' }] : [] },
        at: { securityContext: engineAt('containerSecurityContext') },
      },
      image: repository ? (tag ? `${repository}:${tag}` : repository) : undefined,
      imageAt: [...at, tag !== undefined ? 'tag' : 'repository'],
      model: str(spec.modelURL),
      modelAt: [...at, 'modelURL'],
      flags,
      env,
      envAt: [...at, 'env'],
      resources,
      resourceAt,
      probes,
      probeAt,
      // The chart mounts a memory-backed /dev/shm only when tensorParallelSize is set.
      shm: config?.tensorParallelSize !== undefined ? { size: spec.shmSize ?? '20Gi', at: [...at, spec.shmSize !== undefined ? 'shmSize' : 'vllmConfig'] } : undefined,
      replicas: num(spec.replicaCount),
      replicasAt: [...at, 'replicaCount'],
    }, f, annotations);
    // The env list the chart renders: `env` entries and, last, the HF token (a literal one is stored in a Secret
    // the chart generates, but it is written here, in the values file).
    const c = unit.pod!.containers[0];
    c.env.forEach((e, k) => {
      if (k >= arr(spec.env).length) e.path = e.name === 'HF_TOKEN' ? [...at, 'hf_token'] : [...at, 'pvcStorage'];
    });
    if (revision === undefined || revision === '') f.at('model.revision', [...at, 'modelRevision']);
    kedaFacts(f, obj(spec.keda), [...at, 'keda']);
    // `servingEngineSpec.serviceMonitor.enabled` renders a ServiceMonitor for the engines' metrics.
    const monitor = obj(engine.serviceMonitor);
    if (monitor?.enabled === true) f.set('monitoring.metrics.scrape', true, ['servingEngineSpec', 'serviceMonitor', 'enabled']);
    return [unit];
  });
}

function dropUndefined(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
}

function kedaFacts(f: FactBuilder, keda: Json | undefined, at: PathSegment[]): void {
  if (!keda || keda.enabled !== true) return;
  f.set('scaling.autoscaler', 'keda', at);
  f.set('scaling.minReplicas', num(keda.minReplicaCount) ?? 1, keda.minReplicaCount !== undefined ? [...at, 'minReplicaCount'] : at);
  f.set('scaling.maxReplicas', num(keda.maxReplicaCount), [...at, 'maxReplicaCount']);
}

/** A `VLLMRuntime`: the operator renders one Deployment from `model`, `vllmConfig` and `deploymentConfig`. */
function runtimeUnit(doc: YamlDocument, value: Json, uri: string): DeploymentUnit {
  const f = new FactBuilder();
  const meta = obj(value.metadata) ?? {};
  const annotations = metadataFacts(f, meta, ['metadata']);
  const spec = obj(value.spec) ?? {};
  const model = obj(spec.model) ?? {};
  const config = obj(spec.vllmConfig);
  const deployment = obj(spec.deploymentConfig) ?? {};
  const image = obj(deployment.image) ?? {};
  const dc: PathSegment[] = ['spec', 'deploymentConfig'];
  const res = obj(deployment.resources) ?? {};
  const gpuType = str(res.gpuType) ?? 'nvidia.com/gpu';
  const secret = obj(model.hfTokenSecret);
  const flags = vllmFlags(config, ['spec', 'vllmConfig']);
  const modelFlag = (flag: string, k: string): void => {
    if (model[k] !== undefined && model[k] !== null) flags.push({ text: flag, at: ['spec', 'model', k] }, { text: String(model[k]), at: ['spec', 'model', k] });
  };
  modelFlag('--max-model-len', 'maxModelLen');
  modelFlag('--dtype', 'dtype');
  const registry = str(image.registry);
  const name = str(image.name);
  // storageConfig: a PVC the operator creates and mounts at `mountPath` (the weights cache when HF_HOME points there).
  const storage = obj(spec.storageConfig);
  const mount = storage?.enabled === true ? (str(storage.mountPath) ?? '/data') : undefined;
  const unit = renderedUnit(doc, uri, 'VLLMRuntime', meta, {
    at: ['spec'],
    pod: { spec: { volumes: mount ? [{ name: 'storage', persistentVolumeClaim: { claimName: `${str(meta.name) ?? 'vllm'}-pvc` } }] : [] }, at: { volumes: ['spec', 'storageConfig'] } },
    container: { spec: { volumeMounts: mount ? [{ name: 'storage', mountPath: mount }] : [] }, at: {} },
    image: name ? (registry ? `${registry.replace(/\/+$/, '')}/${name}` : name) : undefined,
    imageAt: [...dc, 'image', 'name'],
    model: str(model.modelURL),
    modelAt: ['spec', 'model', 'modelURL'],
    flags,
    env: [
      ...arr(config?.env),
      ...(secret ? [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: str(secret.hfTokenSecretName), key: str(secret.hfTokenKeyName) } } }] : []),
    ],
    envAt: ['spec', 'vllmConfig', 'env'],
    resources: { requests: dropUndefined({ cpu: res.cpu, memory: res.memory, [gpuType]: res.gpu }), limits: dropUndefined({ [gpuType]: res.gpu }) },
    resourceAt: { cpu: [...dc, 'resources', 'cpu'], memory: [...dc, 'resources', 'memory'], [gpuType]: [...dc, 'resources', 'gpu'] },
    // The operator's probes are not in the resource (rules do not judge missing probes of this format).
    probes: {},
    probeAt: {},
    // ShmSize, when set, mounts a memory-backed emptyDir at /dev/shm (the CRD's description).
    shm: deployment.shmSize !== undefined ? { size: deployment.shmSize, at: [...dc, 'shmSize'] } : undefined,
    replicas: num(deployment.replicas),
    replicasAt: [...dc, 'replicas'],
  }, f, annotations);
  const autoscaling = obj(spec.autoscalingConfig);
  if (autoscaling?.enabled === true) {
    const at: PathSegment[] = ['spec', 'autoscalingConfig'];
    f.set('scaling.autoscaler', 'keda', at);
    f.set('scaling.minReplicas', num(autoscaling.minReplicas), [...at, 'minReplicas']);
    f.set('scaling.maxReplicas', num(autoscaling.maxReplicas), [...at, 'maxReplicas']);
  }
  return unit;
}
