import type { PathSegment, YamlDocument } from '../parse/yaml';
import { memoByText } from '../memo';
import type { ManifestLinks } from './links';
import type { EditPlan, Range, TextEdit } from '../types';

/**
 * The facts rules read. Every adapter translates its format into the native manifest's shape (`spec`), and
 * records for each fact path where it came from, so a rule reports on the right source range in any format.
 */

import type { FormatId } from '../vocabulary';

// Defined with the rest of the engine's vocabulary; re-exported for the adapters and rules that read it here.
export type { FormatId };

export type FactPath = string; // dotted native path, e.g. `serving.auth` or `monitoring.slos`

type Quantity = string | number;
type CountOrPercent = number | string;

/** A probe: a path on `serving.port`, or the full form. */
export type ProbeSpec =
  | string
  | { path?: string; port?: number; initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number };

/** A region: a cloud region name, or an explicit site with its country (ISO alpha-2). */
export type RegionSpec = string | { name?: string; country?: string; provider?: string };

/** The facts in the native manifest's shape (schemas/modeldeployment.schema.json); every field optional. */
export interface NativeSpec {
  metadata?: {
    name?: string;
    namespace?: string;
    owner?: string;
    team?: string;
    contact?: string;
    description?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  model?: {
    uri?: string;
    revision?: string;
    digest?: string;
    provider?: string;
    baseModel?: string;
    adapters?: { name?: string; uri?: string; revision?: string }[];
    license?: string;
    licenseUrl?: string;
    licenseCommercialUse?: 'permitted' | 'restricted' | 'prohibited' | 'unknown';
    card?: string;
    task?: string;
    format?: string;
    quantization?: string;
    dtype?: string;
    parameters?: string | number;
    contextLength?: number;
  };
  architecture?: {
    target?: string;
    provider?: string;
    regions?: RegionSpec[];
    dataResidency?: string;
    transfers?: { mechanism?: string; destinations?: string[]; recipients?: string[]; assessment?: string; description?: string };
  };
  serving?: {
    runtime?: string;
    image?: string;
    servedModelName?: string;
    protocol?: string;
    apiSpec?: string;
    port?: number;
    hostname?: string;
    exposure?: string;
    auth?: string;
    tls?: boolean;
    trustRemoteCode?: boolean;
    args?: string[];
    limits?: {
      requestTimeoutSeconds?: number;
      maxInputTokens?: number;
      maxOutputTokens?: number;
      requestsPerMinute?: number;
      tokensPerMinute?: number;
      maxConcurrentRequests?: number;
    };
    security?: {
      runAsNonRoot?: boolean;
      allowPrivilegeEscalation?: boolean;
      privileged?: boolean;
      readOnlyRootFilesystem?: boolean;
      networkPolicy?: boolean | string;
      hostNetwork?: boolean;
      hostIPC?: boolean;
      hostPID?: boolean;
      hostNamespacesReason?: string;
    };
    env?: { name?: string; value?: string; secretRef?: { name?: string; key?: string } }[];
  };
  resources?: {
    accelerator?: { type?: string; count?: number; resourceName?: string; vendor?: string };
    cpu?: Quantity;
    memory?: Quantity;
    limits?: { cpu?: Quantity; memory?: Quantity };
    tensorParallelSize?: number;
    pipelineParallelSize?: number;
    /** Data-parallel ranks in all (`--data-parallel-size`) and on one pod (`--data-parallel-size-local`). */
    dataParallelSize?: number;
    dataParallelSizeLocal?: number;
    /** Expert parallelism is on: it splits experts over the TP × DP devices and does not multiply them. */
    expertParallel?: boolean;
    nodesPerReplica?: number;
    sharedMemory?: Quantity;
    nodeSelector?: Record<string, string>;
    tolerations?: { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }[];
  };
  scaling?: {
    minReplicas?: number;
    maxReplicas?: number;
    autoscaler?: string;
    metric?: { type?: string; target?: number; name?: string };
    expectedPeakRps?: number;
    coldStartBudgetSeconds?: number;
    caching?: { modelWeights?: string; accessMode?: string; claimName?: string; mountPath?: string; size?: Quantity; prefixCache?: boolean };
  };
  testing?: {
    evaluations?: { name?: string; dataset?: string; metric?: string; threshold?: number; direction?: string; report?: string; lastRun?: string }[];
    fairness?: { dataset?: string; protectedAttributes?: string[]; metric?: string; threshold?: number; direction?: string; report?: string };
    loadTest?: {
      targetRps?: number;
      durationMinutes?: number;
      p95LatencyMs?: number;
      p99LatencyMs?: number;
      p95TimeToFirstTokenMs?: number;
      maxErrorRate?: number;
      inputTokens?: number;
      outputTokens?: number;
      tool?: string;
      report?: string;
    };
  };
  reliability?: {
    probes?: { readiness?: ProbeSpec; liveness?: ProbeSpec; startup?: ProbeSpec; startupTimeoutSeconds?: number };
    rollout?: { strategy?: string; maxUnavailable?: CountOrPercent; maxSurge?: CountOrPercent; steps?: number[]; pauseBetweenSteps?: string; rollbackOn?: string[] };
    disruptionBudget?: { minAvailable?: CountOrPercent; maxUnavailable?: CountOrPercent };
    terminationGracePeriodSeconds?: number;
    progressDeadlineSeconds?: number;
  };
  governance?: {
    personalData?: {
      processed?: boolean;
      categories?: string[];
      dataSubjects?: string[];
      specialCategories?: string[];
      lawfulBasis?: string;
      dpia?: string;
      retention?: string;
      redaction?: { prompts?: boolean; outputs?: boolean; method?: string };
    };
    aiAct?: {
      riskCategory?: string;
      role?: string;
      useCase?: string;
      transparencyNotice?: boolean;
      conformityAssessment?: string;
      humanOversight?: { mechanism?: string; reviewer?: string; canOverride?: boolean; description?: string };
    };
    safety?: { contentFilter?: boolean; promptInjectionGuard?: boolean; piiDetection?: boolean; guardrail?: string };
    affectsPeople?: boolean;
    commercialUse?: boolean;
  };
  monitoring?: {
    metrics?: { path?: string; port?: number | string; scrape?: boolean | string; interval?: string };
    slos?: { name?: string; indicator?: string; objective?: string | number; percentile?: number; window?: string }[];
    logging?: { requests?: string; sampleRate?: number; prompts?: boolean; outputs?: boolean; retention?: string; destination?: string };
    drift?: { baseline?: string; metric?: string; threshold?: number; window?: string };
    alerts?: { name?: string; condition?: string; severity?: string; notify?: string; runbook?: string }[];
    retraining?: { trigger?: string; schedule?: string; evaluationGate?: boolean; approval?: string; approver?: string };
    runbook?: string;
    dashboard?: string;
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
  /** Probes of this container (Kubernetes' shape, ports resolved to numbers when named). */
  probes?: { readiness?: ProbeFacts; liveness?: ProbeFacts; startup?: ProbeFacts };
  /** `resources.requests` / `resources.limits` as written, and the names of its DRA `resources.claims`. */
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number>; claims?: string[] };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    privileged?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilitiesAdd?: string[];
  };
  imagePullPolicy?: string;
  /** An init container (runs to completion before the others). */
  init?: boolean;
  /**
   * What the container leaves unset comes from elsewhere (a KServe ServingRuntime or LLMInferenceServiceConfig, a
   * Kustomize base for a container without an `image`, the NIM operator): only what it states is judged.
   */
  completedElsewhere?: true;
}

