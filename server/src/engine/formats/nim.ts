import type { FormatAdapter } from './adapter';
import type { ProbeFacts } from '../facts/model';
import type { PathSegment } from '../parse/yaml';
import { schemaFormat } from './schemas';
import type { Json } from './workload';
import { FactBuilder, analyzePod, arr, makeResource, makeUnit, metadataFacts, num, obj, podWorkloadFacts, str, stringMap } from './workload';
import nimservice from '../../../../schemas/crds/nimservice-apps-v1alpha1.json';
import nimcache from '../../../../schemas/crds/nimcache-apps-v1alpha1.json';

const SCHEMAS: Readonly<Record<string, object>> = {
  'apps.nvidia.com/v1alpha1/NIMService': nimservice,
  'apps.nvidia.com/v1alpha1/NIMCache': nimcache,
};

/**
 * NVIDIA NIM operator (NVIDIA/k8s-nim-operator, `apps.nvidia.com/v1alpha1`). A NIMService is one NIM container
 * the operator renders into a Deployment (a LeaderWorkerSet with `multiNode`); what each field means, from
 * api/apps/v1alpha1/nimservice_types.go and the CRD (config/crd/bases/apps.nvidia.com_nimservices.yaml):
 * - `image.{repository,tag}`: the container image is `repository:tag` (GetImage); a model NIM's image names the
 *   model (`nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8.4`), so its tag pins the model as well as the server; a
 *   multi-LLM NIM (`nvcr.io/nim/nvidia/llm-nim`) takes the model from `NIM_MODEL_NAME` (`hf://…`, `ngc://…`).
 * - `replicas` (default 1, the Deployment's replicas); `scale.enabled` with `scale.hpa.{minReplicas,maxReplicas,
 *   metrics}` makes the operator create an HPA, and then `replicas` must not be set (CEL rule of the CRD).
 * - `resources`: the container's requests/limits, `nvidia.com/gpu` included (GPUs per pod).
 * - `expose.service.port` (default 8000): the API port, named `api` on the container (NIM_SERVER_PORT).
 * - `storage.nimCache.{name,profile}`: a NIMCache whose PVC holds the downloaded weights, mounted at
 *   `/model-store` (GetVolumes); `storage.pvc` / `storage.hostPath` / `storage.emptyDir` are the caches used when
 *   no NIMCache is named (without any, the NIM downloads the model on every start).
 * - `authSecret`: the Secret holding `NGC_API_KEY` (and optionally `HF_TOKEN`), injected as env from the Secret
 *   (GetStandardEnv); optional for air-gapped NIMs serving a pre-cached model.
 * - `multiNode.parallelism.{tensor,pipeline}`: a multi-node NIM on a LeaderWorkerSet (`backendType: lws`); the
 *   pipeline stages are the pods of a group and each pod holds `tensor` GPUs (config/samples/nim/serving/
 *   advanced/multi-node: 8 GPUs per pod, tensor 8, pipeline 2).
 * - `readinessProbe` / `livenessProbe` / `startupProbe`: `{enabled, probe}`; without `probe` the operator adds its
 *   own on `/v1/health/ready` (startup: 40 s delay, 180 × 10 s) and `/v1/health/live`, so a missing probe is not a
 *   defect here (like KServe and KubeRay, only stated probes are judged).
 * - `annotations` / `labels`: added to the pods (the multi-node sample sets a CNI network annotation there);
 *   `userID` / `groupID` (defaults 1000 / 2000) run the pod as non-root; `metrics.enabled` adds a ServiceMonitor.
 * A NIMCache is indexed as a resource (a NIMService refers to it); it serves nothing itself.
 */
