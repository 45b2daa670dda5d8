import { strict as assert } from 'node:assert';
import { run, ruleTester } from '../../../../../test/support/rule-tester';
import rule from './load-test';
import { PRODUCTION_EXAMPLE, VLLM } from './kube-fixtures.test';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: demo }\nmodel: { uri: "hf://org/model" }\n';

ruleTester(rule, {
  valid: [
    { name: 'exactly the peak with a TTFT target only', mutate: (m) => (m.testing.loadTest = { targetRps: 40, p95TimeToFirstTokenMs: 500 }) },
    { name: 'a p99 target', yaml: `${HEAD}scaling: { expectedPeakRps: 10 }\ntesting: { loadTest: { targetRps: 12, p99LatencyMs: 4000 } }\n` },
    { name: 'headroom by option', mutate: (m) => (m.testing.loadTest.targetRps = 60), options: { headroom: 1.5 } },
  ],
  invalid: [
    {
      name: 'below the expected peak: reported on targetRps, related to the peak',
      mutate: (m) => (m.testing.loadTest.targetRps = 20),
      findings: [{ message: /sustains 20 rps, below the expected peak of 40 rps/, text: '20', fixable: false }],
    },
    {
      name: 'no load test at all',
      mutate: (m) => delete m.testing.loadTest,
      findings: [{ message: /No load test.*expected peak \(40 rps\)/, text: 'testing', fixable: false }],
    },
    {
      name: 'no rate and no latency target (flow style)',
      yaml: `${HEAD}scaling: { expectedPeakRps: 10 }\ntesting: { loadTest: { durationMinutes: 30 } }\n`,
      findings: [
        { message: /does not state the rate/, text: 'loadTest' },
        { message: /states no latency target/, text: 'loadTest' },
      ],
    },
    {
      name: 'no expected peak to compare with',
      yaml: `${HEAD}testing:\n  loadTest: { targetRps: 50, p95LatencyMs: 2000 }\n`,
      findings: [{ message: /`scaling.expectedPeakRps` is not stated/, text: 'ModelDeployment' }],
    },
    {
      name: 'headroom by option makes a test at the peak too small',
      mutate: (m) => (m.testing.loadTest.targetRps = 40),
      options: { headroom: 1.25 },
      findings: [{ message: /below the expected peak of 40 rps \(`scaling.expectedPeakRps` × 1.25\)/, text: '40' }],
    },
  ],
});

describe('reliability/load-test fixes', () => {
  it('suggests 25 % over the peak', () => {
    const [f] = run(rule, { name: 'x', mutate: (m) => delete m.testing.loadTest });
    assert.match(f.fixes![0].edits[0].newText, /loadTest: \{ targetRps: \$\{1:50\}/);
  });
});

// Declared intent only: Kubernetes, KServe and KubeRay resources have no field for load tests, so the rule
// stays on native manifests (a workload links one with `modelready.dev/manifest`).
ruleTester(rule, { valid: [{ name: 'k8s: not judged (the production vLLM example)', yaml: PRODUCTION_EXAMPLE }, { name: 'k8s: not judged (a bare Deployment)', yaml: VLLM }], invalid: [] });
