// Deterministic generators for the benchmark's test files: multi-document vLLM Deployment files for the
// language-server runs and a mixed-format corpus for the CLI. Same seed, same bytes, on every machine.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bump when a template changes, so a cached corpus in bench/.work/ is regenerated. */
export const GENERATOR_VERSION = 1;

/** Small seeded PRNG (mulberry32): the generated files must not change between runs. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: (list) => list[Math.floor(next() * list.length)], int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const MODELS = [
  { id: 'meta-llama/Llama-3.1-8B-Instruct', slug: 'llama-3-1-8b', gpus: 1, maxLen: 16384, mem: '32Gi' },
  { id: 'meta-llama/Llama-3.1-70B-Instruct', slug: 'llama-3-1-70b', gpus: 4, maxLen: 32768, mem: '320Gi' },
  { id: 'mistralai/Mistral-7B-Instruct-v0.3', slug: 'mistral-7b', gpus: 1, maxLen: 32768, mem: '32Gi' },
  { id: 'mistralai/Mixtral-8x7B-Instruct-v0.1', slug: 'mixtral-8x7b', gpus: 2, maxLen: 32768, mem: '192Gi' },
  { id: 'Qwen/Qwen2.5-7B-Instruct', slug: 'qwen2-5-7b', gpus: 1, maxLen: 32768, mem: '32Gi' },
  { id: 'Qwen/Qwen2.5-32B-Instruct', slug: 'qwen2-5-32b', gpus: 2, maxLen: 32768, mem: '128Gi' },
  { id: 'google/gemma-2-9b-it', slug: 'gemma-2-9b', gpus: 1, maxLen: 8192, mem: '40Gi' },
  { id: 'microsoft/Phi-3-mini-4k-instruct', slug: 'phi-3-mini', gpus: 1, maxLen: 4096, mem: '16Gi' },
  { id: 'ibm-granite/granite-3.1-8b-instruct', slug: 'granite-3-1-8b', gpus: 1, maxLen: 16384, mem: '32Gi' },
  { id: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B', slug: 'deepseek-r1-14b', gpus: 2, maxLen: 16384, mem: '64Gi' },
];
export const VLLM_TAGS = ['v0.8.5', 'v0.9.2', 'v0.10.1', 'v0.10.2', 'v0.11.0'];
const TGI_TAGS = ['3.0.2', '3.1.1', '3.2.3', '3.3.0'];
const GPUS = ['nvidia-l4', 'nvidia-a100-80gb', 'nvidia-h100-80gb', 'nvidia-l40s'];
const NAMESPACES = ['genai', 'genai-prod', 'ml-serving', 'inference', 'llm-platform'];
export const MAX_NUM_SEQS = ['128', '256', '512'];

/**
 * One vLLM Deployment. Returns its lines and the line index (within the document) of the values the
 * benchmark edits and points at. `replicasValue` lets the caller plant `"two"` as a schema error.
 */