export const nimFormat: FormatAdapter = schemaFormat({
  id: 'nim',
  label: 'NVIDIA NIM',
  schemas: SCHEMAS,
  extract(doc, value, uri) {
    const kind = String(value.kind);
    if (kind !== 'NIMService') return { units: [], resources: [makeResource(uri, doc, String(value.apiVersion), kind, value)] };
    const f = new FactBuilder();
    const spec = obj(value.spec) ?? {};
    const name = str(obj(value.metadata)?.name) ?? 'nim';
    const annotations = metadataFacts(f, obj(value.metadata), ['metadata']);
    const podPath: PathSegment[] = ['spec'];
    const image = obj(spec.image) ?? {};
    const repository = str(image.repository);
    const tag = str(image.tag);
    const port = num(obj(obj(spec.expose)?.service)?.port) ?? 8000;
    // The container the operator renders, in Kubernetes' shape; its fields sit directly under `spec`.
    const container: Json = {
      name: `${name}-ctr`,
      image: repository ? (tag ? `${repository}:${tag}` : repository) : undefined,
      command: spec.command,
      args: spec.args,
      env: spec.env,
      resources: spec.resources,
      ports: [{ name: 'api', containerPort: port }],
      imagePullPolicy: image.pullPolicy,
      ...Object.fromEntries(PROBES.flatMap((k) => (statedProbe(spec, k) ? [[k, statedProbe(spec, k)]] : []))),
    };
    // The operator runs the pod as `userID` (default 1000) and group `groupID` (default 2000) (GetUserID, GetGroupID).
    const pod: Json = {
      nodeSelector: spec.nodeSelector,
      tolerations: spec.tolerations,
      affinity: spec.affinity,
      securityContext: { runAsUser: spec.userID ?? 1000, fsGroup: spec.groupID ?? 2000 },
    };
    const analysis = analyzePod({ spec: pod, path: podPath, labels: { app: name, ...stringMap(spec.labels) }, annotations: stringMap(spec.annotations), extraContainers: [{ value: container, path: podPath }], assumeRuntime: 'nim', metadataPath: ['spec'] });
    // Probes live at `spec.<kind>Probe.probe`, so fixes that edit a probe write NIM's shape.
    const c = analysis.pod.containers[0];
    for (const k of ['readiness', 'liveness', 'startup'] as const) {
      const p: ProbeFacts | undefined = c.probes?.[k];
      if (p) p.path = ['spec', `${k}Probe`, 'probe'];
    }
    podWorkloadFacts(f, { podSpec: pod, podPath, analysis });
    f.set('serving.runtime', 'nim', ['spec', 'image']);
    f.set('serving.protocol', 'openai', ['spec', 'expose']);
    f.set('serving.port', port, ['spec', 'expose', 'service', 'port']);
    f.at('serving.port', ['spec', 'expose']);
    // A model NIM's image is its model, judged (and pinned) as the image; a multi-LLM NIM names it in NIM_MODEL_NAME.
    f.at('model', ['spec', 'image']);
    // `metrics.enabled` makes the operator create a ServiceMonitor for the service (IsServiceMonitorEnabled).
    const metrics = obj(spec.metrics);
    if (typeof metrics?.enabled === 'boolean') f.set('monitoring.metrics.scrape', metrics.enabled, ['spec', 'metrics', 'enabled']);
    parallelismFacts(f, spec);
    storageFacts(f, spec);
    scalingFacts(f, spec);
    const unit = makeUnit({ uri, doc, format: 'nim', kind, value, facts: f, annotations, pod: analysis.pod, isModelServer: true });
    // The NIM operator renders the pod (probes, /dev/shm, the container's securityContext) from the NIMService.
    unit.platformFillsPod = true;
    for (const c of [...(analysis.pod.initContainers ?? []), ...analysis.pod.containers]) c.completedElsewhere = true;
    return { units: [unit], resources: [] };
  },
});

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** A probe the manifest states and does not disable (`{enabled, probe}`); the operator's defaults are not facts. */
function statedProbe(spec: Json, key: (typeof PROBES)[number]): Json | undefined {
  const p = obj(spec[key]);
  return p && p.enabled !== false ? obj(p.probe) : undefined;
}

/**
 * Multi-node: tensor × pipeline over `pipeline` pods. A single-node NIM picks its parallelism from the engine
 * profile (`storage.nimCache.profile`, NIM_MODEL_PROFILE), which the manifest does not state: the facts are
 * recorded as stated-but-unknown so parallelism rules stay silent.
 */
