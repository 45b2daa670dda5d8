import type { DeploymentUnit, KubeResource, WorkspaceFacts } from './model';
import type { PathSegment } from '../parse/yaml';
import { scalersOf } from './relations';

/**
 * One view of how a unit's replicas change, whatever the format: the autoscalers that scale it (a native manifest's
 * `scaling`, a HorizontalPodAutoscaler, KEDA ScaledObject or AIBrix PodAutoscaler that targets the workload, the
 * autoscaling KServe, Ray Serve or a NIMService build in) in one shape, so the scaling rules judge bounds and signals
 * without knowing which format stated them.
 */

/** An autoscaler of a unit: a resource that targets it, or the unit's own autoscaling (its `scaling` facts). */
export interface Autoscaler {
  /** How messages name it: `HorizontalPodAutoscaler llm-hpa`, or the unit for its own (`InferenceService llm`). */
  label: string;
  /** What scales: `hpa`, `keda`, `aibrix` for a resource; the unit's `scaling.autoscaler` for its own (`kserve`, `ray-serve`, `knative`, `hpa`, ...). */
  engine?: string;
  /** The resource that targets the unit; undefined for the unit's own autoscaling (the facts `scaling.*`). */
  resource?: KubeResource;
  /** Bounds as written. */
  min?: number;
  max?: number;
  /** The engine's bounds when none is written (KEDA: 0 and 100). */
  defaultMin: number;
  defaultMax?: number;
  /** Where a resource's bounds are written, or would go, in its document. */
  minPath?: PathSegment[];
  maxPath?: PathSegment[];
  /** What it scales on: a resource's metrics (document paths), or the unit's `scaling.metric.type`. */
  signals: { name?: string; path?: PathSegment[] }[];
  /** It follows a serving signal of its own when none is written (request concurrency in KServe and Knative, ongoing requests in Ray Serve). */
  implicitSignal: boolean;
  /** The serving signal (queue or running requests) in the engine's own words, when it can follow one without a metrics adapter. */
  servingSignal?: string;
  /** It can scale the unit to zero (an HPA only with the alpha `HPAScaleToZero` feature gate, which managed clusters do not enable). */
  scalesToZero: boolean;
  /** A fix may rewrite the bounds where they are written (not inside a string: Ray Serve's `serveConfigV2`). */
  editable: boolean;
}

/**
 * How the unit is autoscaled:
 * - `manifest`: a native manifest states its autoscaling in `scaling` (missing: none);
 * - `resources`: autoscaler resources target the workload (Deployment, StatefulSet, LeaderWorkerSet);
 * - `own`: a field of the workload turns autoscaling on (a RayService's `autoscaling_config`, an LLMInferenceService's
 *   `spec.scaling`); without it the replica count is fixed;
 * - `platform`: the platform scales it or the manifest does not show how (an InferenceService through Knative or HPA,
 *   a NIMService, other operators): only the bounds it states are known.
 */
export type ScaledBy = 'manifest' | 'resources' | 'own' | 'platform';

export interface UnitScaling {
  by: ScaledBy;
  /** The unit's own autoscaler (when its `scaling` facts state one), then the resources that target it. */
  autoscalers: Autoscaler[];
  /** For `resources`: the workload's `apiVersion`, for a new autoscaler's `scaleTargetRef`. */
  targetApiVersion?: string;
  /** For `own`: how messages name the fixed replica count and the field that turns autoscaling on, and what to add. */
  enable?: { replicas: string; field: string; advice: string; defaultReplicas?: number };
}

/** Autoscalers that bring their own serving signal. */
const IMPLICIT_SIGNAL: ReadonlySet<string> = new Set(['knative', 'kserve', 'ray-serve', 'platform']);

/** Kinds an HPA or ScaledObject targets, with the `apiVersion` a `scaleTargetRef` names. */
const TARGET_API: Readonly<Record<string, string>> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', LeaderWorkerSet: 'leaderworkerset.x-k8s.io/v1' };

/** Workloads that turn autoscaling on with a field of their own. */
const OWN_FIELD: Readonly<Record<string, NonNullable<UnitScaling['enable']>>> = {
  RayService: {
    replicas: '`num_replicas` of its Serve deployments',
    field: '`autoscaling_config`',
    advice: 'Give the deployment an `autoscaling_config` (min_replicas, max_replicas, target_ongoing_requests) and let the Ray autoscaler add worker pods.',
  },
  LLMInferenceService: {
    replicas: '`spec.replicas`',
    field: '`spec.scaling`',
    advice: 'Add `spec.scaling` with `minReplicas`, `maxReplicas` and a `wva` or `keda` autoscaler.',
    defaultReplicas: 1,
  },
};