/** A Kubernetes probe of one container. */
export interface ProbeFacts {
  /** Source path of the probe. */
  path: PathSegment[];
  type?: 'httpGet' | 'tcpSocket' | 'exec' | 'grpc';
  httpPath?: string;
  /** Port as written (number or name) and resolved against the container's ports. */
  port?: number | string;
  portNumber?: number;
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
  successThreshold?: number;
}

/** A volume of a pod (only what rules read). */
export interface VolumeFacts {
  name: string;
  path: PathSegment[];
  emptyDir?: { medium?: string; sizeLimit?: string | number };
  persistentVolumeClaim?: { claimName?: string; readOnly?: boolean };
  /** Other volume sources by their key (`configMap`, `secret`, `hostPath`, `csi`, `ephemeral`, ...). */
  source?: string;
}

export interface PodFacts {
  /** Source path of the pod spec (`spec.template.spec` for a Deployment). */
  path: PathSegment[];
  labels: Record<string, string>;
  containers: ContainerFacts[];
  hostIPC?: boolean;
  hostPID?: boolean;
  hostNetwork?: boolean;
  /** Init containers (also listed with `init: true`; `containers` holds only the regular ones). */
  initContainers?: ContainerFacts[];
  volumes?: VolumeFacts[];
  annotations?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; fsGroup?: number };
  /** Index in `containers` of the container that serves the model (or the first one). */
  primary?: number;
  /** How messages name this pod template when the unit has several (`head group`, `` worker group `gpu` ``, `leader`). */
  group?: string;
  /**
   * Source path of the mapping that holds the pods' labels and annotations: the pod template's `metadata`, an
   * InferenceService's `predictor`, an LLMInferenceService's or NIMService's `spec`.
   */
  metadataPath?: PathSegment[];
  /** Labels the pods' controller adds that selectors commonly use (`leaderworkerset.sigs.k8s.io/name: <name>`). */
  controllerLabels?: Record<string, string>;
  /** The controller creates the Services of these pods, labelled like them (KServe). */
  controllerServices?: true;
}

