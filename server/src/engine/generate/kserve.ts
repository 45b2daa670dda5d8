import type { Json, DeploymentContext } from './pod';
import { compact, container, metadata, podSettings, scrapeAnnotations, servingContainer } from './pod';
import { commandLine, GenerateError } from './command-line';
import { disruptionBudget, kedaScaler, networkPolicy, weightsVolume } from './kubernetes';

/**
 * The KServe resources of a ModelDeployment: an InferenceService whose predictor runs the server's own command
 * line (RawDeployment), or an LLMInferenceService when one replica spans nodes; with the disruption budget,
 * network policy and weights volume KServe does not create.
 */
export function kserveResources(ctx: DeploymentContext): Json[] {
  const multiNode = (ctx.spec.resources?.nodesPerReplica ?? 1) > 1;
  const service = multiNode ? llmInferenceService(ctx) : inferenceService(ctx);
  const scaler = multiNode ? undefined : queueScaler(ctx);
  return [service, scaler, disruptionBudget(ctx), networkPolicy(ctx), weightsVolume(ctx)].filter((r): r is Json => !!r);
}

/** KServe's own metrics for `scaling.metric.type` (Knative/HPA `scaleMetric`). */
const SCALE_METRICS: Readonly<Partial<Record<string, string>>> = { cpu: 'cpu', memory: 'memory', 'running-requests': 'concurrency', rps: 'rps' };

/** A queue metric is not one KServe scales on: KEDA does, on the predictor's Deployment, with KServe's own autoscaler off. */
function usesQueueScaler(ctx: DeploymentContext): boolean {
  const s = ctx.spec.scaling;
  return (s?.maxReplicas ?? 1) > (s?.minReplicas ?? 1) && (s?.autoscaler === 'keda' || (s?.metric?.type !== undefined && !SCALE_METRICS[s.metric.type]));
}

function inferenceService(ctx: DeploymentContext): Json {
  const s = ctx.spec.scaling ?? {};
  const queue = usesQueueScaler(ctx);
  const scaleMetric = !queue && s.metric?.type ? SCALE_METRICS[s.metric.type] : undefined;
  const meta = metadata(ctx);
  meta.annotations = {
    ...(meta.annotations as Record<string, string>),
    // A plain Deployment, Service and HPA: no Knative scale-to-zero for a server that takes minutes to start.
    'serving.kserve.io/deploymentMode': 'RawDeployment',
    ...(queue ? { 'serving.kserve.io/autoscalerClass': 'external' } : {}),
  };
  const r = ctx.spec.reliability?.rollout;
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: meta,
    spec: {
      predictor: compact({
        minReplicas: s.minReplicas ?? 1,
        maxReplicas: s.maxReplicas ?? s.minReplicas ?? 1,
        scaleMetric,
        scaleTarget: scaleMetric ? s.metric?.target : undefined,
        timeout: ctx.spec.serving?.limits?.requestTimeoutSeconds,
        containerConcurrency: ctx.spec.serving?.limits?.maxConcurrentRequests,
        labels: ctx.selector,
        annotations: scrapeAnnotations(ctx),
        deploymentStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: r?.maxUnavailable ?? 0, maxSurge: r?.maxSurge ?? 1 } },
        ...podSettings(ctx),
        // KServe names the predictor's serving container `kserve-container`.
        containers: [servingContainer(ctx, 'kserve-container')],
      }),
    },
  };
}

function queueScaler(ctx: DeploymentContext): Json | undefined {
  if (!usesQueueScaler(ctx)) return undefined;
  // KServe's RawDeployment names the predictor's Deployment `<name>-predictor`.
  const predictor = `${ctx.name}-predictor`;
  return kedaScaler(ctx, { apiVersion: 'apps/v1', kind: 'Deployment', name: predictor }, `${predictor}-`);
}

/**
 * KServe runs a LeaderWorkerSet of `pipeline` pods (or data / dataLocal) per replica: the parallelism must give
 * `nodesPerReplica` so the workers KServe starts are the nodes the manifest plans.
 */
function llmInferenceService(ctx: DeploymentContext): Json {
  const r = ctx.spec.resources ?? {};
  const size = r.dataParallelSize !== undefined || r.dataParallelSizeLocal !== undefined ? Math.floor(Math.max(r.dataParallelSize ?? 1, 1) / Math.max(r.dataParallelSizeLocal ?? 1, 1)) : r.pipelineParallelSize;
  if (ctx.profile.id !== 'vllm') throw new GenerateError(`an LLMInferenceService runs vLLM, not ${ctx.profile.name}: use --target kubernetes`);
  if (size !== r.nodesPerReplica) throw new GenerateError(`an LLMInferenceService spreads a replica over pipelineParallelSize (or dataParallelSize / dataParallelSizeLocal) nodes, here ${size ?? 1}, not nodesPerReplica (${r.nodesPerReplica})`);
  const line = commandLine(ctx.spec, ctx.profile, ctx.name);
  // KServe writes the vLLM command line from `model` and `parallelism`; the containers add the rest.
  const main = (serves: boolean): Json => {
    const c = container(ctx, { name: 'main', command: [], args: [], serves, line });
    delete c.command;
    return c;
  };
  const pod = podSettings(ctx);
  return {
    apiVersion: 'serving.kserve.io/v1alpha1',
    kind: 'LLMInferenceService',
    metadata: metadata(ctx),
    spec: compact({
      model: compact({ uri: ctx.spec.model?.uri, name: ctx.spec.serving?.servedModelName }),
      replicas: ctx.spec.scaling?.minReplicas ?? 1,
      parallelism: compact({ tensor: r.tensorParallelSize, pipeline: r.pipelineParallelSize, data: r.dataParallelSize, dataLocal: r.dataParallelSizeLocal, expert: r.expertParallel }),
      labels: ctx.selector,
      template: { ...pod, containers: [main(true)] },
      worker: { ...pod, containers: [main(false)] },
    }),
  };
}
