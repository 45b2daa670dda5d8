/**
 * Model-server detection and command-line parsing, table-driven: one row per serving runtime says how to
 * recognise it (image, command) and which flags and environment variables carry which fact.
 */

export type RuntimeId = 'vllm' | 'tgi' | 'triton' | 'nim' | 'sglang' | 'llama-cpp' | 'ollama' | 'torchserve' | 'ray-serve';

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
  /** A switch: present means "true" (`--trust-remote-code`). */
  boolean?: boolean;
}

interface RuntimeDef {
  id: RuntimeId;
  images: readonly RegExp[];
  /** Matched against the command line joined with spaces. */
  commands: readonly RegExp[];
  flags: readonly FlagSpec[];
  env: Readonly<Partial<Record<string, RuntimeFact>>>;
  /** The first positional argument after this token is the model (`vllm serve <model>`). */
  positionalModelAfter?: readonly string[];
  /** Environment variables whose value is more command-line flags (KServe's `VLLM_ADDITIONAL_ARGS`). */
  argsEnv?: readonly string[];
}

const RUNTIMES: readonly RuntimeDef[] = [
  {
    id: 'vllm',
    images: [/(^|\/)vllm\/vllm-(openai|tpu|rocm)/, /(^|\/)vllm-openai(-cpu)?(:|@|$)/, /(^|\/)llm-d\/llm-d-(cuda|rocm|cpu|xpu|hpu|tpu)(:|@|$)/, /(^|\/)rocm\/vllm/],
    commands: [/(^|[\s/])vllm\s+serve(\s|$)/, /vllm\.entrypoints\./],
    positionalModelAfter: ['serve'],
    flags: [
      { names: ['--model'], fact: 'model' },
      { names: ['--revision'], fact: 'revision' },
      { names: ['--tensor-parallel-size', '-tp'], fact: 'tensorParallelSize' },
      { names: ['--pipeline-parallel-size', '-pp'], fact: 'pipelineParallelSize' },
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
    images: [/(^|\/)huggingface\/text-generation-inference/, /huggingface-text-generation-inference/, /(^|\/)text-generation-inference(:|@|$)/],
    commands: [/(^|[\s/])text-generation-launcher(\s|$)/],
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
    images: [/(^|\/)nvidia\/tritonserver/, /(^|\/)tritonserver(:|@|$)/],
    commands: [/(^|[\s/])tritonserver(\s|$)/],
    flags: [
      { names: ['--model-repository', '--model-store'], fact: 'modelRepository' },
      { names: ['--http-port'], fact: 'port' },
    ],
    env: {},
  },
  {
    id: 'nim',
    images: [/(^|\/)nvcr\.io\/nim\//, /^nvcr\.io\/nim\//],
    commands: [],
    flags: [],
    env: { NIM_MODEL_NAME: 'model', NIM_SERVED_MODEL_NAME: 'servedModelName', NIM_TENSOR_PARALLEL_SIZE: 'tensorParallelSize', NIM_PIPELINE_PARALLEL_SIZE: 'pipelineParallelSize', NIM_MAX_MODEL_LEN: 'maxModelLen', NIM_SERVER_PORT: 'port' },
  },
  {
    id: 'sglang',
    images: [/(^|\/)lmsysorg\/sglang/],
    commands: [/sglang\.launch_server/, /(^|[\s/])sglang\s+serve(\s|$)/],
    flags: [
      { names: ['--model-path', '--model'], fact: 'model' },
      { names: ['--revision'], fact: 'revision' },
      { names: ['--tp', '--tp-size', '--tensor-parallel-size'], fact: 'tensorParallelSize' },
      { names: ['--pp', '--pp-size', '--pipeline-parallel-size'], fact: 'pipelineParallelSize' },
      { names: ['--context-length'], fact: 'maxModelLen' },
      { names: ['--trust-remote-code'], fact: 'trustRemoteCode', boolean: true },
      { names: ['--port'], fact: 'port' },
      { names: ['--api-key'], fact: 'apiKey' },
      { names: ['--served-model-name'], fact: 'servedModelName' },
      { names: ['--quantization'], fact: 'quantization' },
      { names: ['--dtype'], fact: 'dtype' },
    ],
    env: {},
  },
  {
    id: 'llama-cpp',
    images: [/(^|\/)ggerganov\/llama\.cpp:server/, /(^|\/)ggml-org\/llama\.cpp:server/],
    commands: [/(^|[\s/])llama-server(\s|$)/, /(^|[\s/])llama\.cpp\/server(\s|$)/],
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
    commands: [/(^|[\s/])ollama\s+serve(\s|$)/],
    flags: [],
    env: {},
  },
  {
    id: 'torchserve',
    images: [/(^|\/)pytorch\/torchserve/],
    commands: [/(^|[\s/])torchserve(\s|$)/],
    flags: [
      { names: ['--model-store'], fact: 'modelRepository' },
      { names: ['--models'], fact: 'model' },
    ],
    env: {},
  },
  {
    id: 'ray-serve',
    images: [],
    commands: [/(^|[\s/])serve\s+(run|deploy)(\s|$)/],
    flags: [],
    env: {},
  },
];

export const RUNTIME_IDS: readonly RuntimeId[] = RUNTIMES.map((r) => r.id);

interface Token {
  text: string;
  source: TokenSource;
}

/** Splits a shell string like `sh -c` takes into words (quotes, backslashes); good enough for command lines. */
export function shellWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      if (s[i + 1] !== '\n') cur += s[i + 1];
      i++;
      inWord = true;
    } else if (/\s/.test(c) || c === ';' || c === '&' || c === '|') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

const SHELLS = /^(\/(usr\/)?bin\/)?(sh|bash|dash|ash|zsh)$/;

/** command + args as tokens; a `sh -c "<script>"` string is split into words that keep their source. */
function tokens(container: ContainerInput): Token[] {
  const out: Token[] = [];
  const command = (container.command ?? []).map((v) => (v === null || v === undefined ? '' : String(v)));
  const args = (container.args ?? []).map((v) => (v === null || v === undefined ? '' : String(v)));
  const all: Token[] = [
    ...command.map((text, index) => ({ text, source: { list: 'command' as const, index } })),
    ...args.map((text, index) => ({ text, source: { list: 'args' as const, index } })),
  ];
  const shell = all.length > 0 && SHELLS.test(all[0].text);
  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    // The script of `sh -c` (or any multi-word item) is split into words.
    if (shell && i > 0 && /^-[a-z]*c[a-z]*$/.test(all[i - 1].text)) {
      for (const w of shellWords(t.text)) out.push({ text: w, source: t.source });
    } else out.push(t);
  }
  return out;
}

