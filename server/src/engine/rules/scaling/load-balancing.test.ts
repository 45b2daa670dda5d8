import { strict as assert } from 'node:assert';
import type { DeploymentUnit, KubeResource } from '../../facts/model';
import { parseYaml } from '../../parse/yaml';
import type { Report } from '../define';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './load-balancing';
import { linkManifests } from '../../facts/links';
import { workloadEditing } from '../../formats/editor';

// The native manifest states no routing of its own: the rule is silent on it.
ruleTester(rule, {
  valid: [
    { name: 'a multi-replica ModelDeployment (nothing to judge natively)', mutate: (m) => (m.scaling.minReplicas = 4) },
    { name: 'a public ModelDeployment without scaling', mutate: (m) => delete m.scaling },
  ],
  invalid: [],
});

// The Kubernetes side (the adapter fills `unit.pod` and the workspace resources), checked on facts directly.
const URI = 'file:///workspace/k8s/llm.yaml';
const doc = parseYaml('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: llm\n').documents[0];

function unit(labels: Record<string, string>, namespace?: string): DeploymentUnit {
  return {
    uri: URI,
    format: 'kubernetes',
    kind: 'Deployment',
    name: 'llm',
    namespace,
    doc,
    spec: { scaling: { minReplicas: 2 } },
    isModelServer: true,
    annotations: {},
    pod: { path: ['spec', 'template', 'spec'], labels, containers: [] },
    sourcePath: () => undefined,
    ...workloadEditing(doc, {}, () => undefined),
  };
}

function resource(kind: string, name: string, selector: Record<string, string> | undefined, namespace?: string): KubeResource {
  return { uri: 'file:///workspace/k8s/svc.yaml', doc, apiVersion: 'v1', kind, name, namespace, selector, facts: { labels: {}, annotations: {} }, value: {} };
}

function check(u: DeploymentUnit, resources: KubeResource[]): Report[] {
  const out: Report[] = [];
  rule.check({ unit: u, workspace: { units: [u], resources, links: linkManifests([u]), fileExists: () => undefined }, options: {}, profile: 'production', report: (r) => out.push(r), notApplicable: () => undefined });
  return out;
}

describe('scaling/load-balancing on Kubernetes facts', () => {
  it('valid: a Service selects the pods (a subset of their labels)', () => {
    assert.deepEqual(check(unit({ app: 'llm', tier: 'serving' }), [resource('Service', 'llm', { app: 'llm' })]), []);
  });
  it('valid: an InferencePool selects the pods', () => {
    assert.deepEqual(check(unit({ app: 'llm' }, 'genai'), [resource('InferencePool', 'pool', { app: 'llm' }, 'genai')]), []);
  });
  it('valid: nothing else is known in the workspace (one file open)', () => {
    assert.deepEqual(check(unit({ app: 'llm' }), []), []);
  });
  it('invalid: a Service whose selector value differs, with the Service as related', () => {
    const out = check(unit({ app: 'llm' }), [resource('Service', 'llm-svc', { app: 'vllm' })]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /Service llm-svc does not select the pods of llm: its selector app=vllm \(pods: app=llm\)/);
    assert.equal(out[0].related?.[0].message, 'the selector of Service llm-svc (in the same directory)');
  });
  it('valid: a Service of another sample directory that reuses the labels may route to these pods: no "nothing selects" finding', () => {
    const elsewhere = { ...resource('Service', 'llm', { app: 'llm' }), uri: 'file:///workspace/other-sample/model.yaml' };
    assert.deepEqual(check(unit({ app: 'llm' }), [elsewhere]), []);
  });
  it('no near miss without evidence, and no judgement of a lone workload: a Service of another directory (with a workload of its own) selecting other values is another sample\'s', () => {
    const other = { ...resource('Service', 'deepseek-r1-671b', { app: 'deepseek' }), uri: 'file:///workspace/other-sample/model.yaml' };
    const otherUnit = { ...unit({ app: 'deepseek' }), uri: other.uri, name: 'deepseek-r1-671b' };
    const out: Report[] = [];
    const u = unit({ app: 'llm' });
    rule.check({ unit: u, workspace: { units: [u, otherUnit], resources: [other], links: linkManifests([u]), fileExists: () => undefined }, options: {}, profile: 'production', report: (r) => out.push(r), notApplicable: () => undefined });
    // Nor "no Service": nothing is deployed with this lone Deployment, so its routing lives elsewhere.
    assert.deepEqual(out, []);
  });
  it('invalid: the only Service selects in another namespace (an HTTPRoute is deployed with the pods)', () => {
    const out = check(unit({ app: 'llm' }, 'genai'), [resource('Service', 'llm', { app: 'llm' }, 'default'), resource('HTTPRoute', 'llm-route', undefined, 'genai')]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /No Service or InferencePool in the workspace selects the pods of llm \(labels app=llm\)/);
  });
  it('valid: only ConfigMaps and Secrets are deployed with the pods: their balancer is installed elsewhere (a Helm chart)', () => {
    assert.deepEqual(check(unit({ app: 'llm' }), [resource('ConfigMap', 'llm-adapters', undefined), resource('Secret', 'hf-token', undefined)]), []);
  });
  it('invalid: an Ingress is deployed with the pods but nothing selects them', () => {
    const out = check(unit({ app: 'llm' }), [resource('Ingress', 'llm', undefined)]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /No Service or InferencePool in the workspace selects the pods of llm/);
  });
  it('invalid: an empty selector selects nothing', () => {
    const out = check(unit({ app: 'llm' }), [resource('Service', 'headless', {})]);
    assert.equal(out.length, 1);
    assert.match(out[0].message, /No Service or InferencePool/);
  });
});

