import type { ContainerFacts, DeploymentUnit, FactPath, FormatId, KubeResource, NativeSpec, PodFacts, ProbeFacts, VolumeFacts } from '../facts/model';
import { factKeys, unitPods } from '../facts/model';
import type { PathSegment, YamlDocument } from '../parse/yaml';
import type { ParsedValue, RuntimeId, RuntimeMatch, TokenSource } from '../runtime';
import { asBoolean, asNumber, modelUri, parseRuntime, runtimeProtocol } from '../runtime';
import { isPlaceholder } from '../facts/placeholder';
import { ACCELERATOR_LABELS, GPU_MODEL_LABEL, acceleratorRequest } from '../facts/accelerators';
import { ANNOTATION_FACTS, type AnnotationValue } from './annotations';
import { workloadEditing } from './editor';
import { resourceFacts } from './resources';

/**
 * Shared by the Kubernetes-family adapters: reading plain values, recording facts with their source paths, and
 * turning a pod spec (Deployment, StatefulSet, LeaderWorkerSet, KServe, KubeRay) into `PodFacts` and native facts.
 */

export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
export const quantity = (v: unknown): string | number | undefined => (typeof v === 'number' || typeof v === 'string' ? v : undefined);

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v) ?? {})) {
    const s = str(x);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** Native facts being filled, with the source path of each. */
export class FactBuilder {
  readonly spec: NativeSpec = {};
  /** Source paths are shared, not copied (adapters build a fresh one per fact, and nothing writes to one). */
  private readonly paths = new Map<FactPath, readonly PathSegment[]>();

  /** Sets a fact (ignored when `value` is undefined) and records where it came from. */
  set(path: FactPath, value: unknown, source?: readonly PathSegment[]): void {
    if (value === undefined) return;
    // By the path's keys, split once per path: adapters set every fact of every unit through here.
    const keys = factKeys(path);
    let target = this.spec as Record<string, unknown>;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = target[keys[i]];
      if (next === null || typeof next !== 'object') target[keys[i]] = {};
      target = target[keys[i]] as Record<string, unknown>;
    }
    target[keys[keys.length - 1]] = value;
    if (source) this.paths.set(path, source);
  }

  /** Records where a fact lives or would be added, without a value. */
  at(path: FactPath, source: readonly PathSegment[], overwrite = false): void {
    if (overwrite || !this.paths.has(path)) this.paths.set(path, source);
  }

  readonly sourcePath = (path: FactPath): readonly PathSegment[] | undefined => this.paths.get(path);
}

function probeFacts(v: unknown, path: PathSegment[], ports: ContainerFacts['ports']): ProbeFacts | undefined {
  const p = obj(v);
  if (!p) return undefined;
  const type = (['httpGet', 'tcpSocket', 'exec', 'grpc'] as const).find((t) => p[t] !== undefined && p[t] !== null);
  const handler = type ? obj(p[type]) : undefined;
  const port = handler ? (typeof handler.port === 'number' ? handler.port : str(handler.port)) : undefined;
  const portNumber = typeof port === 'number' ? port : port !== undefined ? (num(port) ?? ports.find((x) => x.name === port)?.containerPort) : undefined;
  return {
    path,
    type,
    httpPath: type === 'httpGet' ? (str(handler?.path) ?? '/') : undefined,
    port,
    portNumber,
    initialDelaySeconds: num(p.initialDelaySeconds),
    periodSeconds: num(p.periodSeconds),
    timeoutSeconds: num(p.timeoutSeconds),
    failureThreshold: num(p.failureThreshold),
    successThreshold: num(p.successThreshold),
  };
}

function resourceList(v: unknown): Record<string, string | number> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, x] of Object.entries(o)) {
    const q = quantity(x);
    if (q !== undefined) out[k] = q;
  }
  return out;
}

