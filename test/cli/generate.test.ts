import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { mutateExample } from '../support/rule-tester';
import type { Manifest } from '../support/rule-tester';
import { cli, ensureBuilt, ROOT, scratch } from './support';

// `modelready generate` and `modelready import`, run as a user does, judged by the real engine: every generated
// file is checked with `modelready check` and must have no error, a score of at least 95 with its manifest, and
// no drift between the two.

interface Report {
  score: { overall: number | null };
  counts: { error: number; warning: number; info: number };
  findings: { ruleId: string; severity: string; path: string; message: string }[];
}

function check(dir: string, args: string[] = []): Report {
  const r = cli(['check', '.', '--format', 'json', ...args], dir);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

function kinds(text: string): string[] {
  return parseAllDocuments(text).map((d) => String((d.toJS() as { kind?: string }).kind));
}

/** The complete example with `mutate` applied, written as `<name>.modelready.yaml` in a scratch folder. */
function manifestDir(name: string, mutate: (m: Manifest) => void = () => {}, profile = 'production'): string {
  const dir = scratch(`profile: ${profile}\n`);
  writeFileSync(
    join(dir, `${name}.modelready.yaml`),
    mutateExample((m) => {
      m.metadata.name = name;
      mutate(m);
    }),
  );
  return dir;
}

const H100 = { type: 'nvidia-h100-80gb', count: 8, resourceName: 'nvidia.com/gpu' };
const H100_NODES = { 'cloud.google.com/gke-accelerator': 'nvidia-h100-80gb' };

/** Manifests over the runtimes, topologies and autoscalers generate writes, each a variation of the complete example. */
const VARIANTS: { title: string; name: string; target: 'kubernetes' | 'kserve'; kinds: string[]; mutate: (m: Manifest) => void }[] = [
  {
    title: 'vLLM on one node with a KEDA queue scaler',
    name: 'support-assistant',
    target: 'kubernetes',
    kinds: ['Deployment', 'Service', 'ScaledObject', 'PodDisruptionBudget', 'NetworkPolicy', 'PersistentVolumeClaim'],
    mutate: () => {},
  },
  {
    title: 'vLLM over two nodes (Ray in a LeaderWorkerSet)',
    name: 'llama-405b',
    target: 'kubernetes',
    kinds: ['LeaderWorkerSet', 'Service', 'ScaledObject', 'PodDisruptionBudget', 'NetworkPolicy', 'PersistentVolumeClaim'],
    mutate: (m) => Object.assign(m.resources, { accelerator: H100, tensorParallelSize: 8, pipelineParallelSize: 2, nodesPerReplica: 2, nodeSelector: H100_NODES }),
  },
  {
    title: 'SGLang over two nodes with an HPA on its queue',
    name: 'deepseek',
    target: 'kubernetes',
    kinds: ['LeaderWorkerSet', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'PersistentVolumeClaim'],
    mutate: (m) => {
      Object.assign(m.serving, { runtime: 'sglang', image: `lmsysorg/sglang:v0.4.6.post1-cu124@sha256:${'a'.repeat(64)}`, port: 30000, args: [] });
      Object.assign(m.resources, { accelerator: H100, tensorParallelSize: 16, nodesPerReplica: 2, nodeSelector: H100_NODES });
      Object.assign(m.scaling, { autoscaler: 'hpa', metric: { type: 'queue-depth', target: 10 } });
      m.monitoring.metrics.port = 30000;
    },
  },
  {
    title: 'TGI with an API key from a Secret',
    name: 'tgi-chat',
    target: 'kubernetes',
    kinds: ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'PersistentVolumeClaim'],
    mutate: (m) => {
      Object.assign(m.serving, { runtime: 'tgi', image: `ghcr.io/huggingface/text-generation-inference:3.3.4@sha256:${'b'.repeat(64)}`, auth: 'api-key', args: [] });
      Object.assign(m.scaling, { autoscaler: 'hpa', metric: { type: 'queue-depth', target: 10 } });
    },
  },
  {
    title: 'KServe InferenceService with KEDA on the predictor',
    name: 'support-assistant',
    target: 'kserve',
    kinds: ['InferenceService', 'ScaledObject', 'PodDisruptionBudget', 'NetworkPolicy', 'PersistentVolumeClaim'],
    mutate: () => {},
  },
  {
    title: 'KServe LLMInferenceService over two nodes',
    name: 'llama-405b',
    target: 'kserve',
    kinds: ['LLMInferenceService', 'PodDisruptionBudget', 'NetworkPolicy', 'PersistentVolumeClaim'],
    mutate: (m) => Object.assign(m.resources, { accelerator: H100, tensorParallelSize: 8, pipelineParallelSize: 2, nodesPerReplica: 2, nodeSelector: H100_NODES }),
  },
];

