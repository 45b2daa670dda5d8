import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, buildWorkspace, checkFile } from '../../server/src/engine/check';
import type { FileAnalysis } from '../../server/src/engine/check';
import { isKustomizePatch, patchesNamedBy } from '../../server/src/node/kustomize';
import { CORPUS, yamlFilesUnder } from '../support/corpus';

/**
 * Every file of the real-world corpus (test/fixtures/corpus, a copy of upstream/corpus) through analyzeFile +
 * checkFile with no rules: no crash, the syntax/schema findings equal the reviewed snapshot, and every model
 * server is recognised with its runtime. Regenerate the snapshot with UPDATE_CORPUS_SNAPSHOT=1 and review the diff
 * against research/corpus-validity.md: the snapshot must hold exactly the true findings.
 */

const ROOT = CORPUS;
const SNAPSHOT = path.join(__dirname, 'schema-snapshot.json');

interface Entry {
  file: string;
  line: number;
  code: string;
  severity: string;
  message: string;
}

const files = yamlFilesUnder(ROOT);
const patches = patchesNamedBy(files);
const analyses = new Map<string, FileAnalysis>();
const rel = (f: string): string => path.relative(ROOT, f).split(path.sep).join('/');

/** Model servers of the corpus (one line per workload unit): file → [kind/name, runtime]. */
const MODEL_SERVERS: Record<string, [string, string][]> = {
  'gke-samples/ai-ml/llm-multihost-gpus/vllm-deepseek-r1-A3-HDML.yaml': [['LeaderWorkerSet/vllm', 'vllm']],
  'gke-samples/ai-ml/llm-multihost-gpus/vllm-deepseek-r1-A3.yaml': [['LeaderWorkerSet/vllm', 'vllm']],
  'gke-samples/ai-ml/llm-multihost-gpus/vllm-llama3-405b-A3-HDML.yaml': [['LeaderWorkerSet/vllm', 'vllm']],
  'gke-samples/ai-ml/llm-multihost-gpus/vllm-llama3-405b-A3.yaml': [['LeaderWorkerSet/vllm', 'vllm']],
  ...Object.fromEntries(
    ['falcon-40b', 'llama2-70b', 'llama3-70b', 'mixtral-8x7b'].map((m) => [`gke-samples/ai-ml/llm-multiple-gpus/${m}/text-generation-inference.yaml`, [['Deployment/llm', 'tgi']]]),
  ),
  ...Object.fromEntries(
    [
      'vllm-1_1-2b', 'vllm-1_1-7b', 'vllm-2-27b-it', 'vllm-2-27b', 'vllm-2-2b-it', 'vllm-2-2b', 'vllm-2-9b-it', 'vllm-2-9b', 'vllm-2b-it-a100-40gb',
      'vllm-2b-it-a100-80gb', 'vllm-2b-it-h100-80gb', 'vllm-2b-it', 'vllm-2b', 'vllm-3-12b-it', 'vllm-3-1b-it', 'vllm-3-27b-it', 'vllm-3-4b-it',
      'vllm-7b-awq', 'vllm-7b-it-a100-40gb', 'vllm-7b-it-a100-80gb', 'vllm-7b-it-h100-80gb', 'vllm-7b-it-tensorparallelism', 'vllm-7b-it',
      'vllm-7b-kvcache', 'vllm-7b-token', 'vllm-7b',
    ].map((m) => [`gke-samples/ai-ml/llm-serving-gemma/vllm/${m}.yaml`, [['Deployment/vllm-gemma-deployment', 'vllm']]]),
  ),
  'gke-samples/ai-ml/mix-train-and-inference/workloads/tgi-gemma-2-9b-it-hp.yaml': [['Deployment/tgi-gemma-deployment', 'tgi']],
  'gke-samples/ai-ml/mix-train-and-inference/workloads/vllm-gemma-3-12b-it.yaml': [['Deployment/vllm-gemma-deployment', 'vllm']],
  'kuberay/ray-service.llm-serve.yaml': [['RayService/ray-serve-llm', 'ray-serve']],
  'kserve/docs/samples/storage/hf/hf_isvc.yaml': [['InferenceService/huggingface-llama2', 'kserve']],
  'kserve/docs/samples/v1beta1/torchserve/v1/gpu.yaml': [['InferenceService/torchserve-gpu', 'torchserve']],
  'kserve/docs/samples/v1beta1/torchserve/v2/mnist.yaml': [['InferenceService/torchserve-mnist-v2', 'torchserve']],
  'kserve/docs/samples/v1beta1/triton/bert/bert_v1beta1.yaml': [['InferenceService/bert-v2', 'triton']],
  'kserve/docs/samples/v1beta1/triton/torchscript/torchscript.yaml': [['InferenceService/torchscript-cifar', 'triton']],
  'kserve/docs/samples/storage/uri/sklearn.yaml': [['InferenceService/sklearn-from-uri', 'kserve']],
  'kserve/docs/samples/rollout-strategy/rollout-strategy-example.yaml': [
    ['InferenceService/rollout-strategy-example', 'kserve'],
    ['InferenceService/configmap-defaults-example', 'kserve'],
    ['InferenceService/multinode-example', 'kserve'],
  ],
  'kserve/docs/samples/llmisvc/single-node-gpu/llm-inference-service-qwen2-7b-gpu.yaml': [['LLMInferenceService/qwen2-7b-instruct-single', 'vllm']],
  'kserve/docs/samples/llmisvc/agentic-tool-calling/nemotron-3-ultra-pd.yaml': [['LLMInferenceService/nemotron-ultra-pd', 'vllm']],
  'kserve/docs/samples/llmisvc/e2e-gpt-oss/inference_default.yaml': [['LLMInferenceService/gpt-oss-20b', 'vllm']],
  'kserve/docs/samples/llmisvc/opt-125m-cpu/llm-inference-service-facebook-opt-125m-cpu.yaml': [['LLMInferenceService/facebook-opt-125m-single', 'vllm']],
  // vllm-stack Helm values, recognised by `servingEngineSpec`: one unit per deployed modelSpec entry.
  'production-stack/tutorials/assets/values-02-basic-config.yaml': [['modelSpec/llama3', 'vllm']],
  'production-stack/tutorials/assets/values-04-multiple-models.yaml': [['modelSpec/llama3', 'vllm'], ['modelSpec/mistral', 'vllm']],
  'production-stack/tutorials/assets/values-16-disagg-prefill.yaml': [['modelSpec/llama-prefill', 'vllm'], ['modelSpec/llama-decode', 'vllm']],
  'production-stack/tutorials/assets/values-25-v100-multi-gpu-tp4.yaml': [['modelSpec/qwen14b', 'vllm']],
  // AIBrix StormServices: the serving role's runtime.
  'aibrix/samples/quickstart/pd-model.yaml': [['StormService/vllm-1p1d', 'vllm']],
  'aibrix/samples/disaggregation/sglang/pd-bucketing.yaml': [
    ['StormService/sglang-qwen3-8b-1p1d-0-2k', 'sglang'],
    ['StormService/sglang-qwen3-8b-1p1d-2k-4k', 'sglang'],
    ['StormService/sglang-qwen3-8b-combined', 'sglang'],
  ],
  'aibrix/samples/quickstart/tensorrt/tensor-rt-pd.yaml': [['StormService/qwen-tensorrt-1p1d', 'tensorrt-llm']],
  'aibrix/samples/autoscaling/stormservice-replica.yaml': [['StormService/ss-replica', 'vllm']],
};

