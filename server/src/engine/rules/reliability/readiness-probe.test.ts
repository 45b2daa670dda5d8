import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './readiness-probe';
import { KSERVE_HF, PRODUCTION_EXAMPLE, VLLM, vllm } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'object form on /health', mutate: (m) => (m.reliability.probes.readiness = { path: '/health', periodSeconds: 5 }) },
    { name: 'vLLM also answers /v1/models once loaded', mutate: (m) => (m.reliability.probes.readiness = '/v1/models') },
    { name: 'NIM on its own ready endpoint', yaml: `${HEAD}serving: { runtime: nim }\nreliability: { probes: { readiness: /v1/health/ready } }\n` },
    { name: 'a custom runtime is not judged on its path', yaml: `${HEAD}serving: { runtime: custom }\nreliability: { probes: { readiness: /ready } }\n` },
    { name: 'an extra path allowed by option', mutate: (m) => (m.reliability.probes.readiness = '/ready'), options: { healthPaths: { vllm: ['/ready'] } } },
  ],
  invalid: [
    {
      name: 'no readiness probe: fix adds the runtime health path to the probes',
      mutate: (m) => delete m.reliability.probes.readiness,
      findings: [{ message: /No readiness probe/, text: 'probes', fixable: true, fixed: (out) => assert.match(out, /^ {4}readiness: \/health$/m) }],
    },
    {
      name: 'no reliability section: Triton gets its ready endpoint',
      yaml: `${HEAD}serving:\n  runtime: triton\n`,
      findings: [{ message: /\(`\/v2\/health\/ready`\)/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /reliability:\n {2}probes:\n {4}readiness: \/v2\/health\/ready\n/) }],
    },
    {
      name: 'vLLM probed on /healthz (string form)',
      mutate: (m) => (m.reliability.probes.readiness = '/healthz'),
      findings: [{ message: /`\/healthz`, which is not a health endpoint of vLLM \(`\/health`\)/, text: '/healthz', fixable: true, fixed: (out) => assert.match(out, /readiness: \/health\n/) }],
    },
    {
      name: 'the metrics endpoint as readiness (object form, flow style): reported on the path',
      yaml: `${HEAD}serving: { runtime: tgi }\nreliability: { probes: { readiness: { path: /metrics, periodSeconds: 5 } } }\n`,
      findings: [{ message: /`\/metrics`, which is not a health endpoint of Text Generation Inference/, text: '/metrics', fixable: true }],
    },
  ],
});

// Kubernetes family: the serving container's readinessProbe.
ruleTester(rule, {
  valid: [
    { name: 'k8s: the production vLLM example', yaml: PRODUCTION_EXAMPLE },
    { name: 'kserve: probes come from the ServingRuntime / Knative (missing is not judged)', yaml: KSERVE_HF },
    { name: 'k8s: not a model server', yaml: vllm([/image: vllm\/vllm-openai:v0.8.5\n {10}args:\n.*\n.*\n/, 'image: gradio/app:4.0\n']) },
  ],
  invalid: [
    {
      name: 'k8s: no readiness probe: on the container name, fix adds an httpGet probe on the named port',
      yaml: VLLM,
      findings: [
        {
          message: /^No readiness probe \(`readinessProbe` of container `vllm`\)/,
          text: 'vllm',
          fixable: true,
          fixed: (out) => assert.match(out, /\n {10}readinessProbe:\n {12}httpGet:\n {14}path: \/health\n {14}port: http\n {12}periodSeconds: 10\n {12}failureThreshold: 3\n/),
        },
      ],
    },
    {
      name: 'k8s: a readiness probe on /healthz: on the path',
      yaml: vllm(['          ports:\n', '          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 8000\n          ports:\n']),
      findings: [{ message: /`\/healthz`, which is not a health endpoint of vLLM/, text: '/healthz', fixable: true, fixed: (out) => assert.match(out, /path: \/health\n/) }],
    },
  ],
});