export interface DeploymentUnit extends FactEditing {
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
  /**
   * Every pod template of the unit (KubeRay head and worker groups, LeaderWorkerSet leader and worker), the
   * serving one (`pod`) included. Container-level rules judge all of them; unset means `[pod]`.
   */
  pods?: PodFacts[];
  /**
   * From a partial file (a Kustomize patch, AnalyzeOptions.partial): what it leaves out comes from its base, so
   * rules judge only what it states.
   */
  partial?: boolean;
  /**
   * A fragment whose base holds the rest although its file is not known as partial: a workload with a container
   * without an `image` (a Kustomize patch the CLI was not told about). Judged like a partial unit.
   */
  fragment?: true;
  /**
   * A declaration of the deployment (a ModelDeployment manifest): its facts are stated as intent (replicas, rollout,
   * disruption budget, network policy, security, exposure, protocol, limits, target), not realised by a pod template
   * and other resources of the workspace, so rules judge the stated facts and their absence (no accelerator stated
   * is a gap, where a workload without a GPU limit runs on the CPU by default). Unset on workloads,
   * which state intent with opt-in `modelready.dev/*` annotations or imply it by their runtime: an intent fact they
   * leave out is unknown, and rules stay silent.
   */
  declaration?: true;
  /**
   * The platform fills the pod settings the file leaves out (probes, /dev/shm, grace period): KServe from a
   * ServingRuntime or LLMInferenceServiceConfig, Knative, KubeRay, an operator. Only what the file states is judged.
   */
  platformFillsPod?: true;
  /**
   * The platform adds the Prometheus scrape annotations itself when the annotation `annotation` is true, or, unstated,
   * when its config (the ConfigMap `configMap`) says so (KServe's `metricsAggregator.enablePrometheusScraping`).
   */
  platformScraping?: { annotation: string; configMap: string };
  /**
   * False when the unit's pod is rendered from other settings (a Helm chart's values, an operator's CRD): fixes
   * written in Kubernetes' shape would not be valid there, so findings offer none (only suppression).
   */
  fixable?: false;
  /** Source path in `doc` of a fact path, when the adapter knows where the fact lives. */
  sourcePath(path: FactPath): readonly PathSegment[] | undefined;
  /**
   * Facts (and the facts below them) the platform fills in where this file does not show them: KServe completes an
   * InferenceService's containers (image, resources, node placement) from its configuration and ServingRuntime, an
   * LLMInferenceService's from its LLMInferenceServiceConfig, and knows its protocol. Unknown here, so a missing one
   * is not a gap and rules stay silent about it (`filledByPlatform`).
   */
  platformFills?: readonly FactPath[];
}

