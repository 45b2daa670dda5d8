import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys } from './fixes';

/** Runtimes whose metrics are not on the API port (Triton serves Prometheus metrics on 8002). */
const METRICS_PORTS: Record<string, number> = { triton: 8002 };

export default defineRule({
  meta: {
    id: 'monitoring/metrics',
    area: 'monitoring',
    severity: 'warning',
    description: 'Metrics are exposed and scraped (path, port, and a collector that scrapes them).',
    rationale:
      'Autoscaling on queue depth, SLO alerts and capacity planning all read the model server\'s Prometheus metrics (vLLM `vllm:num_requests_waiting`, TGI, NIM); GKE "Configure autoscaling for LLM workloads" scrapes them with a PodMonitoring on the serving port, and NIM ships a ServiceMonitor. Metrics nobody scrapes are not monitoring.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    const metrics = unit.spec.monitoring?.metrics;
    if (!metrics || typeof metrics !== 'object') {
      const runtime = unit.spec.serving?.runtime ?? '';
      const port = METRICS_PORTS[runtime] ?? unit.spec.serving?.port ?? 8000;
      report({
        at: 'monitoring.metrics',
        message:
          'No metrics endpoint is declared. Add `monitoring.metrics` (path, port, `scrape: true`): autoscaling on queue depth and SLO alerts need the server\'s metrics collected.',
        fixes: [
          {
            title: 'Add a scraped metrics endpoint',
            edits: insertKeys(unit.doc, ['monitoring', 'metrics'], [
              ['path', '${1:/metrics}'],
              ['port', `\${2:${port}}`],
              ['scrape', 'true'],
            ]),
            isPreferred: true,
            snippet: true,
          },
        ],
      });
      return;
    }
    const scrape = metrics.scrape;
    if (scrape === false || scrape === '') {
      report({
        at: 'monitoring.metrics.scrape',
        message:
          '`monitoring.metrics.scrape` is false: the metrics are exposed but nothing collects them. Add a ServiceMonitor, PodMonitor or scrape annotations for the metrics port, then set `scrape: true`.',
      });
    } else if (scrape === undefined) {
      report({
        at: 'monitoring.metrics.scrape',
        message:
          '`monitoring.metrics` does not say whether the metrics are scraped. Set `scrape: true` once a ServiceMonitor, PodMonitor or scrape annotations collect them (autoscaling and alerts read them).',
        fixes: [
          {
            title: 'Declare the metrics scraped',
            edits: insertKeys(unit.doc, ['monitoring', 'metrics'], [['scrape', 'true']]),
            isPreferred: true,
          },
        ],
      });
    }
  },
});