export function vllmDeployment(i, r, { replicasValue, flawed = false } = {}) {
  const m = r.pick(MODELS);
  const name = `${m.slug}-${String(i).padStart(4, '0')}`;
  const ns = r.pick(NAMESPACES);
  const replicas = replicasValue ?? String(r.int(1, 4));
  const tag = r.pick(VLLM_TAGS);
  const seqs = r.pick(MAX_NUM_SEQS);
  const util = r.pick(['0.85', '0.90', '0.92', '0.95']);
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    '  labels:',
    `    app.kubernetes.io/name: ${name}`,
    '    app.kubernetes.io/component: inference',
    '    app.kubernetes.io/part-of: genai-platform',
    'spec:',
    `  replicas: ${replicas}`,
    '  revisionHistoryLimit: 5',
    '  progressDeadlineSeconds: 1200',
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${name}`,
    '  strategy:',
    '    type: RollingUpdate',
    '    rollingUpdate:',
    '      maxSurge: 1',
    '      maxUnavailable: 0',
    '  template:',
    '    metadata:',
    '      labels:',
    `        app.kubernetes.io/name: ${name}`,
    '        app.kubernetes.io/component: inference',
    '      annotations:',
    '        prometheus.io/scrape: "true"',
    '        prometheus.io/port: "8000"',
    '    spec:',
    '      serviceAccountName: inference',
    '      terminationGracePeriodSeconds: 150',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        runAsUser: 1000',
    '        fsGroup: 1000',
    '      nodeSelector:',
    `        cloud.google.com/gke-accelerator: ${r.pick(GPUS)}`,
    '      tolerations:',
    '        - key: nvidia.com/gpu',
    '          operator: Exists',
    '          effect: NoSchedule',
    '      containers:',
    '        - name: vllm',
    `          image: vllm/vllm-openai:${tag}`,
    '          imagePullPolicy: IfNotPresent',
    '          command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]',
    '          args:',
    `            - --model=${m.id}`,
    `            - --served-model-name=${name}`,
    `            - --tensor-parallel-size=${m.gpus}`,
    `            - --max-model-len=${m.maxLen}`,
    `            - --max-num-seqs=${seqs}`,
    `            - --gpu-memory-utilization=${util}`,
    '            - --enable-prefix-caching',
    '            - --port=8000',
    '          env:',
    '            - name: HF_TOKEN',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: hf-token',
    '                  key: token',
    '            - name: VLLM_LOGGING_LEVEL',
    '              value: INFO',
    '          ports:',
    '            - name: http',
    '              containerPort: 8000',
    '              protocol: TCP',
    '          resources:',
    '            requests:',
    `              cpu: "${m.gpus * 4}"`,
    `              memory: ${m.mem}`,
    `              nvidia.com/gpu: "${m.gpus}"`,
    '            limits:',
    `              memory: ${m.mem}`,
    `              nvidia.com/gpu: "${m.gpus}"`,
    '          readinessProbe:',
    '            httpGet:',
    '              path: /health',
    '              port: 8000',
    '            periodSeconds: 10',
    '          livenessProbe:',
    '            httpGet:',
    '              path: /health',
    '              port: 8000',
    '            periodSeconds: 30',
    '            failureThreshold: 5',
    '          startupProbe:',
    '            httpGet:',
    '              path: /health',
    '              port: 8000',
    '            periodSeconds: 10',
    '            failureThreshold: 90',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            capabilities:',
    '              drop: ["ALL"]',
    '          volumeMounts:',
    '            - name: dshm',
    '              mountPath: /dev/shm',
    '            - name: model-cache',
    '              mountPath: /root/.cache/huggingface',
    '      volumes:',
    '        - name: dshm',
    '          emptyDir:',
    '            medium: Memory',
    '            sizeLimit: 8Gi',
    '        - name: model-cache',
    '          persistentVolumeClaim:',
    `            claimName: ${m.slug}-weights`,
  ];
  if (flawed) removeSections(lines, FLAWED_DROPS);
  const at = (prefix) => lines.findIndex((l) => l.trimStart().startsWith(prefix));
  const sites = {
    replicas: at('replicas:'),
    image: at('image:'),
    imagePullPolicy: at('imagePullPolicy:'),
    maxNumSeqs: at('- --max-num-seqs='),
    containerPort: at('containerPort:'),
    memory: at('memory:'),
  };
  return { lines, sites };
}

/** What a flawed Deployment lacks: probes, security contexts, rollout settings, volumes (about 9 findings each). */
const FLAWED_DROPS = /^(readinessProbe|livenessProbe|startupProbe|securityContext|progressDeadlineSeconds|strategy|terminationGracePeriodSeconds|volumeMounts|volumes):/;

/** Removes the keys matching `drop` with their nested lines, in place. */
function removeSections(lines, drop) {
  const kept = [];
  let skipAbove = -1;
  for (const l of lines) {
    const indent = l.length - l.trimStart().length;
    if (skipAbove >= 0 && indent > skipAbove) continue;
    skipAbove = drop.test(l.trim()) ? indent : -1;
    if (skipAbove < 0) kept.push(l);
  }
  lines.splice(0, lines.length, ...kept);
}

/**
 * A file of `count` vLLM Deployments separated by `---`, with `replicas: "two"` planted in the middle
 * document. Returns the text, each document's sites as absolute line numbers, and the planted line.
 * `flawed`: every document lacks probes, security contexts and rollout settings, so each has findings.
 */
export function vllmFile(count, seed = 42, { flawed = false } = {}) {
  const r = rng(seed + count);
  const planted = Math.floor(count / 2);
  const all = [];
  const docs = [];
  for (let i = 0; i < count; i++) {
    if (i > 0) all.push('---');
    const start = all.length;
    const d = vllmDeployment(i, r, { flawed, ...(i === planted ? { replicasValue: '"two"' } : {}) });
    all.push(...d.lines);
    docs.push(Object.fromEntries(Object.entries(d.sites).map(([k, v]) => [k, start + v])));
  }
  return { text: `${all.join('\n')}\n`, lines: all, docs, plantedDoc: planted, plantedLine: docs[planted].replicas };
}

function tgiDeployment(i, r) {
  const m = r.pick(MODELS);
  const name = `tgi-${m.slug}-${String(i).padStart(5, '0')}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${r.pick(NAMESPACES)}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: ${r.int(1, 4)}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
    spec:
      containers:
        - name: tgi
          image: ghcr.io/huggingface/text-generation-inference:${r.pick(TGI_TAGS)}
          args: ["--model-id", "${m.id}", "--num-shard", "${m.gpus}", "--max-total-tokens", "${m.maxLen}"]
          env:
            - name: HF_TOKEN
              valueFrom:
                secretKeyRef: { name: hf-token, key: token }
          ports:
            - containerPort: 80
              name: http
          resources:
            limits:
              nvidia.com/gpu: "${m.gpus}"
              memory: ${m.mem}
          readinessProbe:
            httpGet: { path: /health, port: 80 }
          volumeMounts:
            - { name: shm, mountPath: /dev/shm }
      volumes:
        - name: shm
          emptyDir: { medium: Memory, sizeLimit: 1Gi }
`;
}

function service(i, r) {
  const name = `${r.pick(MODELS).slug}-${String(i).padStart(5, '0')}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${r.pick(NAMESPACES)}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: 8000
      protocol: TCP
`;
}

function hpa(i, r) {
  const name = `${r.pick(MODELS).slug}-${String(i).padStart(5, '0')}`;
  const min = r.int(1, 3);
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${r.pick(NAMESPACES)}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: ${min}
  maxReplicas: ${min + r.int(1, 8)}
  metrics:
    - type: Pods
      pods:
        metric:
          name: vllm:num_requests_waiting
        target:
          type: AverageValue
          averageValue: "${r.int(5, 20)}"
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 600
`;
}