function parallelismFacts(f: FactBuilder, spec: Json): void {
  const multiNode = obj(spec.multiNode);
  const pp: PathSegment[] = ['spec', 'multiNode', 'parallelism'];
  const parallelism = obj(multiNode?.parallelism);
  if (!multiNode) {
    f.at('resources.tensorParallelSize', ['spec']);
    return;
  }
  const tensor = num(parallelism?.tensor);
  const pipeline = num(parallelism?.pipeline);
  if (tensor !== undefined) f.set('resources.tensorParallelSize', tensor, [...pp, 'tensor']);
  else f.at('resources.tensorParallelSize', [...pp, 'tensor']);
  f.set('resources.pipelineParallelSize', pipeline, [...pp, 'pipeline']);
  f.set('resources.nodesPerReplica', pipeline ?? 1, pipeline !== undefined ? [...pp, 'pipeline'] : ['spec', 'multiNode']);
}

/** Where the weights come from: a NIMCache's or an own PVC, a host path, else a download on every start. */
function storageFacts(f: FactBuilder, spec: Json): void {
  const storage = obj(spec.storage) ?? {};
  const sp: PathSegment[] = ['spec', 'storage'];
  f.at('scaling.caching', sp);
  const cache = str(obj(storage.nimCache)?.name);
  const pvc = obj(storage.pvc);
  if (cache) {
    f.set('scaling.caching.modelWeights', 'pvc', [...sp, 'nimCache', 'name']);
    f.set('scaling.caching.mountPath', '/model-store', [...sp, 'nimCache']);
  } else if (pvc && (str(pvc.name) || pvc.create === true)) {
    f.set('scaling.caching.modelWeights', 'pvc', [...sp, 'pvc']);
    f.set('scaling.caching.claimName', str(pvc.name), [...sp, 'pvc', 'name']);
    f.set('scaling.caching.accessMode', str(pvc.volumeAccessMode), [...sp, 'pvc', 'volumeAccessMode']);
    f.set('scaling.caching.size', str(pvc.size), [...sp, 'pvc', 'size']);
    f.set('scaling.caching.mountPath', '/model-store', [...sp, 'pvc']);
  } else if (str(storage.hostPath)) f.set('scaling.caching.modelWeights', 'node-local', [...sp, 'hostPath']);
  else f.set('scaling.caching.modelWeights', 'download', obj(spec.storage) ? sp : ['spec']);
}

/**
 * `replicas` (default 1), or the HPA of `scale` when enabled. With `inferencePlatform: kserve` the operator renders
 * an InferenceService, which KServe scales (Knative's `autoscaling.knative.dev/min-scale` / `max-scale` in
 * `spec.annotations` bound it). A fixed `replicas` states no maximum: the way to scale a NIM is `scale`, not a
 * larger count, so no maximum is set for rules to raise.
 */
function scalingFacts(f: FactBuilder, spec: Json): void {
  f.at('scaling', ['spec']);
  const scale = obj(spec.scale);
  const hpa = obj(scale?.hpa);
  if (scale?.enabled === true) {
    const hp: PathSegment[] = ['spec', 'scale', 'hpa'];
    f.set('scaling.autoscaler', 'hpa', ['spec', 'scale', 'enabled']);
    f.set('scaling.minReplicas', num(hpa?.minReplicas) ?? 1, [...hp, 'minReplicas']);
    f.set('scaling.maxReplicas', num(hpa?.maxReplicas), [...hp, 'maxReplicas']);
    f.at('scaling.minReplicas', [...hp, 'minReplicas']);
    f.at('scaling.maxReplicas', [...hp, 'maxReplicas']);
    const metric = obj(arr(hpa?.metrics)[0]);
    const type = str(metric?.type);
    if (type) f.set('scaling.metric', { type: type.toLowerCase(), name: str(obj(obj(metric?.[type.charAt(0).toLowerCase() + type.slice(1)])?.metric)?.name) }, [...hp, 'metrics', 0]);
    return;
  }
  const replicas = num(spec.replicas);
  f.set('scaling.minReplicas', replicas, ['spec', 'replicas']);
  f.at('scaling.minReplicas', ['spec', 'replicas']);
  if (str(spec.inferencePlatform) !== 'kserve') return;
  f.set('scaling.autoscaler', 'kserve', ['spec', 'inferencePlatform']);
  const annotations = stringMap(spec.annotations);
  for (const [fact, key] of [['scaling.minReplicas', 'autoscaling.knative.dev/min-scale'], ['scaling.maxReplicas', 'autoscaling.knative.dev/max-scale']] as const) {
    const n = num(annotations[key]);
    if (n !== undefined) f.set(fact, n, ['spec', 'annotations', key]);
  }
}
