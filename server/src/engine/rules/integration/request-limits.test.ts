import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './request-limits';

const doc = (body: string): string => `apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata:\n  name: m\nmodel:\n  uri: hf://org/model\n${body}`;

ruleTester(rule, {
  valid: [
    { name: 'a token rate limit instead of a request rate limit', mutate: (m) => delete m.serving.limits.requestsPerMinute },
    {
      name: 'an embeddings model needs no output-token limit',
      mutate: (m) => {
        m.model.task = 'embeddings';
        delete m.serving.limits.maxOutputTokens;
      },
    },
    { name: 'no context length stated: token limits are not compared', yaml: doc('serving: { limits: { requestTimeoutSeconds: 60, maxInputTokens: 100000, maxOutputTokens: 8192, requestsPerMinute: 60 } }\n') },
    { name: 'limits that exactly fill the context window', mutate: (m) => Object.assign(m.serving.limits, { maxInputTokens: 15360, maxOutputTokens: 1024 }) },
  ],
  invalid: [
    {
      name: 'no limits section: one finding on serving, fix adds all four within the context window',
      mutate: (m) => delete m.serving.limits,
      findings: [
        {
          message: /^`serving.limits` lacks a request timeout \(`requestTimeoutSeconds`\), an input-token limit \(`maxInputTokens`\), an output-token limit \(`maxOutputTokens`\) and a rate limit/,
          text: 'serving',
          fixable: true,
          fixed: (out) => assert.match(out, /\n {2}limits:\n {4}requestTimeoutSeconds: 120\n {4}maxInputTokens: 8192\n {4}maxOutputTokens: 1024\n {4}requestsPerMinute: 600\n/),
        },
      ],
    },
    {
      name: 'no rate limit: reported on the limits key',
      mutate: (m) => {
        delete m.serving.limits.requestsPerMinute;
        delete m.serving.limits.tokensPerMinute;
      },
      findings: [{ message: /lacks a rate limit \(`requestsPerMinute` or `tokensPerMinute`\)/, text: 'limits', fixable: true, fixed: (out) => assert.match(out, /maxConcurrentRequests: 64\n {4}requestsPerMinute: 600\n/) }],
    },
    {
      name: 'missing timeout and output limit in a flow mapping',
      yaml: doc('serving: { runtime: vllm, limits: { maxInputTokens: 4096, requestsPerMinute: 60 } }\n'),
      findings: [{ message: /lacks a request timeout .* and an output-token limit/, text: 'limits', fixable: true, fixed: (out) => assert.match(out, /limits: \{ maxInputTokens: 4096, requestsPerMinute: 60 ?, requestTimeoutSeconds: 120, maxOutputTokens: 1024 \}/) }],
    },
    {
      name: 'input plus output tokens exceed the context length: fix lowers the input limit',
      mutate: (m) => (m.serving.limits.maxInputTokens = 16000),
      findings: [{ message: /^The input-token limit \(16000\) plus the output-token limit \(1024\) = 17024 exceeds the model's context length \(16384\)/, text: '16000', fixable: true, fixed: (out) => assert.match(out, /maxInputTokens: 15360\n/) }],
    },
    {
      name: 'an input limit beyond the context of an embeddings model',
      yaml: 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: e }\nmodel: { uri: hf://org/embed, task: embeddings, contextLength: 512 }\nserving:\n  limits: { requestTimeoutSeconds: 10, maxInputTokens: 8192, requestsPerMinute: 6000 }\n',
      findings: [{ message: /^The input-token limit \(8192\) exceeds the model's context length \(512\)/, text: '8192', fixable: true, fixed: (out) => assert.match(out, /maxInputTokens: 512,/) }],
    },
  ],
});

// Kubernetes-family formats: only the limits the server's flags state (gateways hold the rest).
import { K8S_EXAMPLE } from '../scaling/kube-fixtures.test';

const TGI = (input: number, total: number): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tgi\nspec:\n  selector:\n    matchLabels: { app: tgi }\n  template:\n    metadata:\n      labels: { app: tgi }\n    spec:\n      containers:\n        - name: tgi\n          image: ghcr.io/huggingface/text-generation-inference:3.0.1\n          args: ["--model-id", "org/model", "--max-input-tokens=${input}", "--max-total-tokens", "${total}"]\n`;

ruleTester(rule, {
  valid: [
    { name: 'the production vLLM example (timeouts and rate limits live in the gateway)', yaml: K8S_EXAMPLE },
    { name: 'TGI: the input limit leaves room in the total', yaml: TGI(4095, 4096) },
  ],
  invalid: [
    {
      name: 'TGI: --max-input-tokens not below --max-total-tokens: fix lowers it inside the flag',
      yaml: TGI(4096, 4096),
      findings: [{ message: /^The input-token limit \(4096\) is not below the context length \(4096\): TGI needs room/, text: '"--max-input-tokens=4096"', fixable: true, fixed: (out) => assert.match(out, /"--max-input-tokens=4095"/) }],
    },
  ],
});