function inferenceService(i, r) {
  const m = r.pick(MODELS);
  const name = `${m.slug}-${String(i).padStart(5, '0')}`;
  return `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: ${name}
  namespace: ${r.pick(NAMESPACES)}
  annotations:
    serving.kserve.io/deploymentMode: RawDeployment
spec:
  predictor:
    minReplicas: ${r.int(1, 3)}
    maxReplicas: ${r.int(3, 8)}
    model:
      modelFormat:
        name: huggingface
      runtime: kserve-huggingfaceserver
      storageUri: hf://${m.id}
      args:
        - --max-model-len=${m.maxLen}
        - --tensor-parallel-size=${m.gpus}
      resources:
        requests:
          cpu: "4"
          memory: ${m.mem}
          nvidia.com/gpu: "${m.gpus}"
        limits:
          memory: ${m.mem}
          nvidia.com/gpu: "${m.gpus}"
`;
}

/** A native ModelDeployment, mid-sized (about half the sections the complete example fills in). */
export function nativeModelDeployment(i, r) {
  const m = r.pick(MODELS);
  const name = `${m.slug}-${String(i).padStart(5, '0')}`;
  const min = r.int(1, 3);
  return `apiVersion: modelready.dev/v1alpha1
kind: ModelDeployment
metadata:
  name: ${name}
  namespace: ${r.pick(NAMESPACES)}
  owner: ml-platform@example.com
  team: genai-${r.int(1, 40)}
  description: Generated benchmark deployment ${i} serving ${m.id}.
model:
  uri: hf://${m.id}
  revision: ${r.pick(['main', '0e9e39f249a16976918f6564b8830bc894c89659'])}
  license: ${r.pick(['apache-2.0', 'llama3.1', 'mit'])}
  task: chat
architecture:
  target: cloud
  provider: gcp
  regions: [europe-west4]
  dataResidency: eu
serving:
  runtime: vllm
  image: vllm/vllm-openai:${r.pick(VLLM_TAGS)}
  protocol: openai
  port: 8000
  exposure: ${r.pick(['internal', 'public'])}
  auth: oidc
  tls: true
  args:
    - --max-model-len=${m.maxLen}
    - --max-num-seqs=${r.pick(MAX_NUM_SEQS)}
resources:
  accelerator:
    type: ${r.pick(GPUS)}
    count: ${m.gpus}
  memory: ${m.mem}
  tensorParallelSize: ${m.gpus}
scaling:
  minReplicas: ${min}
  maxReplicas: ${min + r.int(1, 6)}
reliability:
  probes:
    readiness: /health
monitoring:
  metrics:
    path: /metrics
    port: 8000
    scrape: true
  runbook: https://runbooks.example.com/${name}
`;
}

/** Share of each format in the CLI corpus (sums to 1). */
export const CORPUS_MIX = [
  { kind: 'native', label: 'native ModelDeployment', share: 0.3, make: nativeModelDeployment },
  { kind: 'vllm', label: 'Deployment (vLLM)', share: 0.2, make: (i, r) => `${vllmDeployment(i, r).lines.join('\n')}\n` },
  { kind: 'tgi', label: 'Deployment (TGI)', share: 0.1, make: tgiDeployment },
  { kind: 'service', label: 'Service', share: 0.15, make: service },
  { kind: 'hpa', label: 'HorizontalPodAutoscaler', share: 0.1, make: hpa },
  { kind: 'isvc', label: 'KServe InferenceService', share: 0.15, make: inferenceService },
];

/**
 * Writes `count` single-manifest files of mixed formats into `dir` (cached: a stamp file records the
 * generator version and count). Returns the file list and total bytes.
 */
export function generateCorpus(dir, count, seed = 7) {
  const stampFile = join(dir, '.stamp.json');
  const stamp = JSON.stringify({ GENERATOR_VERSION, count, seed });
  try {
    if (readFileSync(stampFile, 'utf8') === stamp) return describeCorpus(dir);
  } catch {
    // no corpus yet
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  let i = 0;
  for (const f of CORPUS_MIX) {
    const n = f === CORPUS_MIX.at(-1) ? count - i : Math.round(count * f.share);
    for (let k = 0; k < n; k++, i++) {
      writeFileSync(join(dir, `${String(i).padStart(5, '0')}-${f.kind}.yaml`), f.make(i, r));
    }
  }
  writeFileSync(stampFile, stamp);
  return describeCorpus(dir);
}

function describeCorpus(dir) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
  let bytes = 0;
  for (const f of files) bytes += statSync(f).size;
  return { dir, files, bytes };
}
