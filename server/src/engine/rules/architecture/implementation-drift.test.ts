import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { COMPLETE_EXAMPLE, run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './implementation-drift';

const K8S = readFileSync('examples/kubernetes/vllm-production.yaml', 'utf8').replace('../support-assistant.modelready.yaml', './manifest.modelready.yaml');
const K8S_URI = 'file:///workspace/k8s/vllm.yaml';
const LINKED = K8S.replace('./manifest.modelready.yaml', '../manifest.modelready.yaml');

ruleTester(rule, {
  valid: [
    { name: 'a manifest with no implementation is not compared', yaml: COMPLETE_EXAMPLE },
    { name: 'an implementation that agrees (linked by annotation)', yaml: COMPLETE_EXAMPLE, files: { [K8S_URI]: LINKED.replace('--tensor-parallel-size=2', '--tensor-parallel-size=2') } },
  ],
  invalid: [
    {
      name: 'the Deployment runs a different image: reported on the manifest, related to the Deployment',
      yaml: COMPLETE_EXAMPLE,
      files: { [K8S_URI]: LINKED.replace(/image: vllm\/vllm-openai:v0\.8\.5@sha256:[0-9a-f]+/, 'image: vllm/vllm-openai:v0.9.0') },
      findings: [{ message: /The image here \(`vllm\/vllm-openai:v0\.8\.5@sha256:4e2a.*differs from Deployment `llama-chat` \(`vllm\/vllm-openai:v0\.9\.0`\)/, text: 'vllm/vllm-openai:v0.8.5@sha256:4e2a8b5f0c1d3e6a7b9c8d2f1e0a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a' }],
    },
    {
      name: 'linked through `implementation` globs: replica counts differ',
      yaml: COMPLETE_EXAMPLE.replace(/^(apiVersion: modelready\.dev\/v1alpha1)$/m, '$1').replace(/\nkind: ModelDeployment\n/, '\nkind: ModelDeployment\nimplementation: [k8s/*.yaml]\n'),
      files: { [K8S_URI]: K8S.replace(/^ {4}modelready\.dev\/manifest: .*\n/m, '').replace('minReplicas: 2', 'minReplicas: 3') },
      findings: [{ message: /minimum replicas here \(`2`\) differs from Deployment `llama-chat` \(`3`\)/ }],
    },
  ],
});

describe('architecture/implementation-drift from the Kubernetes side', () => {
  it('reports on the Deployment too, with the manifest as related information', () => {
    // The tester checks the file at file:///workspace/manifest.modelready.yaml: here that file is the Deployment.
    const deployment = K8S.replace('./manifest.modelready.yaml', './intent.modelready.yaml').replace(/image: vllm\/vllm-openai:v0\.8\.5@sha256:[0-9a-f]+/, 'image: vllm/vllm-openai:v0.9.0');
    const findings = run(rule, { name: 'k8s side', yaml: deployment, files: { 'file:///workspace/intent.modelready.yaml': COMPLETE_EXAMPLE } });
    assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.message)));
    assert.match(findings[0].message, /The image here \(`vllm\/vllm-openai:v0\.9\.0`\) differs from the ModelDeployment `support-assistant`/);
    assert.equal(findings[0].related?.[0].uri, 'file:///workspace/intent.modelready.yaml');
  });
});
