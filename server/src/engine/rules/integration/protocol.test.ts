import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../check';
import type { Report } from '../define';
import { mutateExample, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './protocol';
import { linkManifests } from '../../facts/links';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'custom protocol with an OpenAPI document that exists', mutate: (m) => Object.assign(m.serving, { protocol: 'custom', apiSpec: './api/openapi.yaml' }), existingFiles: ['api/openapi.yaml'] },
    { name: 'gRPC without a spec (not required)', mutate: (m) => (m.serving.protocol = 'grpc') },
    { name: 'a spec given as a URL is not looked up in the workspace', yaml: doc('serving: { protocol: custom, apiSpec: "https://api.example.com/openapi.json" }\n') },
  ],
  invalid: [
    {
      name: 'no protocol with vLLM: fix states openai',
      mutate: (m) => delete m.serving.protocol,
      findings: [{ message: /The API protocol is not stated \(`serving.protocol`\).* vLLM serves `openai`\./, text: 'serving', fixable: true, fixed: (out) => assert.match(out, /\n {2}protocol: openai\n/) }],
    },
    {
      name: 'no protocol and a custom runtime: a fix to fill in, not automatic',
      yaml: doc('serving: { runtime: custom }\n'),
      findings: [{ message: /The API protocol is not stated/, text: 'serving', fixable: false }],
    },
    {
      name: 'custom protocol without apiSpec',
      mutate: (m) => (m.serving.protocol = 'custom'),
      findings: [{ message: /`serving.protocol` is custom but no `serving.apiSpec`/, text: 'custom', fixable: false }],
    },
    {
      name: 'an apiSpec that does not exist',
      mutate: (m) => Object.assign(m.serving, { protocol: 'grpc', apiSpec: './api/inference.proto' }),
      existingFiles: ['api/openapi.yaml'],
      findings: [{ message: /`serving.apiSpec` points at \.\/api\/inference\.proto, which does not exist in the workspace/, text: './api/inference.proto', fixable: false }],
    },
  ],
});

describe('integration/protocol when file existence is unknown', () => {
  it('does not report a spec it cannot look up (untrusted workspace)', () => {
    const text = mutateExample((m) => Object.assign(m.serving, { protocol: 'custom', apiSpec: './api/openapi.yaml' }));
    const unit = analyzeFile('file:///w/m.modelready.yaml', text).documents[0].units[0];
    const out: Report[] = [];
    rule.check({ unit, workspace: { units: [unit], resources: [], links: linkManifests([unit]), fileExists: () => undefined }, options: {}, profile: 'production', report: (r) => out.push(r), notApplicable: () => undefined });
    assert.deepEqual(out, []);
  });
});

// Kubernetes-family formats: a known runtime implies its protocol; an unknown server states it by annotation.
import { K8S_EXAMPLE, vllmDeployment } from '../scaling/kube-fixtures.test';

const CUSTOM = vllmDeployment().replace('image: vllm/vllm-openai:v0.8.5\n          command: ["vllm", "serve"]', 'image: registry.example.com/my-llm:1.2.0\n          command: ["python", "serve.py"]').replace('  name: llm\n', '  name: llm\n  annotations:\n    modelready.dev/model: hf://org/model\n');

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (vLLM speaks the OpenAI API)', yaml: K8S_EXAMPLE },
    { name: 'a KServe InferenceService (its v1 protocol)', yaml: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: sk\nspec:\n  predictor:\n    model:\n      modelFormat: { name: sklearn }\n      storageUri: gs://bucket/model\n' },
    { name: 'a custom server that states its protocol', yaml: CUSTOM.replace('    modelready.dev/model: hf://org/model\n', '    modelready.dev/model: hf://org/model\n    modelready.dev/protocol: openai\n') },
  ],
  invalid: [
    {
      name: 'Kubernetes: a custom server (modelready.dev/model) without a protocol: fix adds the annotation',
      yaml: CUSTOM,
      findings: [{ message: /^The API protocol of Deployment llm is not stated, and ModelReady cannot infer it from its image/, text: 'annotations', fixable: true, fixed: (out) => assert.match(out, /annotations:\n {4}modelready.dev\/model: hf:\/\/org\/model\n {4}modelready.dev\/protocol: "openai"\n/) }],
    },
  ],
});