/** Whether the platform fills `fact` (or a fact above it) where the file does not show it. */
export function filledByPlatform(unit: DeploymentUnit, fact: FactPath): boolean {
  return unit.platformFills?.some((p) => fact === p || fact.startsWith(`${p}.`)) ?? false;
}

/**
 * How a rule asks for a fact to be stated: an intent, which the unit's format turns into text edits in the file's
 * own style (formats/editor.ts). `Edits` is the text edits (`FactEditor`), or a plan of them to write when a client
 * asks for the fix (`FactPlanner`). There are no edits (no plan) when the format cannot state the fact (a governance
 * fact no annotation carries, on a Deployment): the rule then offers no fix.
 */
export interface FactEditorOf<Edits> {
  /** States `fact` as the YAML scalar or block text `text` (snippet placeholders allowed), replacing what is there. */
  set(fact: FactPath, text: string): Edits;
  /** Adds `key: text` entries to the mapping fact `fact` (creating it); keys already there are left alone. */
  addKeys(fact: FactPath, entries: readonly (readonly [string, string])[]): Edits;
  /** Appends items (YAML text at column 0, or data) to the list fact `fact`, creating it. */
  append(fact: FactPath, items: readonly (string | Record<string, unknown>)[]): Edits;
  /**
   * Adds an HTTP probe of `kind` (`reliability.probes.<kind>`) on `probe.path`. A format that needs the port writes
   * `probe.port`, or a snippet placeholder when it is not known; nothing when the probe is already there.
   */
  addProbe(kind: ProbeKind, probe: NewProbe): Edits;
}

export type FactEditor = FactEditorOf<TextEdit[]>;
export type FactPlanner = FactEditorOf<EditPlan | undefined>;

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** Kubernetes' probe defaults (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Probe). */
export const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 } as const;

/** A probe a rule asks for: its HTTP path (snippet placeholders allowed), port and timing. */
export interface NewProbe {
  path: string;
  port?: number | string;
  periodSeconds?: number;
  failureThreshold?: number;
}

/** What a format adds to its units so rules can word and fix findings without knowing the format. */
export interface FactEditing {
  edit: FactEditor;
  /** `edit`'s edits as plans: what a rule offers as a fix (written only when a client asks for it). */
  plan: FactPlanner;
  /**
   * How messages name where a fact is stated: `` `governance.personalData.dpia` `` in a native manifest, `` the
   * annotation `modelready.dev/dpia` `` on a workload (or its own field, or a linked manifest's when neither states it).
   */
  describe(fact: FactPath): string;
  /** Where the unit states `fact`, else where stating it would go: the range to report a missing fact on. */
  where(fact: FactPath): Range;
  /** The same editing in `doc`: the same chunk of text at other lines (lines were added or removed above it). */
  rebind(doc: YamlDocument): FactEditing;
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
  /** Typed facts of the kinds rules judge (formats/resources.ts): rules read these, not `value`. */
  facts: ResourceFacts;
  value: Record<string, unknown>;
}

