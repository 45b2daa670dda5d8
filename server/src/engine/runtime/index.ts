/**
 * Model-server detection and command-line parsing, table-driven: one row per serving runtime says how to
 * recognise it (image, command) and which flags and environment variables carry which fact.
 *
 * A container's command line is read as the kubelet and the shell would run it: `$(VAR)` is expanded from the
 * container's literal env; a `sh -c` / `bash -lc --` script is split into commands (`;`, `&&`, `||`, `|`, `&`,
 * newlines, `\` continuations, comments, redirections), with `exec`/`env`/`nohup` wrappers and `VAR=1` prefixes
 * stripped, and `$VAR`, `${VAR}`, `${VAR:-default}` expanded from the env and the script's own assignments.
 * The server is the command that starts it (`vllm serve`, `python -m vllm.entrypoints…`, `text-generation-launcher`,
 * …); only its flags become facts, so `huggingface-cli download --revision x` before it does not leak.
 *
 * Not every container of a serving image serves: `containerRole` names what a container runs instead
 * (`benchmark`: `vllm bench`, `genai-perf`, `perf_analyzer`, a Triton `*-py3-sdk` image, …; `router`: EPP,
 * Envoy, routing sidecars, `sglang_router`; `simulator`: `llm-d-inference-sim`, `vllm-sim`; `download`:
 * `huggingface-cli download`, `aibrix_download`, storage initializers; `ui`: open-webui; `idle`: `sleep`,
 * `tail -f /dev/null`; `utility`: only `echo`, `nvidia-smi`, `neuron-ls` and the like). The command that keeps the
 * container running (its last command) decides; for such containers `parseRuntime` returns undefined even when
 * the image or the caller (`assume`) implies a runtime.
 *
 * A value that cannot be resolved (env from a Secret or ConfigMap, an unknown variable, `$((…))`, `$(cmd)`) stays
 * as written, so `asNumber`/`asBoolean` return undefined and rules stay silent.
 */

export type RuntimeId =
  | 'vllm'
  | 'tgi'
  | 'triton'
  | 'nim'
  | 'sglang'
  | 'llama-cpp'
  | 'ollama'
  | 'torchserve'
  | 'ray-serve'
  | 'huggingfaceserver'
  | 'lmdeploy'
  | 'tensorrt-llm'
  | 'deepsparse';

/** What a container runs when it is not a model server (see the module header). */
export type ContainerRole = 'benchmark' | 'router' | 'simulator' | 'download' | 'ui' | 'idle' | 'utility';

/** Facts a runtime's command line can state. */
export type RuntimeFact =
  | 'model'
  | 'revision'
  | 'tensorParallelSize'
  | 'pipelineParallelSize'
  | 'dataParallelSize'
  | 'dataParallelSizeLocal'
  | 'expertParallel'
  | 'maxModelLen'
  | 'maxInputTokens'
  | 'maxOutputTokens'
  | 'trustRemoteCode'
  | 'port'
  | 'apiKey'
  | 'servedModelName'
  | 'quantization'
  | 'dtype'
  | 'modelRepository';

/** Where a token came from: `command[i]` / `args[i]` of the container, or `env[i]`. */
export interface TokenSource {
  list: 'command' | 'args' | 'env';
  index: number;
}

export interface ParsedValue {
  /** The value as written (after `$(VAR)` expansion from literal env values). */
  value: string;
  /** As written, before expansion. */
  raw: string;
  source: TokenSource;
}

export interface RuntimeMatch {
  runtime: RuntimeId;
  /** Why: `image`, `command`, or `assumed` by the caller (a KServe LLMInferenceService runs vLLM). */
  by: 'image' | 'command' | 'assumed';
  facts: Partial<Record<RuntimeFact, ParsedValue>>;
}

export interface ContainerInput {
  image?: string;
  command?: readonly unknown[];
  args?: readonly unknown[];
  env?: readonly { name?: unknown; value?: unknown; valueFrom?: unknown }[];
}

interface FlagSpec {
  names: readonly string[];
  fact: RuntimeFact;
  /** A switch: present means "true" (`--trust-remote-code`); `--no-<name>` means "false". */
  boolean?: boolean;
  /** Turns the written value into the fact's value (SGLang's `--ep 8` states expert parallelism on). */
  map?: (value: string) => string;
}

interface RuntimeDef {
  id: RuntimeId;
  images: readonly RegExp[];
  /** Matched against a command's invocation: the program (python normalised to `python -m mod` / `python script`) and its next words. */
  commands: readonly RegExp[];
  flags: readonly FlagSpec[];
  env: Readonly<Partial<Record<string, RuntimeFact>>>;
  /** The first positional argument after this word is the model (`vllm serve <model>`). */
  positionalModelAfter?: readonly string[];
  /** Environment variables whose value is more command-line flags (KServe's `VLLM_ADDITIONAL_ARGS`). */
  argsEnv?: readonly string[];
  /** Adjusts facts that depend on other flags. */
  finish?: (facts: Partial<Record<RuntimeFact, ParsedValue>>, words: readonly string[]) => void;
}

/** An expert-parallel size: more than one means expert parallelism is on; an unresolved value stays as written. */
const sizeOverOne = (v: string): string => (/^\d+$/.test(v.trim()) ? String(Number(v) > 1) : v);