/** Literal env values by name, for `$(VAR)` expansion as the kubelet does it. */
function envValues(container: ContainerInput): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of container.env ?? []) {
    if (typeof e?.name === 'string' && (typeof e.value === 'string' || typeof e.value === 'number' || typeof e.value === 'boolean')) m.set(e.name, String(e.value));
  }
  return m;
}

/** Expands `$(VAR)` (the kubelet's rule) and `${VAR}` (a shell script's) from literal env values; unknown references stay as written. */
export function expandVars(text: string, env: ReadonlyMap<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, a?: string, b?: string) => env.get(a ?? b ?? '') ?? m);
}

/** Which runtime a container runs, if any. */
export function detectRuntime(container: ContainerInput): { def: RuntimeDef; by: 'image' | 'command' } | undefined {
  const commandLine = tokens(container)
    .map((t) => t.text)
    .join(' ');
  for (const def of RUNTIMES) if (def.commands.some((re) => re.test(commandLine))) return { def, by: 'command' };
  const image = typeof container.image === 'string' ? container.image : '';
  if (image) for (const def of RUNTIMES) if (def.images.some((re) => re.test(image))) return { def, by: 'image' };
  return undefined;
}

/** Detects the runtime of a container and parses its flags and environment into facts. */
export function parseRuntime(container: ContainerInput, assume?: RuntimeId): RuntimeMatch | undefined {
  const assumed = assume ? RUNTIMES.find((r) => r.id === assume) : undefined;
  const found = detectRuntime(container) ?? (assumed ? { def: assumed, by: 'assumed' as const } : undefined);
  if (!found) return undefined;
  const { def, by } = found;
  const env = envValues(container);
  const facts: Partial<Record<RuntimeFact, ParsedValue>> = {};
  const set = (fact: RuntimeFact, raw: string, source: TokenSource, override: boolean): void => {
    if (facts[fact] && !override) return;
    facts[fact] = { raw, value: expandVars(raw, env), source };
  };

  // Environment first: flags win over it, as the runtimes' own precedence has it.
  (container.env ?? []).forEach((e, index) => {
    const fact = typeof e?.name === 'string' ? def.env[e.name] : undefined;
    if (!fact) return;
    if (e.value !== undefined && e.value !== null) set(fact, String(e.value), { list: 'env', index }, true);
    else if (e.valueFrom) set(fact, `$(${e.name})`, { list: 'env', index }, true); // from a Secret or ConfigMap: not a literal
  });

  const toks = tokens(container);
  (container.env ?? []).forEach((e, index) => {
    if (typeof e?.name === 'string' && def.argsEnv?.includes(e.name) && typeof e.value === 'string') {
      for (const w of shellWords(e.value)) toks.push({ text: w, source: { list: 'env', index } });
    }
  });
  const flagByName = new Map<string, FlagSpec>();
  for (const f of def.flags) for (const n of f.names) flagByName.set(n, f);
  let positionalArmed = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i].text;
    if (def.positionalModelAfter?.includes(t)) {
      positionalArmed = true;
      continue;
    }
    if (t.startsWith('-')) {
      positionalArmed = false;
      const eq = t.indexOf('=');
      const name = eq > 0 ? t.slice(0, eq) : t;
      const spec = flagByName.get(name) ?? flagByName.get(name.replace(/_/g, '-'));
      if (!spec) continue;
      if (spec.boolean) {
        const v = eq > 0 ? t.slice(eq + 1) : 'true';
        set(spec.fact, v, toks[i].source, true);
      } else if (eq > 0) {
        set(spec.fact, t.slice(eq + 1), toks[i].source, true);
      } else if (i + 1 < toks.length && !(toks[i + 1].text.startsWith('--'))) {
        set(spec.fact, toks[i + 1].text, toks[i + 1].source, true);
        i++;
      }
      continue;
    }
    if (positionalArmed) {
      set('model', t, toks[i].source, !facts.model || facts.model.source.list === 'env');
      positionalArmed = false;
    }
  }
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

/** Whether a value is a reference (`$(VAR)`, `${VAR}`) rather than a literal. */
export function isReference(raw: string): boolean {
  return /\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{[A-Za-z_][A-Za-z0-9_]*/.test(raw);
}

/** Model reference as a URI: a Hugging Face id `org/name` becomes `hf://org/name`; URIs and paths stay. */
export function modelUri(model: string): string {
  const m = model.trim();
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(m)) return m;
  if (/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(m)) return `hf://${m}`;
  if (m.startsWith('/')) return `file://${m}`;
  return m;
}