const RESOURCE_ENGINE: Readonly<Record<string, string>> = { HorizontalPodAutoscaler: 'hpa', ScaledObject: 'keda', PodAutoscaler: 'aibrix' };

/** An autoscaler resource (HPA, ScaledObject, PodAutoscaler) in the shape of the view. */
function resourceAutoscaler(r: KubeResource): Autoscaler {
  const s = r.facts.scaler ?? { minPath: ['spec', 'minReplicas'], maxPath: ['spec', 'maxReplicas'], defaultMin: 1, signals: [] };
  const engine = RESOURCE_ENGINE[r.kind];
  return {
    label: `${r.kind} ${r.name}`,
    engine,
    resource: r,
    min: s.min,
    max: s.max,
    defaultMin: s.defaultMin,
    defaultMax: s.defaultMax,
    minPath: s.minPath,
    maxPath: s.maxPath,
    signals: s.signals,
    implicitSignal: false,
    scalesToZero: engine !== 'hpa',
    editable: true,
  };
}

/** The unit's own autoscaler, from its `scaling` facts. */
function ownAutoscaler(unit: DeploymentUnit): Autoscaler {
  const s = unit.spec.scaling ?? {};
  const engine = typeof s.autoscaler === 'string' ? s.autoscaler : undefined;
  const type = s.metric?.type;
  const native = unit.format === 'modeldeployment';
  return {
    label: `${unit.kind} ${unit.name}`,
    engine,
    min: typeof s.minReplicas === 'number' ? s.minReplicas : undefined,
    max: typeof s.maxReplicas === 'number' ? s.maxReplicas : undefined,
    defaultMin: 1,
    signals: typeof type === 'string' ? [{ name: type }] : [],
    implicitSignal: engine !== undefined && IMPLICIT_SIGNAL.has(engine),
    // A manifest's metric type is the queue; KServe's `scaleMetric` follows running requests (Knative concurrency).
    servingSignal: native ? 'queue-depth' : engine === 'kserve' ? 'concurrency' : undefined,
    scalesToZero: engine !== 'hpa',
    editable: unit.kind !== 'RayService',
  };
}

/** How the unit is autoscaled, and its autoscalers (see `UnitScaling`). */
export function unitScaling(unit: DeploymentUnit, workspace: WorkspaceFacts): UnitScaling {
  if (unit.format === 'modeldeployment') return { by: 'manifest', autoscalers: unit.spec.scaling ? [ownAutoscaler(unit)] : [] };
  const api = TARGET_API[unit.kind];
  if (api) return { by: 'resources', autoscalers: scalersOf(unit, workspace).map(resourceAutoscaler), targetApiVersion: api };
  const enable = OWN_FIELD[unit.kind];
  const own = unit.spec.scaling?.autoscaler ? [ownAutoscaler(unit)] : [];
  if (enable) return { by: 'own', autoscalers: own, enable };
  return { by: 'platform', autoscalers: [ownAutoscaler(unit)] };
}

/**
 * The most replicas the unit may run: the largest maximum of the autoscaler resources that target it (with that
 * autoscaler), else the larger of its own `minReplicas` (default 1) and `maxReplicas` (its replica count when fixed).
 */
export function replicaCeiling(unit: DeploymentUnit, workspace: WorkspaceFacts): { count: number; by?: Autoscaler } {
  const top = unitScaling(unit, workspace)
    .autoscalers.filter((a) => a.resource)
    .map((a) => ({ count: a.max ?? a.defaultMax ?? a.min ?? 1, by: a }))
    .reduce<{ count: number; by: Autoscaler } | undefined>((best, x) => (!best || x.count > best.count ? x : best), undefined);
  if (top) return top;
  const s = unit.spec.scaling;
  const min = typeof s?.minReplicas === 'number' ? s.minReplicas : 1;
  const max = typeof s?.maxReplicas === 'number' ? s.maxReplicas : min;
  return { count: Math.max(min, max) };
}

/** The fixed replica count a unit states when nothing autoscales it (`replicas`, a Serve deployment's `num_replicas`). */
export function statedReplicas(unit: DeploymentUnit): number | undefined {
  const n = unit.spec.scaling?.minReplicas;
  return typeof n === 'number' ? n : undefined;
}