const RUNTIMES: readonly RuntimeDef[] = [
  {
    id: 'vllm',
    images: [
      /(^|\/)vllm\/vllm-(openai|tpu|rocm|cpu|xpu|neuron)/,
      /(^|\/)vllm-openai(-[a-z0-9]+)*(:|@|$)/,
      /(^|\/)llm-d\/llm-d(-(cuda|rocm|cpu|xpu|hpu|tpu|gaudi|aws|gke))?(-dev)?(:|@|$)/,
      /(^|\/)(rocm|intel)\/vllm(-[a-z0-9]+)*(:|@|$)/,
      /(^|\/)rhaiis\/vllm-/,
      /(^|\/)vllm(-(ascend|gaudi|spyre|tpu|neuron|xpu|hpu|cpu|rocm|cuda)[a-z0-9-]*)?(:|@|$)/,
      /(^|\/)pytorch-inference-vllm-neuronx(:|@|$)/,
    ],
    commands: [/^(\S*\/)?vllm serve(\s|$)/, /^python -m vllm\.entrypoints\.(openai\.)?api_server(\s|$)/, /^python -m vllm\.entrypoints\.cli\.main serve(\s|$)/],
    positionalModelAfter: ['serve'],
    flags: [
      { names: ['--model'], fact: 'model' },
      { names: ['--revision'], fact: 'revision' },
      { names: ['--tensor-parallel-size', '-tp'], fact: 'tensorParallelSize' },
      { names: ['--pipeline-parallel-size', '-pp'], fact: 'pipelineParallelSize' },
      { names: ['--data-parallel-size', '-dp'], fact: 'dataParallelSize' },
      { names: ['--data-parallel-size-local', '-dpl'], fact: 'dataParallelSizeLocal' },
      { names: ['--enable-expert-parallel', '-ep'], fact: 'expertParallel', boolean: true },
      { names: ['--max-model-len'], fact: 'maxModelLen' },
      { names: ['--trust-remote-code'], fact: 'trustRemoteCode', boolean: true },
      { names: ['--port'], fact: 'port' },
      { names: ['--api-key'], fact: 'apiKey' },
      { names: ['--served-model-name'], fact: 'servedModelName' },
      { names: ['--quantization', '-q'], fact: 'quantization' },
      { names: ['--dtype'], fact: 'dtype' },
    ],
    env: { VLLM_API_KEY: 'apiKey', VLLM_PORT: 'port' },
    argsEnv: ['VLLM_ADDITIONAL_ARGS'],
  },
  {
    id: 'tgi',
    images: [/(^|\/)huggingface\/text-generation-inference/, /huggingface-text-generation-inference/, /(^|\/)text-generation-inference(:|@|$)/, /(^|\/)huggingface-pytorch-tgi-inference(:|@|$)/],
    commands: [/^(\S*\/)?text-generation-launcher(\s|$)/],
    flags: [
      { names: ['--model-id'], fact: 'model' },
      { names: ['--revision'], fact: 'revision' },
      { names: ['--num-shard'], fact: 'tensorParallelSize' },
      { names: ['--max-total-tokens'], fact: 'maxModelLen' },
      { names: ['--max-input-tokens', '--max-input-length'], fact: 'maxInputTokens' },
      { names: ['--trust-remote-code'], fact: 'trustRemoteCode', boolean: true },
      { names: ['--port', '-p'], fact: 'port' },
      { names: ['--api-key'], fact: 'apiKey' },
      { names: ['--quantize'], fact: 'quantization' },
      { names: ['--dtype'], fact: 'dtype' },
    ],
    env: {
      MODEL_ID: 'model',
      REVISION: 'revision',
      NUM_SHARD: 'tensorParallelSize',
      MAX_TOTAL_TOKENS: 'maxModelLen',
      MAX_INPUT_TOKENS: 'maxInputTokens',
      MAX_INPUT_LENGTH: 'maxInputTokens',
      TRUST_REMOTE_CODE: 'trustRemoteCode',
      PORT: 'port',
      API_KEY: 'apiKey',
      QUANTIZE: 'quantization',
      DTYPE: 'dtype',
    },
  },
  {
    id: 'triton',
    // `*-py3-sdk` is the client image (perf_analyzer, genai-perf): NON_SERVER_IMAGES claims it first.
    images: [/(^|\/)nvidia\/tritonserver/, /(^|\/)tritonserver(:|@|$)/],
    commands: [/^(\S*\/)?tritonserver(\s|$)/, /^python (\S*\/)?launch_triton_server\.py(\s|$)/],
    flags: [
      { names: ['--model-repository', '--model-store', '--model-repo'], fact: 'modelRepository' },
      { names: ['--http-port'], fact: 'port' },
      { names: ['--world-size'], fact: 'tensorParallelSize' },
    ],
    env: {},
  },
  {
    id: 'nim',
    images: [/(^|\/)nvcr\.io\/nim\//, /^nvcr\.io\/nim\//],
    commands: [/^\/opt\/nim\/start[-_]server\.sh(\s|$)/],
    flags: [],
    env: { NIM_MODEL_NAME: 'model', NIM_SERVED_MODEL_NAME: 'servedModelName', NIM_TENSOR_PARALLEL_SIZE: 'tensorParallelSize', NIM_PIPELINE_PARALLEL_SIZE: 'pipelineParallelSize', NIM_MAX_MODEL_LEN: 'maxModelLen', NIM_SERVER_PORT: 'port' },
  },
  {
    id: 'sglang',
    images: [/(^|\/)lmsysorg\/sglang/, /(^|\/)sglang(:|@|$)/],
    commands: [/^python -m sglang\.launch_server(\s|$)/, /^(\S*\/)?sglang serve(\s|$)/],
    flags: [
      { names: ['--model-path', '--model'], fact: 'model' },
      { names: ['--revision'], fact: 'revision' },
      { names: ['--tp', '--tp-size', '--tensor-parallel-size'], fact: 'tensorParallelSize' },
      { names: ['--pp', '--pp-size', '--pipeline-parallel-size'], fact: 'pipelineParallelSize' },
      { names: ['--dp', '--dp-size', '--data-parallel-size'], fact: 'dataParallelSize' },
      // The EP group lives inside the TP group: it takes no devices of its own.
      { names: ['--ep', '--ep-size', '--expert-parallel-size'], fact: 'expertParallel', map: sizeOverOne },
      { names: ['--enable-ep-moe'], fact: 'expertParallel', boolean: true },
      { names: ['--context-length'], fact: 'maxModelLen' },
      { names: ['--trust-remote-code'], fact: 'trustRemoteCode', boolean: true },
      { names: ['--port'], fact: 'port' },
      { names: ['--api-key'], fact: 'apiKey' },
      { names: ['--served-model-name'], fact: 'servedModelName' },
      { names: ['--quantization'], fact: 'quantization' },
      { names: ['--dtype'], fact: 'dtype' },
    ],
    env: {},
    // With DP attention the DP ranks share the TP group's GPUs, so `--dp` does not multiply devices: say nothing.
    finish: (facts, words) => {
      if (words.some((w) => flagName(w) === '--enable-dp-attention')) delete facts.dataParallelSize;
    },
  },
  {
    id: 'llama-cpp',
    images: [/(^|\/)ggerganov\/llama\.cpp:server/, /(^|\/)ggml-org\/llama\.cpp:server/],
    commands: [/^(\S*\/)?llama-server(\s|$)/, /^(\S*\/)?llama\.cpp\/server(\s|$)/],
    flags: [
      { names: ['--model', '-m'], fact: 'model' },
      { names: ['--hf-repo', '-hfr'], fact: 'model' },
      { names: ['--ctx-size', '-c'], fact: 'maxModelLen' },
      { names: ['--port'], fact: 'port' },
      { names: ['--api-key'], fact: 'apiKey' },
      { names: ['--alias', '-a'], fact: 'servedModelName' },
    ],
    env: { LLAMA_ARG_MODEL: 'model', LLAMA_ARG_HF_REPO: 'model', LLAMA_ARG_CTX_SIZE: 'maxModelLen', LLAMA_ARG_PORT: 'port', LLAMA_API_KEY: 'apiKey' },
  },
  {
    id: 'ollama',
    images: [/(^|\/)ollama\/ollama(:|@|$)/],
    commands: [/^(\S*\/)?ollama serve(\s|$)/],
    flags: [],
    env: {},
  },
  {
    id: 'torchserve',
    images: [/(^|\/)pytorch\/torchserve/],
    commands: [/^(\S*\/)?torchserve(\s|$)/],
    flags: [
      { names: ['--model-store'], fact: 'modelRepository' },
      { names: ['--models'], fact: 'model' },
    ],
    env: {},
  },
  {
    id: 'ray-serve',
    images: [],
    commands: [/^(\S*\/)?serve (run|deploy)(\s|$)/],
    flags: [],
    env: {},
  },
  {
    // KServe's Hugging Face runtime: its own flags (`--model_id`) and vLLM's engine flags, both spellings.
    id: 'huggingfaceserver',
    images: [/(^|\/)kserve\/huggingfaceserver(:|@|$)/, /(^|\/)huggingfaceserver(-gpu)?(:|@|$)/],
    commands: [/^python -m huggingfaceserver(\s|$)/],
    flags: [
      { names: ['--model-id'], fact: 'model' },
      { names: ['--model-revision'], fact: 'revision' },
      { names: ['--model-name'], fact: 'servedModelName' },
      { names: ['--tensor-parallel-size'], fact: 'tensorParallelSize' },
      { names: ['--pipeline-parallel-size'], fact: 'pipelineParallelSize' },
      { names: ['--max-model-len', '--max-length'], fact: 'maxModelLen' },
      { names: ['--trust-remote-code'], fact: 'trustRemoteCode', boolean: true },
      { names: ['--http-port'], fact: 'port' },
      { names: ['--dtype'], fact: 'dtype' },
      { names: ['--quantization'], fact: 'quantization' },
    ],
    env: {},
  },
  {
    id: 'lmdeploy',
    images: [/(^|\/)openmmlab\/lmdeploy(:|@|$)/],
    commands: [/^(\S*\/)?lmdeploy serve api_server(\s|$)/, /^python -m lmdeploy serve api_server(\s|$)/],
    positionalModelAfter: ['api_server'],
    flags: [
      { names: ['--tp'], fact: 'tensorParallelSize' },
      { names: ['--dp'], fact: 'dataParallelSize' },
      { names: ['--ep'], fact: 'expertParallel', map: sizeOverOne },
      { names: ['--server-port'], fact: 'port' },
      { names: ['--model-name'], fact: 'servedModelName' },
      { names: ['--session-len'], fact: 'maxModelLen' },
      { names: ['--api-keys'], fact: 'apiKey' },
      { names: ['--revision'], fact: 'revision' },
      { names: ['--dtype'], fact: 'dtype' },
    ],
    env: {},
  },
  {
    id: 'tensorrt-llm',
    images: [/(^|\/)nvidia\/tensorrt-llm\/release(:|@|$)/],
    commands: [/^(\S*\/)?trtllm-serve(\s|$)(?!\s*disaggregated)/],
    positionalModelAfter: ['trtllm-serve', 'serve'],
    flags: [
      { names: ['--tp-size'], fact: 'tensorParallelSize' },
      { names: ['--pp-size'], fact: 'pipelineParallelSize' },
      // MoE expert parallelism inside the TP group.
      { names: ['--ep-size'], fact: 'expertParallel', map: sizeOverOne },
      { names: ['--max-seq-len'], fact: 'maxModelLen' },
      { names: ['--port'], fact: 'port' },
      { names: ['--trust-remote-code'], fact: 'trustRemoteCode', boolean: true },
    ],
    env: {},
  },
  {
    id: 'deepsparse',
    images: [/(^|\/)neuralmagic\/deepsparse/],
    commands: [/^(\S*\/)?deepsparse\.server(\s|$)/, /^python -m deepsparse\.server(\s|$)/],
    flags: [
      { names: ['--model-path'], fact: 'model' },
      { names: ['--port'], fact: 'port' },
    ],
    env: {},
  },
];

/**
 * How each runtime is named in messages and the API it serves by default (the native manifest's `serving.runtime`
 * values `kserve` and `custom` included): one table for the adapters and the rules.
 */
const RUNTIME_INFO: Readonly<Record<string, { name: string; protocol?: string }>> = {
  vllm: { name: 'vLLM', protocol: 'openai' },
  tgi: { name: 'TGI', protocol: 'openai' },
  triton: { name: 'Triton', protocol: 'open-inference-v2' },
  nim: { name: 'NIM', protocol: 'openai' },
  sglang: { name: 'SGLang', protocol: 'openai' },
  'llama-cpp': { name: 'llama.cpp', protocol: 'openai' },
  ollama: { name: 'Ollama', protocol: 'openai' },
  torchserve: { name: 'TorchServe' },
  'ray-serve': { name: 'Ray Serve' },
  huggingfaceserver: { name: "KServe's Hugging Face server", protocol: 'openai' },
  lmdeploy: { name: 'LMDeploy', protocol: 'openai' },
  'tensorrt-llm': { name: 'TensorRT-LLM', protocol: 'openai' },
  deepsparse: { name: 'DeepSparse' },
  kserve: { name: 'KServe', protocol: 'open-inference-v2' },
};

/** A runtime's name for messages (`vLLM`), or "the server" when it is not known. */
export function runtimeName(runtime: string | undefined): string {
  return runtime ? (RUNTIME_INFO[runtime]?.name ?? runtime) : 'the server';
}

/** The API protocol a runtime serves by default (`openai`, `open-inference-v2`), when it has one. */
export function runtimeProtocol(runtime: string | undefined): string | undefined {
  return runtime ? RUNTIME_INFO[runtime]?.protocol : undefined;
}

export const RUNTIME_IDS: readonly RuntimeId[] = RUNTIMES.map((r) => r.id);

/**
 * How a runtime's command line states a fact, spelled as the parser reads it: the first flag of its row (a
 * switch or a value flag), and the environment variable that carries it, when there is one.
 */
export function runtimeSpelling(runtime: RuntimeId, fact: RuntimeFact): { flag?: string; boolean?: boolean; env?: string } {
  const def = RUNTIMES.find((r) => r.id === runtime);
  const spec = def?.flags.find((f) => f.fact === fact);
  const env = def ? Object.keys(def.env).find((k) => def.env[k] === fact) : undefined;
  return { flag: spec?.names[0], boolean: spec?.boolean, env };
}

/** The fact a command-line word states for a runtime (`--tensor-parallel-size=2`, `--trust-remote-code`), if any. */
export function factOfFlag(runtime: RuntimeId, word: string): { fact: RuntimeFact; boolean: boolean } | undefined {
  const name = flagName(word);
  const spec = RUNTIMES.find((r) => r.id === runtime)?.flags.find((f) => f.names.includes(name));
  return spec ? { fact: spec.fact, boolean: !!spec.boolean } : undefined;
}

/** Commands that run something other than a model server, by invocation (see `commandInvocation`). */
const NON_SERVER_COMMANDS: readonly { role: ContainerRole; patterns: readonly RegExp[] }[] = [
  {
    role: 'benchmark',
    patterns: [
      /^(\S*\/)?vllm bench(\s|$)/,
      /^python -m vllm\.entrypoints\.cli\.main bench(\s|$)/,
      /^python (\S*\/)?benchmark_(serving|throughput|latency|prefix_caching)[\w-]*\.py(\s|$)/,
      /^python (\S*\/)?token_benchmark_ray\.py(\s|$)/,
      /^python -m sglang\.bench_\w+(\s|$)/,
      /^(\S*\/)?(perf_analyzer|genai-perf|aiperf|guidellm|locust|inference-perf|llmperf|vegeta|k6|ab|wrk|hey|oha)(\s|$)/,
      /^python -m (guidellm|inference_perf|genai_perf|locust|llmperf)(\s|$)/,
    ],
  },
  { role: 'simulator', patterns: [/^(\S*\/)?(llm-d-inference-sim|vllm-sim)(\s|$)/] },
  {
    role: 'router',
    patterns: [
      /^(\S*\/)?(epp|envoy|llm-d-inference-scheduler|llm-d-routing-sidecar|vllm-router|pd-sidecar)(\s|$)/,
      /^python -m sglang_router\.launch_router(\s|$)/,
      /^(\S*\/)?trtllm-serve\s+disaggregated(\s|$)/,
    ],
  },
  {
    role: 'download',
    patterns: [/^(\S*\/)?(huggingface-cli|hf) download(\s|$)/, /^(\S*\/)?aibrix_download(\s|$)/, /^(\S*\/)?ollama pull(\s|$)/, /^python -m huggingface_hub(\.commands\.huggingface_cli)? download(\s|$)/, /^(\S*\/)?(gsutil|gcloud storage|s5cmd) (-m )?(cp|rsync)(\s|$)/, /^(\S*\/)?aws s3 (cp|sync)(\s|$)/],
  },
  { role: 'ui', patterns: [/^(\S*\/)?open-webui(\s|$)/] },
];

/** Images that run something other than a model server, whatever their name suggests. */
const NON_SERVER_IMAGES: readonly { role: ContainerRole; patterns: readonly RegExp[] }[] = [
  { role: 'benchmark', patterns: [/(^|\/)tritonserver:[^@]*-sdk/, /(^|\/)(genai-perf|guidellm|inference-perf|llmperf|locust|llm-d-benchmark)(:|@|$)/, /(^|\/)locustio\/locust/] },
  { role: 'simulator', patterns: [/(^|\/)(llm-d-inference-sim|vllm-sim|vllm-mock)(:|@|$)/] },
  {
    role: 'router',
    patterns: [/gateway-api-inference-extension\/epp/, /(^|\/)epp(:|@|$)/, /(^|\/)llm-d-(inference-scheduler|routing-sidecar|router-endpoint-picker)[\w-]*(:|@|$)/, /(^|\/)envoyproxy\/envoy/, /(^|\/)sglang-router(:|@|$)/],
  },
  { role: 'download', patterns: [/(^|\/)kserve-storage-initializer(:|@|$)/] },
  { role: 'ui', patterns: [/(^|\/)open-webui(:|@|$)/] },
];

/** Programs that prepare or report, and never keep a container serving. */
const TRIVIAL = new Set([
  'echo', 'printf', 'set', 'export', 'declare', 'local', 'unset', 'ulimit', 'cd', 'true', 'false', ':', 'mkdir', 'ls', 'cat', 'chmod', 'chown', 'cp', 'mv', 'rm', 'ln', 'touch',
  'for', 'case', 'pip', 'pip3', 'uv', 'apt', 'apt-get', 'yum', 'dnf', 'apk', 'nvidia-smi', 'neuron-ls', 'neuron-top', 'printenv', 'source', '.', 'wait', 'trap', 'env', 'curl', 'wget', 'git', 'df', 'du', 'id', 'whoami', 'hostname', 'date', 'test', '[', 'umask',
]);
/** Programs that only keep a container alive. */
const IDLE = new Set(['sleep', 'pause']);
/** Words before the program that do not change it. */
const WRAPPERS = new Set(['exec', 'nohup', 'time', 'setsid', 'env', 'stdbuf', 'dumb-init', 'tini', 'command', 'numactl', 'taskset']);
/** Shell keywords that open a compound command; the program follows. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'fi', 'done', 'esac']);
const SHELLS = /^(\/(usr\/)?bin\/)?(sh|bash|dash|ash|zsh)$/;
const PYTHON = /^(\S*\/)?python[0-9.]*$/;

// ---------------------------------------------------------------------------------------------------------------
// Shell words.

/** A piece of a word: literal text, or an expansion as written (`$X`, `${X:-1}`, `$(X)`, `$((…))`, `` `…` ``). */
interface Part {
  text: string;
  ref?: boolean;
  /** Inside double quotes: the expansion is not split into words. */
  quoted?: boolean;
}

interface Word {
  parts: Part[];
  source: TokenSource;
}

/** A word after expansion: `text` as the program receives it, `raw` as written. */
interface Token {
  text: string;
  raw: string;
  source: TokenSource;
}

/** The end of a `$…` or `` `…` `` expansion starting at `i` (index of its last character), or undefined for a lone `$`. */
function refEnd(s: string, i: number): number | undefined {
  if (s[i] === '`') {
    const j = s.indexOf('`', i + 1);
    return j < 0 ? s.length - 1 : j;
  }
  const c = s[i + 1];
  if (c === '(' || c === '{') {
    const close = c === '(' ? ')' : '}';
    let depth = 0;
    let quote: string | undefined;
    for (let j = i + 1; j < s.length; j++) {
      const d = s[j];
      if (quote) {
        if (d === quote) quote = undefined;
      } else if (d === '"' || d === "'") quote = d;
      else if (d === c) depth++;
      else if (d === close && --depth === 0) return j;
    }
    return s.length - 1;
  }
  const name = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(s.slice(i + 1));
  return name ? i + name[0].length : undefined;
}

/**
 * Splits a shell script into commands of words, as `sh -c` reads it: quotes, backslashes, `\`-newline
 * continuations, `#` comments (when `comments`), the operators `; & && | || ( )` and newlines between commands,
 * redirections dropped with their targets. Expansions are kept as `ref` parts for later resolution.
 */
function lexScript(s: string, source: TokenSource, comments = true): Word[][] {
  const commands: Word[][] = [];
  let cmd: Word[] = [];
  let parts: Part[] | undefined;
  let dropNext = false; // the next word is a redirection target
  const heredocs: { delim: string; strip: boolean }[] = []; // bodies start at the next newline
  const lit = (t: string): void => {
    parts ??= [];
    const last = parts[parts.length - 1];
    if (last && !last.ref) last.text += t;
    else parts.push({ text: t });
  };
  const endWord = (): void => {
    if (parts && dropNext) dropNext = false;
    else if (parts) cmd.push({ parts, source });
    parts = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (cmd.length) commands.push(cmd);
    cmd = [];
  };
  const ref = (i: number, quoted = false): number => {
    const end = refEnd(s, i);
    if (end === undefined) {
      lit(s[i]);
      return i;
    }
    parts ??= [];
    parts.push({ text: s.slice(i, end + 1), ref: true, quoted });
    return end;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      if (s[i + 1] === '\n') i++;
      else if (s[i + 1] === '\r' && s[i + 2] === '\n') i += 2;
      else if (i + 1 < s.length) lit(s[++i]);
    } else if (c === "'") {
      const j = s.indexOf("'", i + 1);
      const end = j < 0 ? s.length : j;
      lit(s.slice(i + 1, end));
      i = end;
    } else if (c === '"') {
      parts ??= [];
      for (i++; i < s.length && s[i] !== '"'; i++) {
        const d = s[i];
        if (d === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
          if (s[i + 1] !== '\n') lit(s[i + 1]);
          i++;
        } else if (d === '$' || d === '`') i = ref(i, true);
        else lit(d);
      }
    } else if (c === '$' || c === '`') {
      i = ref(i);
    } else if (c === '#' && !parts && comments) {
      const j = s.indexOf('\n', i);
      i = (j < 0 ? s.length : j) - 1;
    } else if (c === '<' && /^<[A-Za-z][\w .-]*>/.test(s.slice(i, i + 80)) && !parts) {
      // A placeholder (`--model <model-path>`), not a redirection.
      const j = s.indexOf('>', i);
      lit(s.slice(i, j + 1));
      i = j;
    } else if (c === '<' && s[i + 1] === '<' && s[i + 2] !== '<') {
      // A here-document: its body is data, not commands.
      endWord();
      const m = /^<<(-?)\s*(['"]?)([A-Za-z_][\w-]*)\2/.exec(s.slice(i));
      if (m) {
        heredocs.push({ delim: m[3], strip: m[1] === '-' });
        i += m[0].length - 1;
      } else i++;
    } else if (c === '>' || c === '<' || (c === '&' && s[i + 1] === '>')) {
      // `2>&1`, `> log`, `&> log`, `< in`: the fd number and the target are not arguments.
      if (parts && parts.length === 1 && !parts[0].ref && /^\d+$/.test(parts[0].text)) parts = undefined;
      else endWord();
      while ('<>&'.includes(s[i + 1] ?? ' ')) i++;
      dropNext = true;
    } else if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      if (c === '\n') {
        for (const h of heredocs.splice(0)) {
          let end = i;
          for (;;) {
            const next = s.indexOf('\n', end + 1);
            const line = s.slice(end + 1, next < 0 ? s.length : next);
            end = next < 0 ? s.length : next;
            if ((h.strip ? line.replace(/^\t+/, '') : line) === h.delim || next < 0) break;
          }
          i = end;
        }
      }
    } else if (/\s/.test(c)) {
      endWord();
    } else lit(c);
  }
  endCommand();
  return commands;
}

/** Splits a shell string like `sh -c` takes into words (quotes, backslashes); good enough for command lines. */
export function shellWords(s: string): string[] {
  const source: TokenSource = { list: 'args', index: 0 };
  return lexScript(s, source, false).flatMap((cmd) => cmd.map((w) => w.parts.map((p) => p.text).join('')));
}

/** A kubelet argument: only `$(VAR)` is an expansion (`$$` escapes it); the rest is literal. */
function kubeletWord(text: string, source: TokenSource): Word {
  const parts: Part[] = [];
  const re = /\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push(m[0] === '$$' ? { text: '$' } : { text: m[0], ref: true });
    last = m.index + m[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
  return { parts, source };
}

/** Variables a command line can see: literal values, and the names that are set but unknown here. */
interface Env {
  values: Map<string, string>;
  declared: Set<string>;
}

function containerEnv(container: ContainerInput): Env {
  const env: Env = { values: new Map(), declared: new Set() };
  for (const e of container.env ?? []) {
    if (typeof e?.name !== 'string') continue;
    env.declared.add(e.name);
    if (typeof e.value === 'string' || typeof e.value === 'number' || typeof e.value === 'boolean') {
      const w = kubeletWord(String(e.value), { list: 'env', index: 0 });
      const v = resolveWord(w, env);
      if (v.resolved) env.values.set(e.name, v.text);
      else env.values.delete(e.name);
    } else env.values.delete(e.name);
  }
  return env;
}

/** The value of one expansion, or undefined when it cannot be known here. */
function resolveRef(ref: string, env: Env): string | undefined {
  const plain = /^\$(?:\(([A-Za-z_]\w*)\)|\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$/.exec(ref);
  if (plain) return env.values.get(plain[1] ?? plain[2] ?? plain[3]);
  const dflt = /^\$\{([A-Za-z_]\w*):?-([^}$`]*)\}$/.exec(ref);
  // The script's own default applies when the container does not set the variable.
  if (dflt) return env.values.get(dflt[1]) ?? (env.declared.has(dflt[1]) ? undefined : dflt[2]);
  return undefined;
}

function resolveWord(w: Word, env: Env): { text: string; raw: string; resolved: boolean } {
  let text = '';
  let raw = '';
  let resolved = true;
  for (const p of w.parts) {
    raw += p.text;
    const v = p.ref ? resolveRef(p.text, env) : p.text;
    if (v === undefined) resolved = false;
    text += v ?? p.text;
  }
  return { text, raw, resolved };
}

// ---------------------------------------------------------------------------------------------------------------
// Commands.

/** One simple command after assignments and wrappers: its words from the program on. */
interface Command {
  tokens: Token[];
  /** `vllm serve m …`, `python -m vllm.entrypoints.openai.api_server …`, `python bench.py …`; '' when the words are only flags. */
  invocation: string;
  /** Index in `tokens` of the first argument after the program (and `-m module`). */
  argsStart: number;
  program: string;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Normalises `python3 -u -m mod args` to `python -m mod args`, and `/usr/bin/python3 x.py` to `python x.py`. */
function commandOf(tokens: Token[]): Command {
  const words = tokens.map((t) => t.text);
  let k = 0;
  for (;;) {
    const w = words[k];
    if (w === undefined) break;
    if (KEYWORDS.has(w)) k++;
    else if (WRAPPERS.has(basename(w))) {
      k++;
      if (w === 'tini' || w === 'dumb-init') while (words[k]?.startsWith('-')) k++;
      while (words[k] !== undefined && (words[k].startsWith('-') || ASSIGNMENT.test(words[k]))) k++;
    } else break;
  }
  const rest = tokens.slice(k);
  const first = rest[0]?.text ?? '';
  if (!first || first.startsWith('-')) return { tokens: rest, invocation: '', argsStart: 0, program: '' };
  if (PYTHON.test(first)) {
    let j = 1;
    while (rest[j] && /^-[A-Za-z]+$/.test(rest[j].text) && rest[j].text !== '-m' && rest[j].text !== '-c') j += ['-X', '-W'].includes(rest[j].text) ? 2 : 1;
    const head = rest[j]?.text === '-m' ? `python -m ${rest[j + 1]?.text ?? ''}` : `python ${rest[j]?.text ?? ''}`;
    const start = rest[j]?.text === '-m' ? j + 2 : j + 1;
    return { tokens: rest, invocation: [head, ...rest.slice(start, start + 3).map((t) => t.text)].join(' '), argsStart: start, program: 'python' };
  }
  return { tokens: rest, invocation: rest.slice(0, 4).map((t) => t.text).join(' '), argsStart: 1, program: basename(first) };
}

/** A `sh -c` flag cluster (`-c`, `-lc`, `-ec`, `-exc`): the script follows. */
const SHELL_C = /^-[a-z]*c[a-z]*$/;

/** The script of a shell argv (`sh -c script`, `bash -lc -- script`), or undefined when it runs a script file. */
function shellScript(words: readonly Token[]): Token | undefined {
  for (let i = 1; i < words.length; i++) {
    const w = words[i].text;
    if (w === '--') continue;
    if (SHELL_C.test(w)) {
      let j = i + 1;
      while (words[j]?.text === '--') j++;
      return words[j];
    }
    if (w === '-o') i++;
    else if (!w.startsWith('-')) return undefined;
  }
  return undefined;
}

/**
 * The commands a container runs, in order, with variables resolved as the kubelet and the shell would at that
 * point: `shell` says whether the argv was a shell script (split into commands) or one command.
 */
function containerCommands(container: ContainerInput): { commands: Command[]; shell: boolean; env: Env } {
  const env = containerEnv(container);
  const items = [
    ...(container.command ?? []).map((v, index) => ({ v, source: { list: 'command' as const, index } })),
    ...(container.args ?? []).map((v, index) => ({ v, source: { list: 'args' as const, index } })),
  ].map(({ v, source }) => kubeletWord(v === null || v === undefined ? '' : String(v), source));
  const commands: Command[] = [];
  const run = (words: Word[], depth: number): boolean => {
    // Assignments before the program set variables for it (and, as `export`/plain assignments, for later commands).
    const tokens: Token[] = [];
    const assign = (w: Word): boolean => {
      const m = w.parts[0]?.ref ? null : ASSIGNMENT.exec(w.parts[0]?.text ?? '');
      if (!m) return false;
      const value = resolveWord({ parts: [{ text: w.parts[0].text.slice(m[0].length) }, ...w.parts.slice(1)], source: w.source }, env);
      if (value.resolved) env.values.set(m[1], value.text);
      else env.values.delete(m[1]);
      env.declared.add(m[1]);
      return true;
    };
    let i = 0;
    while (i < words.length && assign(words[i])) i++;
    const isExport = ['export', 'declare', 'local', 'readonly'].includes(resolveWord(words[i] ?? { parts: [], source: words[0]?.source }, env).text);
    for (const w of words.slice(i)) {
      if (isExport) assign(w);
      const r = resolveWord(w, env);
      // An unquoted `$ARGS` alone is split into words, as the shell does (`vllm serve m $EXTRA_ARGS`).
      const split = w.parts.length === 1 && w.parts[0].ref && !w.parts[0].quoted && r.resolved ? r.text.split(/\s+/).filter(Boolean) : [r.text];
      for (const text of split) tokens.push({ text, raw: r.raw, source: w.source });
    }
    const cmd = commandOf(tokens);
    if (!cmd.tokens.length) return false;
    const script = SHELLS.test(cmd.tokens[0]?.text ?? '') ? shellScript(cmd.tokens) : undefined;
    if (script && depth < 3) {
      for (const inner of lexScript(script.text, script.source)) run(inner, depth + 1);
      return true;
    }
    commands.push(cmd);
    return false;
  };
  const argv = items.map((w) => resolveWord(w, env));
  const script = argv.length && SHELLS.test(argv[0].text) ? shellScript(argv.map((r, i) => ({ text: r.text, raw: r.raw, source: items[i].source }))) : undefined;
  if (script) {
    // The script item as written: the shell, not the kubelet, expands `$X` and `${X}` in it (the kubelet's `$(X)` too).
    const item = items.find((w) => w.source === script.source)!;
    for (const cmd of lexScript(item.parts.map((p) => p.text).join(''), script.source)) run(cmd, 1);
    return { commands, shell: true, env };
  }
  if (items.length) run(items, 0);
  return { commands, shell: false, env };
}

type Classified =
  | { kind: 'server'; def: RuntimeDef; by: 'command' | 'image'; command?: Command }
  | { kind: 'role'; role: ContainerRole }
  | { kind: 'unknown'; command?: Command };

function commandRole(cmd: Command): ContainerRole | 'idle' | 'trivial' | undefined {
  for (const r of NON_SERVER_COMMANDS) if (r.patterns.some((re) => re.test(cmd.invocation))) return r.role;
  if (IDLE.has(cmd.program)) return 'idle';
  if (cmd.program === 'tail' && cmd.tokens.some((t) => t.text === '/dev/null')) return 'idle';
  if (TRIVIAL.has(cmd.program) || (cmd.program === 'python' && /^python -m pip(\s|$)/.test(cmd.invocation))) return 'trivial';
  return undefined;
}

function serverDef(cmd: Command): RuntimeDef | undefined {
  return RUNTIMES.find((def) => def.commands.some((re) => re.test(cmd.invocation)));
}

/** What a container runs: a server (by command or image), a known non-server role, or unknown. */
function classify(container: ContainerInput): { c: Classified; env: Env } {
  const { commands, env } = containerCommands(container);
  const image = typeof container.image === 'string' ? container.image : '';
  // The command that keeps the container running: the last one that is neither preparation nor idling.
  const substantial = commands.filter((cmd) => !['idle', 'trivial'].includes(commandRole(cmd) ?? ''));
  const last = substantial[substantial.length - 1];
  const lastRole = last ? commandRole(last) : undefined;
  if (lastRole && lastRole !== 'idle' && lastRole !== 'trivial') return { c: { kind: 'role', role: lastRole }, env };
  const server = substantial.map((cmd) => ({ cmd, def: serverDef(cmd) })).find((x) => x.def);
  if (server) return { c: { kind: 'server', def: server.def!, by: 'command', command: server.cmd }, env };
  if (commands.length && !substantial.length) {
    const idle = commands.some((cmd) => commandRole(cmd) === 'idle');
    return { c: { kind: 'role', role: idle ? 'idle' : 'utility' }, env };
  }
  for (const r of NON_SERVER_IMAGES) if (r.patterns.some((re) => re.test(image))) return { c: { kind: 'role', role: r.role }, env };
  const def = image ? RUNTIMES.find((d) => d.images.some((re) => re.test(image))) : undefined;
  // The image's entrypoint is the server; flags given to it (or to the script that starts it) are its flags.
  if (def) return { c: { kind: 'server', def, by: 'image', command: last }, env };
  return { c: { kind: 'unknown', command: last }, env };
}

/** What a container runs when it is not a model server (benchmark, router, …); undefined for a server or when unknown. */
export function containerRole(container: ContainerInput): ContainerRole | undefined {
  const { c } = classify(container);
  return c.kind === 'role' ? c.role : undefined;
}

/** Which runtime a container runs, if any. */
export function detectRuntime(container: ContainerInput): { def: RuntimeDef; by: 'image' | 'command' } | undefined {
  const { c } = classify(container);
  return c.kind === 'server' ? { def: c.def, by: c.by } : undefined;
}

/** The name of a flag word (`--tp_size=2` → `--tp-size`): underscores spelled as dashes, as the runtimes accept. */
function flagName(word: string): string {
  const eq = word.indexOf('=');
  return (eq > 0 ? word.slice(0, eq) : word).replace(/_/g, '-');
}

/** Detects the runtime of a container and parses its flags and environment into facts. */
export function parseRuntime(container: ContainerInput, assume?: RuntimeId): RuntimeMatch | undefined {
  const { c, env } = classify(container);
  if (c.kind === 'role') return undefined;
  const assumed = assume ? RUNTIMES.find((r) => r.id === assume) : undefined;
  const found = c.kind === 'server' ? { def: c.def, by: c.by } : assumed ? { def: assumed, by: 'assumed' as const } : undefined;
  if (!found) return undefined;
  const { def, by } = found;
  const facts: Partial<Record<RuntimeFact, ParsedValue>> = {};
  const set = (fact: RuntimeFact, t: Pick<Token, 'text' | 'raw' | 'source'>, override: boolean, map?: (v: string) => string): void => {
    if (facts[fact] && !override) return;
    facts[fact] = { raw: t.raw, value: map ? map(t.text) : t.text, source: t.source };
  };

  // Environment first: flags win over it, as the runtimes' own precedence has it.
  (container.env ?? []).forEach((e, index) => {
    const fact = typeof e?.name === 'string' ? def.env[e.name] : undefined;
    if (!fact) return;
    const source: TokenSource = { list: 'env', index };
    if (e.value !== undefined && e.value !== null) {
      const raw = String(e.value);
      set(fact, { raw, text: env.values.get(e.name as string) ?? raw, source }, true);
    } else if (e.valueFrom) set(fact, { raw: `$(${e.name})`, text: `$(${e.name})`, source }, true); // from a Secret or ConfigMap: not a literal
  });

  const command = c.command;
  // From the program on (`vllm serve <model>`, `trtllm-serve <model>`), not the interpreter's own options.
  const toks: Token[] = command ? command.tokens.slice(Math.max(0, command.argsStart - 1)) : [];
  (container.env ?? []).forEach((e, index) => {
    if (typeof e?.name === 'string' && def.argsEnv?.includes(e.name) && typeof e.value === 'string') {
      for (const cmd of lexScript(e.value, { list: 'env', index })) for (const w of cmd) toks.push({ ...resolveWord(w, env), source: w.source });
    }
  });
  const flagByName = new Map<string, FlagSpec>();
  for (const f of def.flags) for (const n of f.names) flagByName.set(n, f);
  let positionalArmed = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i].text;
    if (def.positionalModelAfter?.includes(basename(t))) {
      positionalArmed = true;
      continue;
    }
    if (t.startsWith('-') && t.length > 1) {
      positionalArmed = false;
      const eq = t.indexOf('=');
      const name = flagName(t);
      const negated = name.startsWith('--no-') ? flagByName.get(`--${name.slice(5)}`) : undefined;
      if (negated?.boolean) {
        set(negated.fact, { ...toks[i], text: 'false' }, true);
        continue;
      }
      const spec = flagByName.get(name);
      if (!spec) continue;
      if (spec.boolean) {
        set(spec.fact, { ...toks[i], text: eq > 0 ? t.slice(eq + 1) : 'true' }, true);
      } else if (eq > 0) {
        set(spec.fact, { ...toks[i], text: t.slice(eq + 1), raw: toks[i].raw.slice(toks[i].raw.indexOf('=') + 1) }, true, spec.map);
      } else if (i + 1 < toks.length && !toks[i + 1].text.startsWith('--')) {
        set(spec.fact, toks[i + 1], true, spec.map);
        i++;
      }
      continue;
    }
    if (positionalArmed) {
      set('model', toks[i], !facts.model || facts.model.source.list === 'env');
      positionalArmed = false;
    }
  }
  def.finish?.(facts, toks.map((t) => t.text));
  return { runtime: def.id, by, facts };
}

/** A number from a parsed value, when it is one. */
export function asNumber(v: ParsedValue | undefined): number | undefined {
  if (!v || !/^-?\d+(\.\d+)?$/.test(v.value.trim())) return undefined;
  return Number(v.value);
}

/** A boolean from a parsed value (`--flag`, `--flag=true`, `TRUST_REMOTE_CODE=true`). */
export function asBoolean(v: ParsedValue | undefined): boolean | undefined {
  if (!v) return undefined;
  const s = v.value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  return undefined;
}

/** Model reference as a URI: a Hugging Face id `org/name` becomes `hf://org/name`; URIs and paths stay. */
export function modelUri(model: string): string {
  const m = model.trim();
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(m)) return m;
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(m)) return `hf://${m}`;
  if (m.startsWith('/')) return `file://${m}`;
  return m;
}
