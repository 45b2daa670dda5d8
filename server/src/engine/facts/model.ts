import type { PathSegment, YamlDocument } from '../parse/yaml';
import type { Range } from '../types';

/**
 * The facts rules read. Every adapter translates its format into the native manifest's shape (`spec`), and
 * records for each fact path where it came from, so a rule reports on the right source range in any format.
 */

export type FormatId =
  | 'modeldeployment'
  | 'kubernetes'
  | 'kserve'
  | 'kuberay'
  | 'leaderworkerset'
  | 'inferencepool';

export type FactPath = string; // dotted native path, e.g. `serving.auth` or `monitoring.slos`

export interface NativeSpec {
  metadata?: { name?: string; owner?: string; team?: string; contact?: string; annotations?: Record<string, string> };
  model?: {
    uri?: string;
    revision?: string;
    license?: string;
    card?: string;
    commercialUse?: boolean;
  };
  architecture?: {
    target?: string;
    provider?: string;
    regions?: string[];
    dataResidency?: string;
    transfers?: { mechanism?: string; destinations?: string[] };
  };
  serving?: {
    runtime?: string;
    image?: string;
    protocol?: string;
    apiSpec?: string;
    port?: number;
    exposure?: string;
    auth?: string;
    tls?: boolean;
    trustRemoteCode?: boolean;
    limits?: {
      requestTimeoutSeconds?: number;
      maxInputTokens?: number;
      maxOutputTokens?: number;
      requestsPerMinute?: number;
      maxConcurrentRequests?: number;
    };
    env?: { name?: string; value?: string; secretRef?: unknown }[];
  };
  resources?: {
    accelerator?: { type?: string; count?: number };
    cpu?: string | number;
    memory?: string;
    tensorParallelSize?: number;
    pipelineParallelSize?: number;
    sharedMemory?: string;
    nodeSelector?: Record<string, string>;
    tolerations?: unknown[];
  };
  scaling?: {
    minReplicas?: number;
    maxReplicas?: number;
    metric?: { type?: string; target?: number };
    expectedPeakRps?: number;
    coldStartBudgetSeconds?: number;
    caching?: { modelWeights?: string; prefixCache?: boolean; accessMode?: string };
  };
  testing?: {
    evaluations?: { name?: string; dataset?: string; metric?: string; threshold?: number }[];
    fairness?: { dataset?: string; protectedAttributes?: string[]; metric?: string; threshold?: number };
    loadTest?: { targetRps?: number; durationMinutes?: number; p95LatencyMs?: number };
  };
  reliability?: {
    probes?: { readiness?: string; liveness?: string; startupTimeoutSeconds?: number; [k: string]: unknown };
    rollout?: { strategy?: string; maxUnavailable?: number | string; steps?: number[]; rollbackOn?: string[] };
    disruptionBudget?: { minAvailable?: number | string; maxUnavailable?: number | string };
    terminationGracePeriodSeconds?: number;
    progressDeadlineSeconds?: number;
  };
  governance?: {
    personalData?: {
      processed?: boolean;
      categories?: string[];
      specialCategories?: boolean | string[];
      lawfulBasis?: string;
      dpia?: string;
      retention?: string;
      redaction?: { prompts?: boolean; outputs?: boolean };
    };
    aiAct?: { riskCategory?: string; transparencyNotice?: boolean; humanOversight?: unknown };
    safety?: { contentFilter?: boolean; promptInjectionGuard?: boolean };
    affectsPeople?: boolean;
    commercialUse?: boolean;
  };
  monitoring?: {
    metrics?: { path?: string; port?: number | string; scrape?: boolean | string };
    slos?: { name?: string; objective?: string | number; window?: string }[];
    logging?: { requests?: string; prompts?: boolean; outputs?: boolean; sampleRate?: number; retention?: string };
    drift?: { baseline?: string; metric?: string; threshold?: number };
    alerts?: { name?: string; notify?: string; severity?: string }[];
    retraining?: { trigger?: string; evaluationGate?: boolean; approval?: string };
    runbook?: string;
  };
  implementation?: string[];
}

/** Kubernetes-level facts of a workload's pod, for rules that judge containers and pod settings. */
export interface ContainerFacts {
  name: string;
  /** Source path of the container in its document. */
  path: PathSegment[];
  image?: string;
  command: string[];
  args: string[];
  env: { name: string; value?: string; fromSecret: boolean; path: PathSegment[] }[];
  ports: { name?: string; containerPort: number }[];
  runtime?: string;
}

export interface PodFacts {
  /** Source path of the pod spec (`spec.template.spec` for a Deployment). */
  path: PathSegment[];
  labels: Record<string, string>;
  containers: ContainerFacts[];
  hostIPC?: boolean;
  hostPID?: boolean;
  hostNetwork?: boolean;
}

export interface DeploymentUnit {
  uri: string;
  format: FormatId;
  kind: string;
  name: string;
  namespace?: string;
  /** The document the unit came from: fixes compute edits against it. Rules never read raw YAML. */
  doc: YamlDocument;
  spec: NativeSpec;
  /** Whether this unit serves a model (native manifests always do). */
  isModelServer: boolean;
  annotations: Record<string, string>;
  pod?: PodFacts;
  /** Source path in `doc` of a fact path, when the adapter knows where the fact lives. */
  sourcePath(path: FactPath): PathSegment[] | undefined;
}

/** A Kubernetes resource that other resources point at (Service, PDB, HPA, NetworkPolicy, ...). */
export interface KubeResource {
  uri: string;
  doc: YamlDocument;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Label selector (`spec.selector` or `spec.selector.matchLabels`), when the resource has one. */
  selector?: Record<string, string>;
  /** For scale targets (HPA, ScaledObject): the workload it targets. */
  targetRef?: { kind: string; name: string };
  value: Record<string, unknown>;
}

/** Everything known across documents and files: cross-document rules read it. */
export interface WorkspaceFacts {
  units: readonly DeploymentUnit[];
  resources: readonly KubeResource[];
  /** Workspace-relative or absolute paths of files known to exist (for references such as `apiSpec`). */
  fileExists(path: string, fromUri: string): boolean | undefined;
}

/** Reads a dotted fact path from the spec. */
export function factValue(spec: NativeSpec, path: FactPath): unknown {
  let v: unknown = spec;
  for (const seg of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** Narrowest range for a fact: where it is, or where it would be added (nearest existing ancestor). */
export function factRange(unit: DeploymentUnit, path: FactPath, prefer: 'value' | 'key' = 'value'): Range {
  const segs = path.split('.');
  for (let n = segs.length; n > 0; n--) {
    const source = unit.sourcePath(segs.slice(0, n).join('.'));
    if (source) {
      const { pair, node } = unit.doc.locate(source);
      if (pair || node) return unit.doc.rangeAt(source, n === segs.length ? prefer : 'key');
    }
  }
  return unit.doc.headerRange();
}