/** Facts of one container at `path`. */
export function containerFacts(v: unknown, path: PathSegment[], init = false): ContainerFacts {
  const c = obj(v) ?? {};
  const ports = arr(c.ports)
    .map((p) => obj(p))
    .filter((p): p is Json => !!p && num(p.containerPort) !== undefined)
    .map((p) => ({ name: str(p.name), containerPort: num(p.containerPort)! }));
  const env = arr(c.env).map((e, i) => {
    const o = obj(e) ?? {};
    const valueFrom = obj(o.valueFrom);
    return { name: str(o.name) ?? '', value: o.value === undefined || o.value === null ? undefined : str(o.value), fromSecret: !!obj(valueFrom?.secretKeyRef), path: [...path, 'env', i] };
  });
  const sc = obj(c.securityContext);
  const resources = obj(c.resources);
  const facts: ContainerFacts = {
    name: str(c.name) ?? '',
    path,
    image: str(c.image),
    command: arr(c.command).map((x) => str(x) ?? ''),
    args: arr(c.args).map((x) => str(x) ?? ''),
    env,
    ports,
    probes: {
      readiness: probeFacts(c.readinessProbe, [...path, 'readinessProbe'], ports),
      liveness: probeFacts(c.livenessProbe, [...path, 'livenessProbe'], ports),
      startup: probeFacts(c.startupProbe, [...path, 'startupProbe'], ports),
    },
    resources: resources
      ? { requests: resourceList(resources.requests), limits: resourceList(resources.limits), claims: Array.isArray(resources.claims) ? arr(resources.claims).map((x) => str(obj(x)?.name) ?? '') : undefined }
      : undefined,
    volumeMounts: arr(c.volumeMounts)
      .map((m) => obj(m))
      .filter((m): m is Json => !!m)
      .map((m) => ({ name: str(m.name) ?? '', mountPath: str(m.mountPath) ?? '', readOnly: bool(m.readOnly) })),
    securityContext: sc
      ? {
          runAsNonRoot: bool(sc.runAsNonRoot),
          runAsUser: num(sc.runAsUser),
          allowPrivilegeEscalation: bool(sc.allowPrivilegeEscalation),
          privileged: bool(sc.privileged),
          readOnlyRootFilesystem: bool(sc.readOnlyRootFilesystem),
          capabilitiesAdd: arr(obj(sc.capabilities)?.add).map((x) => str(x) ?? ''),
        }
      : undefined,
    imagePullPolicy: str(c.imagePullPolicy),
    init: init || undefined,
  };
  return facts;
}

function volumeFacts(v: unknown, path: PathSegment[]): VolumeFacts | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const emptyDir = o.emptyDir === null ? {} : obj(o.emptyDir);
  const pvc = obj(o.persistentVolumeClaim);
  const source = Object.keys(o).find((k) => k !== 'name');
  return {
    name: str(o.name) ?? '',
    path,
    emptyDir: emptyDir || 'emptyDir' in o ? { medium: str(emptyDir?.medium), sizeLimit: quantity(emptyDir?.sizeLimit) } : undefined,
    persistentVolumeClaim: pvc ? { claimName: str(pvc.claimName), readOnly: bool(pvc.readOnly) } : undefined,
    source,
  };
}