describe('modelready generate', function () {
  this.timeout(120_000);
  before(ensureBuilt);

  for (const v of VARIANTS) {
    it(`writes ${v.kinds[0]} and its resources for ${v.title}: no error, score ≥ 95 with the manifest, no drift`, () => {
      const dir = manifestDir(v.name, v.mutate, 'regulated');
      const r = cli(['generate', '--target', v.target, `${v.name}.modelready.yaml`], dir);
      assert.equal(r.code, 0, r.stderr);
      const out = join(dir, v.target === 'kserve' ? 'kserve' : 'k8s', `${v.name}.yaml`);
      const text = readFileSync(out, 'utf8');
      assert.deepEqual(kinds(text), v.kinds);
      assert.match(readFileSync(join(dir, `${v.name}.modelready.yaml`), 'utf8'), new RegExp(`implementation:\\n  - \\./${v.target === 'kserve' ? 'kserve' : 'k8s'}/${v.name}\\.yaml\\n$`));
      const report = check(dir);
      assert.deepEqual(
        report.findings.filter((f) => f.severity === 'error' || f.ruleId === 'architecture/implementation-drift'),
        [],
      );
      assert.ok((report.score.overall ?? 0) >= 95, `score ${report.score.overall}: ${report.findings.map((f) => `${f.path} ${f.ruleId}`).join(', ')}`);
      // Without --target, --check compares against the target of the generated file the manifest names.
      assert.equal(cli(['generate', '--check', `${v.name}.modelready.yaml`], dir).code, 0);
    });
  }

  it('writes the command line each runtime reads back: model, pinned revision, parallelism, port, API key from a Secret', () => {
    const dir = manifestDir('tgi-chat', VARIANTS[3].mutate);
    assert.equal(cli(['generate', 'tgi-chat.modelready.yaml'], dir).code, 0);
    const deployment = parseAllDocuments(readFileSync(join(dir, 'k8s/tgi-chat.yaml'), 'utf8'))[0].toJS();
    const c = deployment.spec.template.spec.containers[0];
    assert.deepEqual(c.command, ['text-generation-launcher']);
    assert.deepEqual(c.args.slice(0, 3), ['--model-id=meta-llama/Llama-3.1-8B-Instruct', '--revision=0e9e39f249a16976918f6564b8830bc894c89659', '--num-shard=2']);
    assert.ok(c.args.includes('--port=8000'));
    assert.deepEqual(c.env.find((e: { name: string }) => e.name === 'API_KEY'), { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'tgi-chat-api-key', key: 'api-key' } } });
    assert.equal(c.startupProbe.httpGet.path, '/health');
    assert.equal(c.startupProbe.failureThreshold * c.startupProbe.periodSeconds, 900);
    assert.deepEqual(deployment.spec.template.spec.volumes[0], { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '8Gi' } });
  });

  it('is stable: a second run writes nothing and --check passes; an edit of the manifest fails --check with a diff and is reported as drift', () => {
    const dir = manifestDir('support-assistant');
    assert.equal(cli(['generate', 'support-assistant.modelready.yaml'], dir).code, 0);
    const first = readFileSync(join(dir, 'k8s/support-assistant.yaml'), 'utf8');
    const again = cli(['generate', 'support-assistant.modelready.yaml'], dir);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /up to date/);
    assert.equal(readFileSync(join(dir, 'k8s/support-assistant.yaml'), 'utf8'), first);
    assert.equal(cli(['generate', '--check', 'support-assistant.modelready.yaml'], dir).code, 0);

    const manifest = join(dir, 'support-assistant.modelready.yaml');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('vllm/vllm-openai:v0.8.5@', 'vllm/vllm-openai:v0.9.0@'));
    const stale = cli(['generate', '--check', 'support-assistant.modelready.yaml'], dir);
    assert.equal(stale.code, 1);
    assert.match(stale.stdout, /^-\s+image: vllm\/vllm-openai:v0\.8\.5@/m);
    assert.match(stale.stdout, /^\+\s+image: vllm\/vllm-openai:v0\.9\.0@/m);
    assert.match(stale.stderr, /k8s\/support-assistant\.yaml differs/);
    const drift = check(dir).findings.filter((f) => f.ruleId === 'architecture/implementation-drift');
    assert.deepEqual(drift.map((f) => f.path).sort(), ['k8s/support-assistant.yaml', 'support-assistant.modelready.yaml']);
  });

  it('refuses a manifest it cannot turn into a server (no image), with exit code 2', () => {
    const dir = manifestDir('no-image', (m) => delete m.serving.image);
    const r = cli(['generate', 'no-image.modelready.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /serving\.image is not set/);
  });
});

