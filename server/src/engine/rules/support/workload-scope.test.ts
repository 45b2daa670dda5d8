import { strict as assert } from 'node:assert';
import { analyzeFile, buildWorkspace, checkFile } from '../../check';
import type { Config } from '../../config/config';
import { DEFAULT_CONFIG, readConfig } from '../../config/config';
import { unitPods } from '../../facts/model';
import type { Rule } from '../define';
import nonRoot from '../security/non-root';
import hostNamespaces from '../security/host-namespaces';
import networkPolicy from '../security/network-policy';
import trustRemoteCode from '../security/trust-remote-code';
import resourceRequests from '../scaling/resource-requests';
import autoscaling from '../scaling/autoscaling';
import weightsCache from '../scaling/weights-cache';
import readiness from '../reliability/readiness-probe';
import liveness from '../reliability/liveness-probe';
import startup from '../reliability/startup-probe';
import replicasHa from '../reliability/replicas-ha';
import graceful from '../reliability/graceful-shutdown';
import safeRollout from '../reliability/safe-rollout';
import progressDeadline from '../reliability/progress-deadline';

/** The rules whose scope this file pins: generic hygiene and model-server rules. */
const SCOPED: readonly Rule[] = [nonRoot, hostNamespaces, networkPolicy, resourceRequests, autoscaling, weightsCache, readiness, liveness, startup, replicasHa, graceful, safeRollout, progressDeadline] as Rule[];
const GENERIC = ['security/non-root', 'security/host-namespaces', 'scaling/resource-requests', 'reliability/readiness-probe', 'reliability/liveness-probe', 'reliability/replicas-ha'];

function check(text: string, config: Config = DEFAULT_CONFIG, options: { partial?: boolean } = {}, rules: readonly Rule[] = SCOPED) {
  const file = analyzeFile('file:///repo/guide/manifests.yaml', text, config, undefined, options);
  const findings = checkFile(file, buildWorkspace([file]), config, {}, rules);
  return { file, findings };
}

/** Lines of the findings of one unit (by its document's line range). */
function findingsOf(text: string, findings: ReturnType<typeof check>['findings'], name: string) {
  const docs = text.split(/^---$/m);
  const index = docs.findIndex((d) => new RegExp(`^  name: ${name}$`, 'm').test(d));
  const start = docs.slice(0, index).reduce((n, d) => n + d.split('\n').length - 1, 0);
  const end = start + docs[index].split('\n').length - 1;
  return findings.filter((f) => f.range.start.line >= start && f.range.start.line < end);
}

// An llm-d-style guide: the Envoy gateway, the endpoint picker, a chat UI, a vLLM simulator and a benchmark
// client next to the vLLM server (shapes from llm-d guides, gateway-api-inference-extension, GKE samples).
const GUIDE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: envoy
spec:
  selector:
    matchLabels: { app: envoy }
  template:
    metadata:
      labels: { app: envoy }
    spec:
      containers:
        - name: envoy
          image: docker.io/envoyproxy/envoy:distroless-v1.33.2
          args: ["--config-path", "/etc/envoy/envoy.yaml"]
          ports:
            - containerPort: 8081
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: qwen-epp
spec:
  replicas: 1
  selector:
    matchLabels: { app: qwen-epp }
  template:
    metadata:
      labels: { app: qwen-epp }
    spec:
      containers:
        - name: epp
          image: ghcr.io/llm-d/llm-d-inference-scheduler:v0.2.1
          args: ["--poolName", "qwen-pool", "--poolNamespace", "default", "-v", "4", "--zap-encoder", "json", "--grpcPort", "9002"]
          ports:
            - containerPort: 9002
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gradio
spec:
  replicas: 1
  selector:
    matchLabels: { app: gradio }
  template:
    metadata:
      labels: { app: gradio }
    spec:
      containers:
        - name: gradio
          image: us-docker.pkg.dev/google-samples/containers/gke/gradio-app:v1.0.4
          env:
            - name: CONTEXT_PATH
              value: "/v1/chat/completions"
            - name: HOST
              value: "http://vllm-service:8000"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-sim
