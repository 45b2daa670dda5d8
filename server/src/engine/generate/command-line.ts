import type { NativeSpec } from '../facts/model';
import type { RuntimeFact, RuntimeId } from '../runtime';
import { runtimeSpelling } from '../runtime';

/** A fact the generator cannot turn into a working deployment (an unsupported runtime, TGI over several nodes). */
export class GenerateError extends Error {}

/** What the generator knows of each runtime it writes command lines for. */
interface RuntimeProfile {
  id: RuntimeId;
  name: string;
  /** The program and its first words; the model follows as `--model`-like flag or positional. */
  program: readonly string[];
  /** The model is the first positional argument (`vllm serve <model>`). */
  positionalModel: boolean;
  /** Port the server listens on when `--port` is not given. */
  defaultPort: number;
  /** Path that answers 200 once the model is loaded. */
  healthPath: string;
  /** Prometheus metrics path. */
  metricsPath: string;
  /** Replicas over several nodes (`resources.nodesPerReplica` > 1). */
  multiNode: boolean;
  /** The server's Prometheus metric for each `scaling.metric.type` an autoscaler can follow. */
  metrics: Readonly<Partial<Record<string, string>>>;
}

const PROFILES: Readonly<Partial<Record<string, RuntimeProfile>>> = {
  vllm: { id: 'vllm', name: 'vLLM', program: ['vllm', 'serve'], positionalModel: true, defaultPort: 8000, healthPath: '/health', metricsPath: '/metrics', multiNode: true,
    metrics: { 'queue-depth': 'vllm:num_requests_waiting', 'running-requests': 'vllm:num_requests_running', 'kv-cache-utilization': 'vllm:gpu_cache_usage_perc' } },
  sglang: { id: 'sglang', name: 'SGLang', program: ['python3', '-m', 'sglang.launch_server'], positionalModel: false, defaultPort: 30000, healthPath: '/health', metricsPath: '/metrics', multiNode: true,
    metrics: { 'queue-depth': 'sglang:num_queue_reqs', 'running-requests': 'sglang:num_running_reqs', 'kv-cache-utilization': 'sglang:token_usage' } },
  tgi: { id: 'tgi', name: 'TGI', program: ['text-generation-launcher'], positionalModel: false, defaultPort: 80, healthPath: '/health', metricsPath: '/metrics', multiNode: false,
    metrics: { 'queue-depth': 'tgi_queue_size', 'running-requests': 'tgi_batch_current_size' } },
};

const GENERATED_RUNTIMES = Object.keys(PROFILES);

/** The `scaling.metric.type` of a runtime's Prometheus metric (`vllm:num_requests_waiting` → queue-depth), else custom. */
export function metricTypeOf(name: string): string {
  for (const p of Object.values(PROFILES)) {
    const type = Object.entries(p!.metrics).find(([, m]) => m === name)?.[0];
    if (type) return type;
  }
  return 'custom';
}

export function runtimeProfile(spec: NativeSpec): RuntimeProfile {
  const id = spec.serving?.runtime;
  const profile = id ? PROFILES[id] : undefined;
  if (!profile) throw new GenerateError(`serving.runtime is ${id ? `'${id}'` : 'not set'}: generate writes command lines for ${GENERATED_RUNTIMES.join(', ')}`);
  if ((spec.resources?.nodesPerReplica ?? 1) > 1 && !profile.multiNode) throw new GenerateError(`${profile.name} does not run one replica over several nodes (resources.nodesPerReplica is ${spec.resources?.nodesPerReplica})`);
  return profile;
}

/** The model as the runtime takes it: a Hugging Face id for `hf://org/name`, a path for `file://`, else as written. */
export function modelArgument(spec: NativeSpec): string {
  const uri = spec.model?.uri;
  if (!uri) throw new GenerateError('model.uri is not set: the server would not know which model to load');
  const hf = /^hf:\/\/(.+)$/.exec(uri);
  if (hf) return hf[1];
  const file = /^file:\/\/(\/.*)$/.exec(uri);
  return file ? file[1] : uri;
}

export function servingPort(spec: NativeSpec, profile: RuntimeProfile): number {
  return spec.serving?.port ?? profile.defaultPort;
}

/** The environment variable that carries the API key from its Secret. */
const API_KEY_ENV = 'MODEL_API_KEY';

export interface CommandLine {
  command: string[];
  args: string[];
  /** Environment the command line needs (the API key from its Secret). */
  env: { name: string; secret: { name: string; key: string } }[];
}

/**
 * The server's command line from the manifest's facts, each flag spelled as `runtime/index.ts` reads it back:
 * model, pinned revision, parallelism, context length, input limit, port, served name, quantization, dtype,
 * then `serving.args` as written.
 */
export function commandLine(spec: NativeSpec, profile: RuntimeProfile, name: string): CommandLine {
  const args: string[] = [];
  const env: CommandLine['env'] = [];
  const flag = (fact: RuntimeFact, value: string | number | boolean | undefined): void => {
    if (value === undefined || value === false) return;
    const spelling = runtimeSpelling(profile.id, fact);
    if (!spelling.flag) return;
    if (spelling.boolean) args.push(spelling.flag);
    else if (value !== true) args.push(`${spelling.flag}=${value}`);
  };
  const model = modelArgument(spec);
  if (profile.positionalModel) args.push(model);
  else flag('model', model);
  flag('revision', spec.model?.revision);
  const r = spec.resources ?? {};
  flag('tensorParallelSize', r.tensorParallelSize);
  flag('pipelineParallelSize', r.pipelineParallelSize !== undefined && r.pipelineParallelSize > 1 ? r.pipelineParallelSize : undefined);
  flag('dataParallelSize', r.dataParallelSize);
  flag('dataParallelSizeLocal', r.dataParallelSizeLocal);
  // SGLang states expert parallelism as a size (`--ep`), vLLM as a switch.
  if (r.expertParallel) flag('expertParallel', runtimeSpelling(profile.id, 'expertParallel').boolean ? true : (r.tensorParallelSize ?? 1));
  flag('maxModelLen', spec.model?.contextLength);
  flag('maxInputTokens', spec.serving?.limits?.maxInputTokens);
  flag('trustRemoteCode', spec.serving?.trustRemoteCode === true);
  flag('port', servingPort(spec, profile));
  flag('servedModelName', spec.serving?.servedModelName);
  flag('quantization', spec.model?.quantization);
  flag('dtype', spec.model?.dtype);
  if (spec.serving?.auth === 'api-key') {
    const secret = { name: `${name}-api-key`, key: 'api-key' };
    const spelling = runtimeSpelling(profile.id, 'apiKey');
    // The runtime's own variable keeps the key out of the process list; else the kubelet expands `$(VAR)`.
    if (spelling.env) env.push({ name: spelling.env, secret });
    else if (spelling.flag) {
      env.push({ name: API_KEY_ENV, secret });
      args.push(`${spelling.flag}=$(${API_KEY_ENV})`);
    }
  }
  args.push(...(spec.serving?.args ?? []));
  return { command: [...profile.program], args, env };
}