/** Real model servers from the corpus (GKE samples): a Deployment on one GPU node, and a LeaderWorkerSet over two. */
const REAL = [
  { file: 'gke-samples/ai-ml/llm-serving-gemma/vllm/vllm-3-27b-it.yaml', name: 'vllm-gemma-deployment', workload: 'Deployment' },
  { file: 'gke-samples/ai-ml/llm-multihost-gpus/vllm-llama3-405b-A3.yaml', name: 'vllm', workload: 'LeaderWorkerSet' },
];

describe('modelready import', function () {
  this.timeout(120_000);
  before(ensureBuilt);

  for (const real of REAL) {
    it(`imports ${real.file} into a schema-valid ModelDeployment, and generate → check round-trips without drift or errors`, () => {
      const dir = scratch();
      const name = real.file.split('/').pop()!;
      mkdirSync(join(dir, 'upstream'));
      copyFileSync(resolve(ROOT, 'test/fixtures/corpus', real.file), join(dir, 'upstream', name));
      const imported = cli(['import', `upstream/${name}`], dir);
      assert.equal(imported.code, 0, imported.stderr);
      const manifestText = readFileSync(join(dir, `${real.name}.modelready.yaml`), 'utf8');
      const manifest = parseAllDocuments(manifestText)[0].toJS();
      assert.equal(manifest.kind, 'ModelDeployment');
      assert.deepEqual(manifest.implementation, [`./upstream/${name}`]);
      assert.equal(manifest.serving.runtime, 'vllm');
      assert.match(manifest.model.uri, /^hf:\/\//);
      assert.equal(manifest.governance, undefined);
      assert.match(manifestText, /# TODO governance/);

      const before = check(dir);
      assert.deepEqual(before.findings.filter((f) => f.ruleId === 'schema/invalid' || f.ruleId === 'architecture/implementation-drift'), []);
      // The rules point at what Kubernetes manifests cannot say.
      assert.ok(before.findings.some((f) => f.ruleId === 'governance/risk-category' && f.path === `${real.name}.modelready.yaml`));

      assert.equal(cli(['generate', `${real.name}.modelready.yaml`], dir).code, 0);
      const generated = readFileSync(join(dir, 'k8s', `${real.name}.yaml`), 'utf8');
      assert.equal(kinds(generated)[0], real.workload);
      const after = check(dir);
      const inGenerated = after.findings.filter((f) => f.path.startsWith('k8s/'));
      assert.deepEqual(inGenerated.filter((f) => f.severity === 'error' || f.ruleId === 'schema/invalid'), []);
      assert.deepEqual(after.findings.filter((f) => f.ruleId === 'architecture/implementation-drift'), []);
      assert.equal(cli(['generate', '--check', `${real.name}.modelready.yaml`], dir).code, 0);
    });
  }

  it('refuses files without a model server, with exit code 2', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ports: [{ port: 80 }]\n');
    const r = cli(['import', 'svc.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no model server found/);
  });
});