export interface PodInput {
  /** The pod spec value and its source path. */
  spec: Json | undefined;
  path: PathSegment[];
  /** Labels and annotations of the pod template. */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Extra containers that are not in `spec.containers` (KServe's `predictor.model`), with their paths. */
  extraContainers?: { value: unknown; path: PathSegment[] }[];
  /** Runtime of the first container when nothing is detected (the resource's kind implies it). */
  assumeRuntime?: RuntimeId;
  /** Where the pods' labels and annotations are written, when not in the pod template's `metadata` next to `path`. */
  metadataPath?: PathSegment[];
}

export interface PodAnalysis {
  pod: PodFacts;
  runtime?: RuntimeMatch;
  /** Runtime per container index in `pod.containers`. */
  runtimes: (RuntimeMatch | undefined)[];
  /** Raw value per container index in `pod.containers`. */
  raw: Json[];
}

/** PodFacts of a pod spec, the runtime of each container, and the primary (serving) container. */
export function analyzePod(input: PodInput): PodAnalysis {
  const spec = input.spec ?? {};
  const containers: ContainerFacts[] = [];
  const raw: Json[] = [];
  for (const extra of input.extraContainers ?? []) {
    containers.push(containerFacts(extra.value, extra.path));
    raw.push(obj(extra.value) ?? {});
  }
  arr(spec.containers).forEach((c, i) => {
    containers.push(containerFacts(c, [...input.path, 'containers', i]));
    raw.push(obj(c) ?? {});
  });
  const toInput = (c: Json) => ({ image: str(c.image), command: arr(c.command), args: arr(c.args), env: arr(c.env).map((e) => obj(e) ?? {}) });
  const runtimes = raw.map((c) => parseRuntime(toInput(c)));
  if (input.assumeRuntime && raw.length > 0 && !runtimes.some((r) => !!r)) runtimes[0] = parseRuntime(toInput(raw[0]), input.assumeRuntime);
  runtimes.forEach((r, i) => {
    if (r) containers[i].runtime = r.runtime;
  });
  const primaryIndex = Math.max(0, runtimes.findIndex((r) => !!r));
  const sc = obj(spec.securityContext);
  const pod: PodFacts = {
    path: input.path,
    labels: input.labels ?? {},
    containers,
    hostIPC: bool(spec.hostIPC),
    hostPID: bool(spec.hostPID),
    hostNetwork: bool(spec.hostNetwork),
    initContainers: arr(spec.initContainers).map((c, i) => containerFacts(c, [...input.path, 'initContainers', i], true)),
    volumes: arr(spec.volumes)
      .map((v, i) => volumeFacts(v, [...input.path, 'volumes', i]))
      .filter((v): v is VolumeFacts => !!v),
    annotations: input.annotations,
    nodeSelector: obj(spec.nodeSelector) ? stringMap(spec.nodeSelector) : undefined,
    serviceAccountName: str(spec.serviceAccountName),
    securityContext: sc ? { runAsNonRoot: bool(sc.runAsNonRoot), runAsUser: num(sc.runAsUser), fsGroup: num(sc.fsGroup) } : undefined,
    primary: containers.length ? primaryIndex : undefined,
    metadataPath: input.metadataPath ?? [...input.path.slice(0, -1), 'metadata'],
  };
  return { pod, runtime: runtimes[primaryIndex], runtimes, raw };
}

/** Source path of a runtime token (a flag in command/args, or an env entry's value). */
function tokenPath(container: ContainerFacts, source: TokenSource): PathSegment[] {
  return source.list === 'env' ? [...container.path, 'env', source.index, 'value'] : [...container.path, source.list, source.index];
}


function annotationValue(value: string, as: AnnotationValue | undefined): unknown {
  const v = value.trim();
  switch (as) {
    case 'boolean':
      return ['true', 'yes', '1'].includes(v.toLowerCase()) ? true : ['false', 'no', '0'].includes(v.toLowerCase()) ? false : undefined;
    case 'personal-data':
      return ['none', 'false', 'no', '0'].includes(v.toLowerCase()) ? false : v ? true : undefined;
    case 'list':
      return v.split(',').map((s) => s.trim()).filter(Boolean);
    case 'count':
      return /^\d+$/.test(v) ? Number(v) : undefined;
    default:
      return v || undefined;
  }
}

/**
 * `metadata.*` facts and the facts ModelReady annotations state (owner, governance, monitoring, ...).
 * `templateMeta` (the pod template's metadata) is read too; the resource's own annotations win.
 */
export function metadataFacts(f: FactBuilder, meta: Json | undefined, metaPath: PathSegment[], templateMeta?: { value: Json | undefined; path: PathSegment[] }): Record<string, string> {
  const m = meta ?? {};
  f.at('metadata', metaPath);
  f.set('metadata.name', str(m.name), [...metaPath, 'name']);
  f.set('metadata.namespace', str(m.namespace), [...metaPath, 'namespace']);
  const labels = stringMap(m.labels);
  if (obj(m.labels)) f.set('metadata.labels', labels, [...metaPath, 'labels']);
  const own = stringMap(m.annotations);
  const template = stringMap(templateMeta?.value?.annotations);
  const annotations = { ...template, ...own };
  if (Object.keys(annotations).length) f.set('metadata.annotations', annotations, obj(m.annotations) ? [...metaPath, 'annotations'] : [...(templateMeta?.path ?? metaPath), 'annotations']);
  const annotationsPath = obj(m.annotations) ? [...metaPath, 'annotations'] : metaPath;
  for (const section of ['governance', 'monitoring', 'architecture']) f.at(section, annotationsPath);
  for (const { key, fact, as } of ANNOTATION_FACTS) {
    const inOwn = key in own;
    const value = inOwn ? own[key] : template[key];
    if (value === undefined) continue;
    f.set(fact, annotationValue(value, as), [...(inOwn ? metaPath : templateMeta!.path), 'annotations', key]);
  }
  // Prometheus scrape annotations (on the pod template, or the resource).
  const scrapeKey = (k: string): { value: string; path: PathSegment[] } | undefined =>
    k in own ? { value: own[k], path: [...metaPath, 'annotations', k] } : k in template ? { value: template[k], path: [...templateMeta!.path, 'annotations', k] } : undefined;
  const scrape = scrapeKey('prometheus.io/scrape');
  const mpath = scrapeKey('prometheus.io/path');
  const mport = scrapeKey('prometheus.io/port');
  if (scrape) f.set('monitoring.metrics.scrape', scrape.value.trim().toLowerCase() === 'true', scrape.path);
  if (mpath) f.set('monitoring.metrics.path', mpath.value, mpath.path);
  if (mport) f.set('monitoring.metrics.port', num(mport.value) ?? mport.value, mport.path);
  return annotations;
}


function acceleratorType(nodeSelector: Record<string, string> | undefined, affinity: Json | undefined): { type: string; key: string; from: 'nodeSelector' | 'affinity' } | undefined {
  const normalise = (s: string): string => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  for (const key of [...ACCELERATOR_LABELS, ...Object.keys(nodeSelector ?? {}).filter((k) => GPU_MODEL_LABEL.test(k))]) {
    const v = nodeSelector?.[key];
    if (v) return { type: normalise(v), key, from: 'nodeSelector' };
  }
  // A required node affinity on an accelerator label; with several allowed values the first names the type.
  const terms = arr(obj(obj(obj(affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms);
  for (const t of terms) {
    for (const e of arr(obj(t)?.matchExpressions)) {
      const x = obj(e);
      const key = str(x?.key);
      const values = arr(x?.values);
      if (key && (ACCELERATOR_LABELS.includes(key) || GPU_MODEL_LABEL.test(key)) && str(x?.operator) === 'In' && values.length >= 1 && str(values[0])) {
        return { type: normalise(str(values[0])!), key, from: 'affinity' };
      }
    }
  }
  return undefined;
}

export interface WorkloadOptions {
  podSpec: Json | undefined;
  podPath: PathSegment[];
  analysis: PodAnalysis;
}

/** Serving, model, resources and reliability facts from the primary container and its pod. */
export function podWorkloadFacts(f: FactBuilder, { podSpec, podPath, analysis }: WorkloadOptions): void {
  const spec = podSpec ?? {};
  const { pod, runtime } = analysis;
  const c = pod.primary !== undefined ? pod.containers[pod.primary] : undefined;
  if (!c) {
    f.at('serving', podPath);
    f.at('resources', podPath);
    return;
  }
  const cp = c.path;
  const rawContainer = analysis.raw[pod.primary!] ?? {};
  const raw = runtime?.facts ?? {};
  const src = (v: ParsedValue | undefined): PathSegment[] | undefined => (v ? tokenPath(c, v.source) : undefined);
  f.at('serving', cp);
  f.at('model', c.args.length ? [...cp, 'args'] : cp);
  f.at('reliability', cp);
  f.at('reliability.probes', cp);
  f.at('resources', obj(rawContainer.resources) ? [...cp, 'resources'] : cp);

  // Serving.
  f.set('serving.runtime', runtime?.runtime, runtime?.by === 'image' ? [...cp, 'image'] : c.command.length ? [...cp, 'command'] : [...cp, 'args']);
  f.set('serving.image', c.image, [...cp, 'image']);
  f.at('serving.image', [...cp, 'image']);
  const flagPort = asNumber(raw.port);
  if (flagPort !== undefined) f.set('serving.port', flagPort, src(raw.port));
  else if (c.ports.length) f.set('serving.port', c.ports[0].containerPort, [...cp, 'ports', 0, 'containerPort']);
  f.at('serving.port', [...cp, 'ports']);
  if (raw.trustRemoteCode) f.set('serving.trustRemoteCode', asBoolean(raw.trustRemoteCode) ?? true, src(raw.trustRemoteCode));
  if (raw.apiKey) f.set('serving.auth', 'api-key', src(raw.apiKey));
  if (raw.servedModelName) f.set('serving.servedModelName', raw.servedModelName.value, src(raw.servedModelName));
  if (runtime && runtimeProtocol(runtime.runtime)) f.set('serving.protocol', runtimeProtocol(runtime.runtime), f.sourcePath('serving.runtime'));
  if (c.args.length) f.set('serving.args', c.args, [...cp, 'args']);
  if (c.env.length) {
    const envRaw = arr(rawContainer.env);
    f.set(
      'serving.env',
      c.env.map((e, i) => {
        const secret = obj(obj(obj(envRaw[i])?.valueFrom)?.secretKeyRef);
        return { name: e.name, value: e.value, secretRef: secret ? { name: str(secret.name), key: str(secret.key) } : undefined };
      }),
      [...cp, 'env'],
    );
  }
  const psc = pod.securityContext;
  const csc = c.securityContext;
  f.at('serving.security', csc ? [...cp, 'securityContext'] : cp);
  if (csc?.runAsNonRoot !== undefined) f.set('serving.security.runAsNonRoot', csc.runAsNonRoot, [...cp, 'securityContext', 'runAsNonRoot']);
  else if (psc?.runAsNonRoot !== undefined) f.set('serving.security.runAsNonRoot', psc.runAsNonRoot, [...podPath, 'securityContext', 'runAsNonRoot']);
  if (csc?.allowPrivilegeEscalation !== undefined) f.set('serving.security.allowPrivilegeEscalation', csc.allowPrivilegeEscalation, [...cp, 'securityContext', 'allowPrivilegeEscalation']);
  if (csc?.privileged !== undefined) f.set('serving.security.privileged', csc.privileged, [...cp, 'securityContext', 'privileged']);
  if (csc?.readOnlyRootFilesystem !== undefined) f.set('serving.security.readOnlyRootFilesystem', csc.readOnlyRootFilesystem, [...cp, 'securityContext', 'readOnlyRootFilesystem']);
  for (const k of ['hostNetwork', 'hostIPC', 'hostPID'] as const) if (pod[k] !== undefined) f.set(`serving.security.${k}`, pod[k], [...podPath, k]);

  // Model.
  const model = raw.model;
  if (model && !isPlaceholder(model.value)) f.set('model.uri', modelUri(model.value), src(model));
  else if (model) f.at('model.uri', src(model)!);
  // A placeholder revision is set as written: the pin predicate (facts/model-pin.ts) reads it as unknown, not as unpinned.
  if (raw.revision) f.set('model.revision', raw.revision.value, src(raw.revision));
  if (raw.quantization && !isPlaceholder(raw.quantization.value)) f.set('model.quantization', raw.quantization.value, src(raw.quantization));
  if (raw.dtype && !isPlaceholder(raw.dtype.value)) f.set('model.dtype', raw.dtype.value, src(raw.dtype));
  const maxLen = asNumber(raw.maxModelLen);
  if (maxLen !== undefined) f.set('model.contextLength', maxLen, src(raw.maxModelLen));
  const maxInput = asNumber(raw.maxInputTokens);
  if (maxInput !== undefined) f.set('serving.limits.maxInputTokens', maxInput, src(raw.maxInputTokens));

  // Resources.
  const limits = c.resources?.limits;
  const requests = c.resources?.requests;
  const fromLimits = acceleratorRequest(limits);
  const gpu = fromLimits ?? acceleratorRequest(requests);
  if (gpu) {
    const at = [...cp, 'resources', fromLimits ? 'limits' : 'requests', gpu.name];
    f.set('resources.accelerator.count', gpu.count, at);
    f.set('resources.accelerator.resourceName', gpu.name, at);
    f.set('resources.accelerator.vendor', gpu.resource.vendor, at);
  }
  const accel = acceleratorType(pod.nodeSelector, obj(spec.affinity));
  if (accel) f.set('resources.accelerator.type', accel.type, accel.from === 'nodeSelector' ? [...podPath, 'nodeSelector', accel.key] : [...podPath, 'affinity']);
  for (const r of ['cpu', 'memory'] as const) {
    if (requests?.[r] !== undefined) f.set(`resources.${r}`, requests[r], [...cp, 'resources', 'requests', r]);
    else if (limits?.[r] !== undefined) f.set(`resources.${r}`, limits[r], [...cp, 'resources', 'limits', r]);
    if (limits?.[r] !== undefined) f.set(`resources.limits.${r}`, limits[r], [...cp, 'resources', 'limits', r]);
  }
  // Parallelism: a flag whose value is not a literal (`$(TP)` from a ConfigMap, `${TP}` in a script) records
  // where it is without a value, so rules know it is stated but unknown.
  const parallel = [
    ['tensorParallelSize', 'resources.tensorParallelSize'],
    ['pipelineParallelSize', 'resources.pipelineParallelSize'],
    ['dataParallelSize', 'resources.dataParallelSize'],
    ['dataParallelSizeLocal', 'resources.dataParallelSizeLocal'],
  ] as const;
  for (const [fact, path] of parallel) {
    const v = raw[fact];
    if (!v) continue;
    const n = asNumber(v);
    if (n !== undefined) f.set(path, n, src(v));
    else f.at(path, src(v)!);
  }
  if (raw.expertParallel) f.set('resources.expertParallel', asBoolean(raw.expertParallel) ?? true, src(raw.expertParallel));
  const shmMount = c.volumeMounts?.find((m) => m.mountPath.replace(/\/+$/, '') === '/dev/shm');
  const shm = shmMount ? pod.volumes?.find((v) => v.name === shmMount.name) : undefined;
  if (shm?.emptyDir && shm.emptyDir.medium === 'Memory') {
    const size = shm.emptyDir.sizeLimit ?? limits?.memory ?? requests?.memory;
    f.set('resources.sharedMemory', size, [...shm.path, 'emptyDir']);
  }
  f.at('resources.sharedMemory', [...podPath, 'volumes']);
  if (pod.nodeSelector) f.set('resources.nodeSelector', pod.nodeSelector, [...podPath, 'nodeSelector']);
  // Where a missing selector is added: the pod spec's own `nodeSelector` key (so edits write it and findings sit there).
  f.at('resources.nodeSelector', [...podPath, 'nodeSelector']);
  const tolerations = arr(spec.tolerations)
    .map((t) => obj(t))
    .filter((t): t is Json => !!t)
    .map((t) => ({ key: str(t.key), operator: str(t.operator), value: str(t.value), effect: str(t.effect), tolerationSeconds: num(t.tolerationSeconds) }));
  if (Array.isArray(spec.tolerations)) f.set('resources.tolerations', tolerations, [...podPath, 'tolerations']);
  f.at('resources.tolerations', [...podPath, 'tolerations']);

  // Weights: a PVC, node-local path or image volume mounted in the serving container, else downloaded.
  const mounted = (c.volumeMounts ?? []).map((m) => ({ m, v: pod.volumes?.find((v) => v.name === m.name) })).filter((x) => x.v);
  const pvc = mounted.find((x) => x.v!.persistentVolumeClaim);
  const local = mounted.find((x) => x.v!.source === 'hostPath');
  const image = mounted.find((x) => x.v!.source === 'image');
  if (pvc) {
    f.set('scaling.caching.modelWeights', 'pvc', pvc.v!.path);
    f.set('scaling.caching.claimName', pvc.v!.persistentVolumeClaim!.claimName, [...pvc.v!.path, 'persistentVolumeClaim', 'claimName']);
    f.set('scaling.caching.mountPath', pvc.m.mountPath, pvc.v!.path);
  } else if (local) f.set('scaling.caching.modelWeights', 'node-local', local.v!.path);
  else if (image) f.set('scaling.caching.modelWeights', 'image', image.v!.path);
  else if (runtime && f.spec.model?.uri?.startsWith('hf://')) f.set('scaling.caching.modelWeights', 'download', f.sourcePath('model.uri'));

  // Reliability.
  const probes = c.probes ?? {};
  for (const kind of ['readiness', 'liveness', 'startup'] as const) {
    const p = probes[kind];
    f.at(`reliability.probes.${kind}`, [...cp, `${kind}Probe`]);
    if (!p) continue;
    const native: Record<string, unknown> = {};
    f.at(`reliability.probes.${kind}.path`, [...p.path, 'httpGet', 'path']);
    for (const k of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) f.at(`reliability.probes.${kind}.${k}`, [...p.path, k]);
    if (p.httpPath !== undefined) native.path = p.httpPath;
    if (p.portNumber !== undefined) native.port = p.portNumber;
    for (const k of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) if (p[k] !== undefined) native[k] = p[k];
    f.set(`reliability.probes.${kind}`, native, p.path);
  }
  if (probes.startup) {
    const s = probes.startup;
    f.set('reliability.probes.startupTimeoutSeconds', (s.initialDelaySeconds ?? 0) + (s.failureThreshold ?? 3) * (s.periodSeconds ?? 10), s.path);
  }
  const grace = num(spec.terminationGracePeriodSeconds);
  f.set('reliability.terminationGracePeriodSeconds', grace, [...podPath, 'terminationGracePeriodSeconds']);
  f.at('reliability.terminationGracePeriodSeconds', [...podPath, 'terminationGracePeriodSeconds']);

  // Metrics port (a port named for metrics), unless annotations said more.
  const metricsPort = c.ports.find((p) => /^(metrics|http-metrics|prometheus|prom)$/.test(p.name ?? ''));
  const portIndex = metricsPort ? c.ports.indexOf(metricsPort) : -1;
  if (metricsPort && f.spec.monitoring?.metrics?.port === undefined) f.set('monitoring.metrics.port', metricsPort.containerPort, [...cp, 'ports', portIndex]);
}

/** `spec.replicas` of a workload that runs a fixed count (Deployment, StatefulSet, Rollout): both bounds, where stated or to be added. */
export function fixedReplicaFacts(f: FactBuilder, spec: Json): void {
  const replicas = num(spec.replicas);
  f.set('scaling.minReplicas', replicas, ['spec', 'replicas']);
  f.set('scaling.maxReplicas', replicas, ['spec', 'replicas']);
  f.at('scaling.minReplicas', ['spec', 'replicas']);
  f.at('scaling.maxReplicas', ['spec', 'replicas']);
}

/** A unit of the Kubernetes family. */
export function makeUnit(
  args: { uri: string; doc: YamlDocument; format: FormatId; kind: string; value: Json; facts: FactBuilder; annotations: Record<string, string>; pod?: PodFacts; isModelServer: boolean },
): DeploymentUnit {
  const meta = obj(args.value.metadata) ?? {};
  return {
    uri: args.uri,
    format: args.format,
    kind: args.kind,
    name: str(meta.name) ?? '(unnamed)',
    namespace: str(meta.namespace),
    doc: args.doc,
    spec: args.facts.spec,
    isModelServer: args.isModelServer,
    annotations: args.annotations,
    pod: args.pod,
    sourcePath: args.facts.sourcePath,
    ...workloadEditing(args.doc, args.facts.spec, args.facts.sourcePath),
  };
}

/**
 * A Deployment, StatefulSet, Rollout or LeaderWorkerSet container without an `image` is a fragment a Kustomize base
 * completes (a patch the CLI was not told about): marks those containers, and the unit when a serving pod has one.
 */
export function markImageless(unit: DeploymentUnit): DeploymentUnit {
  for (const pod of unitPods(unit)) {
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) if (c.image === undefined) c.completedElsewhere = true;
    if (pod.containers.some((c) => c.image === undefined)) unit.fragment = true;
  }
  return unit;
}

/** A KubeResource with its selector and scale target filled when it has them. */
export function makeResource(uri: string, doc: YamlDocument, apiVersion: string, kind: string, value: Json): KubeResource {
  const meta = obj(value.metadata) ?? {};
  const spec = obj(value.spec) ?? {};
  let selector: Record<string, string> | undefined;
  if (kind === 'Service') selector = obj(spec.selector) ? stringMap(spec.selector) : undefined;
  else if (kind === 'NetworkPolicy') selector = obj(spec.podSelector) ? stringMap(obj(spec.podSelector)?.matchLabels) : undefined;
  else if (kind === 'InferencePool') {
    const sel = obj(spec.selector);
    selector = sel ? (obj(sel.matchLabels) ? stringMap(sel.matchLabels) : stringMap(sel)) : undefined;
  } else if (obj(spec.selector)) {
    const sel = obj(spec.selector)!;
    selector = obj(sel.matchLabels) ? stringMap(sel.matchLabels) : undefined;
  }
  let targetRef: KubeResource['targetRef'];
  const target = obj(spec.scaleTargetRef);
  if (target && str(target.name)) targetRef = { kind: str(target.kind) ?? 'Deployment', name: str(target.name)! };
  return { uri, doc, apiVersion, kind, name: str(meta.name) ?? '(unnamed)', namespace: str(meta.namespace), selector, targetRef, facts: resourceFacts(kind, value), value };
}