spec:
  replicas: 1
  selector:
    matchLabels: { app: vllm-sim }
  template:
    metadata:
      labels: { app: vllm-sim }
    spec:
      containers:
        - name: vllm-sim
          image: ghcr.io/llm-d/llm-d-inference-sim:v0.1.2
          args: ["--model", "Qwen/Qwen3-0.6B", "--port", "8000", "--max-loras", "2"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: benchmark
spec:
  replicas: 1
  selector:
    matchLabels: { app: benchmark }
  template:
    metadata:
      labels: { app: benchmark }
    spec:
      containers:
        - name: benchmark
          image: us-docker.pkg.dev/cloud-tpu-images/inference/inference-benchmark:latest
          command: ["bash", "-c", "./latency_throughput_curve.sh"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-qwen
spec:
  replicas: 1
  selector:
    matchLabels: { app: vllm-qwen }
  template:
    metadata:
      labels: { app: vllm-qwen }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.10.1
          args: ["--model", "Qwen/Qwen3-0.6B", "--port", "8000"]
          ports:
            - containerPort: 8000
          resources:
            limits:
              nvidia.com/gpu: "1"
`;

describe('scope: model-server rules judge model servers only', () => {
  it('judges only the vLLM server of a guide by default, and leaves the other workloads out of the score', () => {
    const { file, findings } = check(GUIDE);
    const units = file.documents.flatMap((d) => d.units);
    assert.deepEqual(units.map((u) => [u.name, u.isModelServer]), [['envoy', false], ['qwen-epp', false], ['gradio', false], ['vllm-sim', false], ['benchmark', false], ['vllm-qwen', true]]);
    for (const name of ['envoy', 'qwen-epp', 'gradio', 'vllm-sim', 'benchmark']) assert.deepEqual(findingsOf(GUIDE, findings, name).map((f) => f.code), [], name);
    const vllm = findingsOf(GUIDE, findings, 'vllm-qwen').map((f) => f.code);
    for (const id of ['security/non-root', 'scaling/resource-requests', 'reliability/readiness-probe', 'reliability/liveness-probe', 'reliability/replicas-ha']) assert.ok(vllm.includes(id), id);
    // Every scoped rule declined every other workload (`notApplicable`), so the score leaves the checks out.
    for (let i = 0; i < 5; i++) {
      for (const rule of SCOPED) assert.ok(file.documents[i].notApplicable?.has(`0|${rule.meta.id}`), `${units[i].name} ${rule.meta.id}`);
    }
    assert.equal(file.documents[5].notApplicable?.has('0|security/non-root'), false);
  });

  it('judges every workload with `scope: all-workloads`, with generic advice, and only the hygiene rules', () => {
    const { config, problems } = readConfig({ scope: 'all-workloads' });
    assert.deepEqual(problems, []);
    const { findings } = check(GUIDE, config);
    const envoy = findingsOf(GUIDE, findings, 'envoy');
    assert.deepEqual([...new Set(envoy.map((f) => f.code))].sort(), ['reliability/liveness-probe', 'reliability/readiness-probe', 'reliability/replicas-ha', 'scaling/resource-requests', 'security/non-root']);
    assert.ok(envoy.every((f) => GENERIC.includes(f.code)));
    const readinessMessage = envoy.find((f) => f.code === 'reliability/readiness-probe')!.message;
    assert.match(readinessMessage, /^No readiness probe \(`readinessProbe` of container `envoy`\): its Service sends traffic as soon as the process starts/);
    assert.doesNotMatch(envoy.map((f) => f.message).join('\n'), /weights|GPU|model load/);
    // Model loads and generations are a model server's: startup, grace period, autoscaling stay out.
    assert.ok(findingsOf(GUIDE, findings, 'benchmark').every((f) => GENERIC.includes(f.code)));
  });

  it('reads `scope` from the configuration and reports a wrong value', () => {
    assert.equal(readConfig({ scope: 'model-servers' }).config.scope, 'model-servers');
    assert.deepEqual(readConfig({ scope: 'everything' }).problems, [{ message: 'scope must be one of model-servers, all-workloads.', path: ['scope'] }]);
  });
});

// A RayService as in ray-project/kuberay's ray-service.llm-serve.yaml: the head has resources and a
// securityContext, the GPU worker group has neither.
const RAY = `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: ray-serve-llm
spec:
  serveConfigV2: |
    applications:
    - name: llms
      import_path: ray.serve.llm:build_openai_app
      args:
        llm_configs:
        - model_loading_config:
            model_id: qwen2.5-7b-instruct
            model_source: Qwen/Qwen2.5-7B-Instruct
  rayClusterConfig:
    rayVersion: "2.52.0"
    headGroupSpec:
      rayStartParams:
        num-gpus: "0"
      template:
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
          - name: ray-head
            image: rayproject/ray-llm:latest
            securityContext:
              allowPrivilegeEscalation: false
            resources:
              requests:
                cpu: "2"
                memory: "4Gi"
    workerGroupSpecs:
    - replicas: 1
      groupName: gpu-group
      rayStartParams:
        num-gpus: "4"
      template:
        spec:
          containers:
          - name: ray-worker
            image: rayproject/ray-llm:2.52.0-py311-cu128
            resources:
              limits:
                nvidia.com/gpu: "4"
`;

describe('scope: every pod template of a unit', () => {
  it('lists the Ray head group and every worker group, and names the group in findings', () => {
    const { file, findings } = check(RAY);
    const unit = file.documents[0].units[0];
    assert.deepEqual(unitPods(unit).map((p) => [p.group, p.containers.map((c) => c.name)]), [['head group', ['ray-head']], ['worker group `gpu-group`', ['ray-worker']]]);
    assert.equal(unit.pod, unitPods(unit)[1], 'the GPU worker group serves');
    const messages = findings.filter((f) => f.code === 'security/non-root' || f.code === 'scaling/resource-requests').map((f) => f.message);
    assert.equal(messages.length, 3, JSON.stringify(messages, null, 1));
    assert.match(messages[0], /for the worker group `gpu-group` pod, so it runs as whatever user/);
    assert.match(messages[1], /^`allowPrivilegeEscalation` is not set on container `ray-worker` \(worker group `gpu-group`\)/);
    assert.match(messages[2], /^Container ray-worker \(worker group `gpu-group`\) requests no cpu or memory/);
  });

  // A LeaderWorkerSet as in the GKE multi-host vLLM samples: the leader hardened, the worker not.
  const LWS = `apiVersion: leaderworkerset.x-k8s.io/v1
kind: LeaderWorkerSet
metadata:
  name: vllm
spec:
  replicas: 2
  leaderWorkerTemplate:
    size: 2
    leaderTemplate:
      spec:
        securityContext: { runAsNonRoot: true, runAsUser: 1000 }
        containers:
          - name: vllm-leader
            image: vllm/vllm-openai:v0.10.1
            command: ["sh", "-c", "bash /vllm-workspace/examples/online_serving/multi-node-serving.sh leader --ray_cluster_size=$(LWS_GROUP_SIZE); python3 -m vllm.entrypoints.openai.api_server --port 8080 --model meta-llama/Meta-Llama-3.1-405B-Instruct --tensor-parallel-size 8 --pipeline_parallel_size 2"]
            securityContext: { allowPrivilegeEscalation: false }
            resources:
              requests: { cpu: "32", memory: 500Gi }
              limits: { nvidia.com/gpu: "8" }
    workerTemplate:
      spec:
        containers:
          - name: vllm-worker
            image: vllm/vllm-openai:v0.10.1
            command: ["sh", "-c", "bash /vllm-workspace/examples/online_serving/multi-node-serving.sh worker --ray_address=$(LWS_LEADER_ADDRESS)"]
            resources:
              limits: { nvidia.com/gpu: "8" }
`;

  it('judges the LeaderWorkerSet worker template too, named as the worker', () => {
    const { file, findings } = check(LWS);
    const unit = file.documents[0].units[0];
    assert.deepEqual(unitPods(unit).map((p) => p.group), ['leader', 'worker']);
    const own = findings.filter((f) => f.code === 'security/non-root' || f.code === 'scaling/resource-requests').map((f) => f.message);
    assert.equal(own.length, 3, JSON.stringify(own, null, 1));
    assert.match(own[0], /set for the worker pod/);
    assert.match(own[1], /container `vllm-worker` \(worker\)/);
    assert.match(own[2], /^Container vllm-worker \(worker\) requests no cpu or memory/);
    // Probes are the serving (leader) container's: the worker's missing probes are not reported.
    assert.ok(findings.filter((f) => f.code.endsWith('-probe')).every((f) => !/vllm-worker/.test(f.message)));
  });
});

// The GKE vllm-7b-awq overlay's patch.yaml: it overrides only the args of the base's vLLM container.
const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-gemma-deployment
spec:
  template:
    metadata:
      labels:
        ai.gke.io/model: gemma-7b-awq
    spec:
      containers:
      - name: inference-server
        args:
        - --model=$(MODEL_ID)
        - --tensor-parallel-size=1
        - --quantization=awq
        - --trust-remote-code
        env:
        - name: MODEL_ID
          value: google/gemma-7b-AWQ
`;

describe('scope: Kustomize patches', () => {
  it('knows a patch that overrides only args as the vLLM server, and judges only what it states', () => {
    for (const partial of [true, false]) {
      const { file, findings } = check(PATCH, DEFAULT_CONFIG, { partial }, [...SCOPED, trustRemoteCode as Rule]);
      const unit = file.documents[0].units[0];
      assert.equal(unit.isModelServer, true);
      assert.equal(unit.spec.serving?.runtime, 'vllm');
      assert.equal(unit.partial, partial || undefined);
      // Probes, securityContext, resources and replicas live in the base; --trust-remote-code is the patch's own.
      const rules = findings.filter((f) => !f.code.startsWith('schema/'));
      assert.deepEqual(rules.map((f) => f.code), ['security/trust-remote-code'], JSON.stringify(rules.map((f) => f.message), null, 1));
    }
  });

  it('still reports what a patch states: a privileged container in a partial file', () => {
    // With NVIDIA GPUs from the device plugin, privileged mode is needless: an error.
    const text = PATCH.replace('        env:\n', '        resources:\n          limits:\n            nvidia.com/gpu: 1\n        securityContext:\n          privileged: true\n        env:\n');
    const { findings } = check(text, DEFAULT_CONFIG, { partial: true });
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['security/non-root', 'error']]);
  });
});
