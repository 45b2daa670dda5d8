import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, textAt } from './helpers';
import { checkAll, findingOf, fixed } from './checks';
import { CORPUS } from '../../support/corpus';

const SAMPLES = join(CORPUS, 'k8s-nim-operator', 'config', 'samples', 'nim', 'serving');

/** A multi-LLM NIM as the operator's samples write it (standalone/no-precaching/multi-llm-ngc.yaml), every fact sound. */
const NIM = `apiVersion: apps.nvidia.com/v1alpha1
kind: NIMService
metadata:
  name: llama-3-1-8b
  namespace: nim-service
spec:
  image:
    repository: nvcr.io/nim/meta/llama-3.1-8b-instruct
    tag: "1.8.4"
    pullPolicy: IfNotPresent
    pullSecrets:
      - ngc-secret
  authSecret: ngc-api-secret
  storage:
    nimCache:
      name: llama-3-1-8b-cache
  replicas: 2
  resources:
    limits:
      nvidia.com/gpu: 1
  expose:
    service:
      type: ClusterIP
      port: 8000
`;

describe('NIM operator adapter', () => {
  it('reads the multi-node sample: runtime, parallelism over the pods of a group, GPUs, the NIMCache, probes', () => {
    const text = readFileSync(join(SAMPLES, 'advanced', 'multi-node', 'multi-node-nimservice-rdma.yaml'), 'utf8');
    const { units, resources, findings } = analyze(text);
    assert.deepEqual(findings, []);
    assert.deepEqual(resources.map((r) => `${r.kind}/${r.name}`), ['NIMCache/deepseek-r1-nimcache']);
    const u = units[0];
    const s = u.spec;
    assert.deepEqual(
      [u.format, u.kind, u.isModelServer, s.serving?.runtime, s.serving?.image, s.serving?.port, s.resources?.tensorParallelSize, s.resources?.pipelineParallelSize, s.resources?.nodesPerReplica, s.resources?.accelerator?.count, s.scaling?.caching?.modelWeights, s.scaling?.minReplicas],
      ['nim', 'NIMService', true, 'nim', 'nvcr.io/nim/deepseek-ai/deepseek-r1:1.7.3', 8000, 8, 2, 2, 8, 'pvc', 1],
    );
    assert.equal(textAt(text, u, 'resources.tensorParallelSize'), '8');
    assert.equal(textAt(text, u, 'scaling.caching.modelWeights'), 'deepseek-r1-nimcache');
    // Probes are read from `{enabled, probe}` and located at `probe`, where a fix edits them.
    const c = u.pod!.containers[0];
    assert.deepEqual([c.probes?.startup?.httpPath, c.probes?.startup?.initialDelaySeconds, c.probes?.startup?.path], ['/v1/health/ready', 900, ['spec', 'startupProbe', 'probe']]);
    assert.equal(s.reliability?.probes?.startupTimeoutSeconds, 900 + 100 * 10);
  });

  it('gets no schema error on any of the operator\'s serving samples but the misplaced `router`', () => {
    const files = ['standalone/basic/multi-llm.yaml', 'standalone/autoscaling/multi-llm.yaml', 'standalone/no-precaching/llm-emptydir.yaml', 'advanced/epp/nimservice.yaml', 'kserve/knative/llm.yaml'];
    for (const f of files) assert.deepEqual(analyze(readFileSync(join(SAMPLES, f), 'utf8')).findings.map((x) => x.message), [], f);
    // The ingress sample writes `router` beside `expose` instead of under it: the API server prunes it.
    const ingress = analyze(readFileSync(join(SAMPLES, 'standalone/routers/ingress/llm.yaml'), 'utf8')).findings;
    assert.deepEqual(ingress.map((x) => [x.severity, x.message.split('.')[0]]), [['warning', 'Property `router` is not allowed in `spec`']]);
  });

  it('reads scale.hpa as the autoscaler, its bounds and metric (standalone/autoscaling: 1 to 2 on gpu_cache_usage_perc)', () => {
    const { units } = analyze(readFileSync(join(SAMPLES, 'standalone/autoscaling/multi-llm.yaml'), 'utf8'));
    const s = units[0].spec.scaling!;
    assert.deepEqual([s.autoscaler, s.minReplicas, s.maxReplicas, s.metric], ['hpa', 1, 2, { type: 'object', name: 'gpu_cache_usage_perc' }]);
  });

  it('reads a NIM rendered onto KServe as KServe-scaled, bounded by the Knative annotations (kserve/knative/llm.yaml)', () => {
    const { units } = analyze(readFileSync(join(SAMPLES, 'kserve/knative/llm.yaml'), 'utf8'));
    const s = units.find((u) => u.kind === 'NIMService')!.spec.scaling!;
    assert.deepEqual([s.autoscaler, s.minReplicas, s.maxReplicas], ['kserve', 1, 10]);
    // A fixed `replicas` states no maximum to raise: scaling a NIM means `scale`, not a larger count.
    assert.equal(analyze(NIM).units[0].spec.scaling?.maxReplicas, undefined);
  });

  it('leaves single-node parallelism to the engine profile, and operator-default probes and container settings alone', () => {
    const findings = checkAll(NIM);
    const codes = new Set(findings.map((f) => f.code));
    for (const code of ['scaling/parallelism-matches-gpus', 'reliability/readiness-probe', 'reliability/liveness-probe', 'reliability/startup-probe', 'security/non-root', 'reliability/shared-memory', 'schema/invalid']) {
      assert.ok(!codes.has(code), `${code}: ${findings.filter((f) => f.code === code).map((f) => f.message).join('\n')}`);
    }
  });

  describe('planted defects', () => {
    it('reports a moving tag and pins it in `image.tag`', () => {
      const text = NIM.replace('tag: "1.8.4"', 'tag: latest');
      const f = findingOf(checkAll(text), 'reliability/image-pinned');
      assert.match(f.message, /moving tag `:latest`/);
      assert.match(fixed(text, f), /\n {4}tag: latest@sha256:digest\n/);
    });

    it('reports an unpinned Hugging Face model of a multi-LLM NIM', () => {
      const text = NIM.replace('nvcr.io/nim/meta/llama-3.1-8b-instruct', 'nvcr.io/nim/nvidia/llm-nim').replace('  authSecret:', '  env:\n  - name: NIM_MODEL_NAME\n    value: hf://meta-llama/Llama-3.1-8B-Instruct\n  authSecret:');
      assert.match(findingOf(checkAll(text), 'reliability/model-revision-pinned').message, /weights of `meta-llama\/Llama-3.1-8B-Instruct` are not pinned/);
    });

    it('reports a literal token in `env`', () => {
      const text = NIM.replace('  authSecret:', '  env:\n  - name: HF_TOKEN\n    value: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ012345678\n  authSecret:');
      const f = findingOf(checkAll(text), 'security/inline-secret');
      assert.equal(f.severity, 'error');
      assert.ok(!f.message.includes('aBcDeF'));
    });

    it('reports multi-node parallelism that does not match the GPUs of the group', () => {
      const text = NIM.replace('nvidia.com/gpu: 1', 'nvidia.com/gpu: 4') + '  multiNode:\n    parallelism:\n      pipeline: 2\n      tensor: 8\n';
      assert.match(findingOf(checkAll(text), 'scaling/parallelism-matches-gpus').message, /16 GPUs per replica, but the replica has 4 `nvidia.com\/gpu` per pod × 2 pods/);
    });

    it('reports a stated probe on a path that is not a NIM health endpoint, and fixes it in `probe`', () => {
      const text = NIM + '  readinessProbe:\n    probe:\n      httpGet:\n        path: /health\n        port: api\n';
      const f = findingOf(checkAll(text), 'reliability/readiness-probe');
      assert.match(f.message, /`\/v1\/health\/ready`/);
      assert.match(fixed(text, f), /readinessProbe:\n {4}probe:\n {6}httpGet:\n {8}path: \/v1\/health\/ready\n/);
    });

    it('reports one replica and raises `replicas`', () => {
      const text = NIM.replace('replicas: 2', 'replicas: 1');
      const f = findingOf(checkAll(text), 'reliability/replicas-ha');
      assert.match(fixed(text, f), /\n {2}replicas: 2\n/);
    });

    it('reports a NIM without scraping and adds the annotations to the pods (`spec.annotations`)', () => {
      const f = findingOf(checkAll(NIM), 'monitoring/metrics');
      assert.match(fixed(NIM, f), /\n {2}annotations:\n {4}prometheus\.io\/scrape: "true"\n/);
      const scraped = NIM + '  metrics:\n    enabled: true\n    serviceMonitor:\n      interval: 30s\n';
      assert.ok(!checkAll(scraped).some((x) => x.code === 'monitoring/metrics'));
    });
  });
});