// The same on whole Kubernetes files (the adapters fill the facts).
import { applyFixes } from '../../fix/apply';
import { run } from '../../../../../test/support/rule-tester';
import { editExample, exampleDocument, K8S_EXAMPLE, withoutDocument } from './kube-fixtures.test';

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (Kubernetes)', yaml: K8S_EXAMPLE },
    { name: 'a lone Deployment file: not judged', yaml: exampleDocument('Deployment') },
    {
      // gateway-api-inference-extension config/manifests/vllm/gpu-deployment.yaml: its InferencePool comes from a Helm chart.
      name: 'a Deployment whose only neighbour is its LoRA ConfigMap: the InferencePool is installed elsewhere',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm-qwen3-32b\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: vllm-qwen3-32b\n  template:\n    metadata:\n      labels:\n        app: vllm-qwen3-32b\n    spec:\n      containers:\n        - name: vllm\n          image: "vllm/vllm-openai:v0.11.0"\n          command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]\n          args: ["--model", "Qwen/Qwen3-32B", "--tensor-parallel-size", "1", "--port", "8000"]\n          ports:\n            - containerPort: 8000\n              name: http\n          resources:\n            limits:\n              nvidia.com/gpu: 1\n          volumeMounts:\n            - name: config-volume\n              mountPath: /config\n      volumes:\n        - name: config-volume\n          configMap:\n            name: vllm-qwen3-32b-adapters\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: vllm-qwen3-32b-adapters\ndata:\n  configmap.yaml: |\n    vLLMLoRAConfig:\n      name: vllm-qwen3-32b-adapters\n',
    },
    { name: 'the Service is in another file', yaml: withoutDocument('Service'), files: { 'file:///workspace/svc.yaml': exampleDocument('Service') } },
    {
      name: 'LeaderWorkerSet: a Service selects the leader by the label the controller adds',
      yaml: 'apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata:\n  name: vllm\nspec:\n  leaderWorkerTemplate:\n    size: 2\n    leaderTemplate:\n      metadata:\n        labels: { role: leader }\n      spec:\n        containers:\n          - name: leader\n            image: vllm/vllm-openai:v0.8.5\n            command: ["vllm", "serve", "org/model"]\n    workerTemplate:\n      spec:\n        containers:\n          - name: worker\n            image: vllm/vllm-openai:v0.8.5\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: vllm-leader\nspec:\n  selector:\n    leaderworkerset.sigs.k8s.io/name: vllm\n    role: leader\n  ports:\n    - port: 8080\n      targetPort: 8000\n',
    },
    {
      name: 'a Kustomize patch that only overrides the vLLM args (its labels and Service come with the base)',
      partial: true,
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: vllm-gemma-deployment\nspec:\n  template:\n    metadata:\n      labels: { ai.gke.io/model: gemma-7b-AWQ }\n    spec:\n      containers:\n        - name: inference-server\n          args: ["--model=google/gemma-7b-AWQ", "--quantization=awq", "--tensor-parallel-size=1"]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  selector: { app: other }\n  ports: [{ port: 80 }]\n',
    },
  ],
  invalid: [
    {
      name: 'Kubernetes: the Service selects another value (same file): on the pod labels, Service as related',
      yaml: editExample(['  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:', '  selector:\n    app.kubernetes.io/name: llama\n  ports:']),
      findings: [{ message: /^Service llama-chat does not select the pods of llama-chat: its selector app.kubernetes.io\/name=llama \(pods: app.kubernetes.io\/name=llama-chat\)/, text: 'labels', line: 27, fixable: false }],
    },
    {
      name: 'Kubernetes: no Service at all (other resources known): fix appends one with the pod labels',
      yaml: withoutDocument('Service'),
      findings: [
        {
          message: /^No Service or InferencePool in the workspace selects the pods of llama-chat \(labels app.kubernetes.io\/name=llama-chat\)/,
          text: 'labels',
          fixable: true,
          fixed: (out) => assert.match(out, /\n---\napiVersion: v1\nkind: Service\nmetadata:\n {2}name: llama-chat\n {2}namespace: genai\nspec:\n {2}selector:\n {4}app.kubernetes.io\/name: llama-chat\n {2}ports:\n {4}- name: http\n {6}port: 80\n {6}targetPort: http\n---/),
        },
      ],
    },
  ],
});

describe('scaling/load-balancing near-miss fix', () => {
  it('makes a Service of the same file select the pods', () => {
    const text = editExample(['  selector:\n    app.kubernetes.io/name: llama-chat\n  ports:', '  selector:\n    app.kubernetes.io/name: llama\n  ports:']);
    const [f] = run(rule, { name: 'near miss', yaml: text });
    assert.equal(applyFixes(text, [f.fixes![0]]).text, K8S_EXAMPLE);
  });
});