/** Workloads that are not model servers (UIs, adapters, the endpoint picker). */
const NOT_MODEL_SERVERS: Record<string, string> = {
  'gke-samples/ai-ml/llm-serving-gemma/vllm/gradio.yaml': 'Deployment/gradio',
  'gke-samples/ai-ml/llm-multiple-gpus/llama3-70b/gradio.yaml': 'Deployment/gradio',
  'gke-samples/ai-ml/infw-gw/examples/getting-started/adapter_new_resource_model.yaml': 'Deployment/custom-metrics-stackdriver-adapter',
  'gke-samples/ai-ml/infw-gw/examples/getting-started/inference-pool.yaml': 'Deployment/vllm-llama3-8b-instruct-epp',
};

describe('corpus (real-world manifests)', function () {
  this.timeout(120_000);
  const actual: Entry[] = [];

  before(() => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const uri = rel(file);
      const analysis = analyzeFile(uri, text, undefined, undefined, { partial: isKustomizePatch(file, patches) });
      analyses.set(uri, analysis);
      for (const f of checkFile(analysis, buildWorkspace([analysis]), undefined, { today: '2026-01-01' }, [])) {
        if (!f.code.startsWith('schema/') && f.code !== 'meta/template' && f.code !== 'meta/limit') continue;
        actual.push({ file: uri, line: f.range.start.line + 1, code: f.code, severity: f.severity, message: f.message });
      }
    }
    if (process.env.UPDATE_CORPUS_SNAPSHOT) writeFileSync(SNAPSHOT, JSON.stringify(actual, null, 2) + '\n');
  });

  it('reads all 324 files without crashing', () => {
    assert.equal(files.length, 324);
    assert.equal(analyses.size, files.length);
  });

  it('reports exactly the reviewed syntax and schema findings', () => {
    const expected = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Entry[];
    assert.deepEqual(actual, expected);
  });

  it('reports schema findings only in the files known to be wrong', () => {
    const withFindings = [...new Set(actual.map((e) => e.file))].sort();
    assert.deepEqual(withFindings, [
      'aibrix/samples/adapter/adapter-s3-example.yaml', // `volumes` twice in one pod spec
      'gke-samples/ai-ml/infw-gw/examples/getting-started/inference-pool-variables.yaml', // envsubst placeholders
      'gke-samples/ai-ml/infw-gw/examples/getting-started/vllm-llama3-8b-instruct.yaml', // YAML indented by 4
      'k8s-nim-operator/config/samples/nim/serving/standalone/routers/ingress/llm.yaml', // `router` beside `expose`, not under it
      'kserve/docs/samples/bentoml/bentoml.yaml', // `{docker_username}/...`
      'kserve/docs/samples/llmisvc/kv-cache-offloading/llm-inference-service-kv-cache-offloading.yaml', // unknown spec.workload
      'kserve/docs/samples/llmisvc/latency-predictor/llm-inference-service-latency-predictor.yaml', // inline as a string
      'kserve/docs/samples/rollout-strategy/rollout-strategy-example.yaml', // unknown transformer.custom
      'kserve/docs/samples/storage/hf/hf_secret.yaml', // bad base64
      'kserve/docs/samples/v1beta1/torchserve/model-archiver/model-archiver.yaml', // `{username}/...`
      'kserve/docs/samples/v1beta1/torchserve/v1/bloom/bloom-560m.yaml', // unknown spec.nodeName
    ]);
    // Unknown fields are warnings (the server prunes them), placeholders too; nothing else is a warning.
    for (const e of actual.filter((x) => x.code === 'schema/invalid' && x.severity === 'warning')) {
      assert.ok(/is not allowed in|holds the placeholder/.test(e.message), e.message);
    }
    assert.equal(actual.filter((e) => e.message.includes('holds the placeholder')).length, 14);
    // The Kustomize patches are partial objects: no missing `selector`.
    assert.ok(!actual.some((e) => e.file.endsWith('patch.yaml')));
    // A Secret's value is never repeated in a message.
    assert.ok(!actual.some((e) => e.message.includes('aGZf')));
  });

  it('recognises every model server with its runtime', () => {
    for (const [file, expected] of Object.entries(MODEL_SERVERS)) {
      const a = analyses.get(file);
      assert.ok(a, file);
      const units = a.documents.flatMap((d) => d.units).filter((u) => u.isModelServer);
      assert.deepEqual(
        units.map((u) => [`${u.kind}/${u.name}`, u.spec.serving?.runtime]),
        expected,
        file,
      );
    }
    for (const [file, id] of Object.entries(NOT_MODEL_SERVERS)) {
      const units = analyses.get(file)!.documents.flatMap((d) => d.units);
      const unit = units.find((u) => `${u.kind}/${u.name}` === id);
      assert.ok(unit, `${file}: ${id}`);
      assert.equal(unit.isModelServer, false, `${file}: ${id}`);
    }
    // Every KServe / KubeRay / LWS / NIM / AIBrix workload is a model server, except a LeaderWorkerSet whose server
    // ModelReady cannot name (a custom `server.py`): it is left alone rather than judged on a guess; AIBrix's
    // orchestration demos, whose roles run nginx or agnhost; the lws DisaggregatedSet samples (nginx roles); an AIBrix
    // gateway demo whose roles run the llm-d inference simulator (labelled as model pods, serving no model); and the
    // RayClusters of the KubeRay samples, plain Ray compute clusters (rayproject/ray images, no model server).
    const all = [...analyses.values()].flatMap((a) => a.documents.flatMap((d) => d.units));
    assert.deepEqual(
      all.filter((u) => u.format !== 'kubernetes' && !u.isModelServer && u.kind !== 'RayCluster').map((u) => `${u.kind}/${u.name}`),
      [
        'StormService/vllm-sim-pd',
        'StormService/stormservice-inplace-update',
        'StormService/tp-role-zone-pref',
        'StormService/tp-role-zone-req',
        'StormService/tp-rs-host-req',
        'StormService/tp-rs-zone-pref',
        'DisaggregatedSet/disaggregatedset-3role-sample',
        'DisaggregatedSet/disaggregatedset-sample',
        'LeaderWorkerSet/tensorrt',
      ],
    );
    const clusters = all.filter((u) => u.kind === 'RayCluster');
    assert.equal(clusters.length, 12);
    assert.ok(clusters.every((u) => !u.isModelServer && u.pods!.every((p) => p.containers.every((c) => /^rayproject\/ray:/.test(c.image ?? '') || c.init))));
    // The NIM operator's samples: 22 NIMServices, all NIM servers.
    const nims = all.filter((u) => u.kind === 'NIMService');
    assert.equal(nims.length, 22);
    assert.ok(nims.every((u) => u.format === 'nim' && u.isModelServer && u.spec.serving?.runtime === 'nim'));
    // 114 before the new formats; +22 NIMServices, +14 AIBrix StormServices, +28 vllm-stack modelSpec entries.
    assert.equal(all.filter((u) => u.isModelServer).length, 114 + 22 + 14 + 28);
  });

  it('leaves kustomization.yaml and unknown kinds alone', () => {
    for (const [file, a] of analyses) {
      if (file.endsWith('kustomization.yaml')) assert.ok(a.documents.every((d) => !d.recognised), file);
    }
    const mnist = analyses.get('kserve/docs/samples/storage/pvc/mnist-pvc.yaml')!;
    assert.ok(mnist.documents.every((d) => !d.recognised), 'InferenceService v1alpha2 is not served: no schema');
  });
});
