import { strict as assert } from 'node:assert';
import { ruleTester } from '../../../../../test/support/rule-tester';
import rule from './metrics';

const HEAD = 'apiVersion: modelready.dev/v1alpha1\nkind: ModelDeployment\nmetadata: { name: m }\nmodel: { uri: hf://org/model }\n';

ruleTester(rule, {
  valid: [
    { name: 'path, port and scrape: true (flow style)', yaml: `${HEAD}monitoring:\n  metrics: { path: /metrics, port: 8000, scrape: true }\n` },
    { name: 'path defaults to /metrics and port to serving.port: only scrape is needed', mutate: (m) => (m.monitoring.metrics = { scrape: true }) },
  ],
  invalid: [
    {
      name: 'no metrics section: reported on the monitoring key; the fix adds a scraped endpoint on serving.port',
      mutate: (m) => delete m.monitoring.metrics,
      findings: [
        {
          message: /No metrics endpoint is declared/,
          text: 'monitoring',
          fixable: true,
          fixed: (out) => assert.match(out, /metrics:\n {4}path: \/metrics\n {4}port: 8000\n {4}scrape: true\n/),
        },
      ],
    },
    {
      name: 'Triton without metrics: the fix uses its metrics port 8002; no monitoring section at all',
      yaml: `${HEAD}serving: { runtime: triton, port: 8000 }\n`,
      findings: [{ message: /No metrics endpoint/, text: 'ModelDeployment', fixable: true, fixed: (out) => assert.match(out, /port: 8002/) }],
    },
    {
      name: 'scrape: false is reported on the value, without an automatic fix',
      mutate: (m) => (m.monitoring.metrics.scrape = false),
      findings: [{ message: /scrape` is false: the metrics are exposed but nothing collects them/, text: 'false', fixable: false }],
    },
    {
      name: 'an empty flow mapping: scrape not stated, reported on the metrics key; the fix writes into the braces',
      yaml: `${HEAD}monitoring:\n  metrics: {}\n`,
      findings: [{ message: /does not say whether the metrics are scraped/, text: 'metrics', fixable: true, fixed: (out) => assert.match(out, /metrics: \{ scrape: true \}/) }],
    },
  ],
});