/** What rules read of a resource; the part for its kind is set (`service` for a Service, ...). */
export interface ResourceFacts {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  service?: { type?: string; loadBalancerSourceRanges: string[]; ports: { name?: string; port?: number | string; targetPort?: number | string }[] };
  ingress?: { tls: boolean; hosts: string[]; backends: string[] };
  /** An autoscaler's bounds as written (HPA `minReplicas`, KEDA `minReplicaCount`, ...), where they live, and the kind's defaults. */
  scaler?: {
    min?: number;
    max?: number;
    minPath: PathSegment[];
    maxPath: PathSegment[];
    defaultMin: number;
    defaultMax?: number;
    /** What it scales on: an HPA's metrics (the resource name of a Resource or ContainerResource metric, else none), a ScaledObject's trigger types; each with its path. */
    signals: { name?: string; path: PathSegment[] }[];
  };
  disruptionBudget?: { minAvailable?: number | string; maxUnavailable?: number | string };
  claim?: { accessModes: string[] };
  /** Whether the policy selects every pod of its namespace (`podSelector: {}`, or expressions only). */
  networkPolicy?: { wide: boolean };
}

/** Where a kustomization names a file. */
export type KustomizationEntryKey = 'resources' | 'bases' | 'components' | 'patches' | 'patchesStrategicMerge' | 'patchesJson6902';

/** A kustomization file: what it brings in (`resources`, `components`, `bases`, patches) and its `namespace`. */
export interface KustomizationFacts {
  uri: string;
  /** Every local file or folder it names, with where (`resources[2]`, `patches[0]`). */
  items: readonly { key: KustomizationEntryKey; index: number; uri: string }[];
  /** URIs of the files and directories it names (resolved against its own; remote entries left out). */
  entries: readonly string[];
  /** URIs of its patch files (also in `entries`): partial objects, judged only for what they state. */
  patches: readonly string[];
  namespace?: string;
}

/** Everything known across documents and files: cross-document rules read it. */
export interface WorkspaceFacts {
  units: readonly DeploymentUnit[];
  resources: readonly KubeResource[];
  /** Native manifests and the resources that implement them (`modelready.dev/manifest`, `implementation`). */
  links: ManifestLinks;
  /** Kustomizations of the workspace: files they bring in are deployed together (see facts/relations). */
  kustomizations?: readonly KustomizationFacts[];
  /** Workspace-relative or absolute paths of files known to exist (for references such as `apiSpec`). */
  fileExists(path: string, fromUri: string): boolean | undefined;
  /**
   * Pods of workloads in files this workspace does not hold (another CLI worker's slice): what cross-document
   * rules read of other workloads (labels that a selector may match, scrape annotations) without their files.
   */
  podsElsewhere?: readonly PodElsewhere[];
}

/** A pod template of a workload in a file the workspace does not hold: plain data, as it crosses threads. */
export interface PodElsewhere {
  uri: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Every pod template of a unit: `pods` when the adapter lists several, else the serving pod. */
export function unitPods(unit: DeploymentUnit): PodFacts[] {
  return unit.pods ?? (unit.pod ? [unit.pod] : []);
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
  return factRangeIn(unit.doc, unit.sourcePath, path, prefer);
}

/** A fact path's keys (`serving.image` is `serving`, `image`), split once per path: adapters set every fact of every unit. */
export const factKeys: (fact: FactPath) => readonly string[] = memoByText((fact) => fact.split('.'));

/** A fact path as the source path of the native manifest, whose shape the facts are: `a.0.b` is `['a', 0, 'b']`. */
export const factSegments: (fact: FactPath) => readonly PathSegment[] = memoByText((fact) => factKeys(fact).map((s) => (/^\d+$/.test(s) ? Number(s) : s)));

/** `factRange` for a document and its adapter's source paths (before the unit exists). */
export function factRangeIn(doc: YamlDocument, sourcePath: (path: FactPath) => readonly PathSegment[] | undefined, path: FactPath, prefer: 'value' | 'key' = 'value'): Range {
  // The fact, then each ancestor (`a.b.c`, `a.b`, `a`), cut at its dots: every finding's range is found here.
  for (let fact = path; ; ) {
    const source = sourcePath(fact);
    const range = source && doc.presentRangeAt(source, fact === path ? prefer : 'key');
    if (range) return range;
    const dot = fact.lastIndexOf('.');
    if (dot < 0) return doc.headerRange();
    fact = fact.slice(0, dot);
  }
}
