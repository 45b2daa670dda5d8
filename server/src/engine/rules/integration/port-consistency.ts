import { replaceValue } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { relatedAt, runtimeName } from '../scaling/support';

/** Runtimes that serve `/metrics` on their API port. */
const METRICS_ON_API_PORT = new Set(['vllm', 'tgi', 'sglang', 'nim', 'llama-cpp']);

const PROBE_EFFECT: Record<string, string> = {
  readiness: 'the probe fails, so the pod never receives traffic',
  liveness: 'the probe fails, so the kubelet restarts the container over and over',
  startup: 'the probe fails, so the container is killed when the startup budget runs out',
};

export default defineRule({
  meta: {
    id: 'integration/port-consistency',
    area: 'integration',
    severity: 'error',
    description: 'Probe ports and the metrics port match the port the server listens on.',
    rationale:
      'Kubernetes "Configure Liveness, Readiness and Startup Probes": a probe on a port nothing listens on fails, so the pod never becomes ready or is restarted in a loop (kube-linter `readiness-port`, `liveness-port`, `startup-port`). vLLM serves `/health` and `/metrics` on its API port (default 8000).',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    const serving = unit.spec.serving;
    const port = serving?.port;
    if (typeof port !== 'number') return;
    const runtime = serving?.runtime;

    // Probes are HTTP; a gRPC server (e.g. Triton on 8001) answers them on its separate HTTP port.
    if (serving?.protocol !== 'grpc') {
      for (const kind of ['readiness', 'liveness', 'startup'] as const) {
        const probe = unit.spec.reliability?.probes?.[kind];
        if (probe === null || typeof probe !== 'object' || typeof probe.port !== 'number' || probe.port === port) continue;
        report({
          at: `reliability.probes.${kind}.port`,
          message: `\`reliability.probes.${kind}.port\` is ${probe.port} but the server listens on \`serving.port\` ${port}: ${PROBE_EFFECT[kind]}. Probe the serving port (or leave \`port\` out: it defaults to \`serving.port\`).`,
          related: [relatedAt(unit, 'serving.port', 'the port the server listens on')],
          fixes: [{ title: `Probe port ${port}`, edits: replaceValue(unit.doc, ['reliability', 'probes', kind, 'port'], String(port)), isPreferred: true }],
        });
      }
    }

    const metricsPort = unit.spec.monitoring?.metrics?.port;
    if (typeof metricsPort === 'number' && metricsPort !== port && typeof runtime === 'string' && METRICS_ON_API_PORT.has(runtime)) {
      report({
        at: 'monitoring.metrics.port',
        message: `\`monitoring.metrics.port\` is ${metricsPort} but ${runtimeName(runtime)} serves \`/metrics\` on its API port (\`serving.port\` ${port}): the scraper finds nothing, and dashboards, alerts and a metric-driven autoscaler go blind. Scrape port ${port}.`,
        related: [relatedAt(unit, 'serving.port', 'the port the server listens on')],
        fixes: [{ title: `Scrape port ${port}`, edits: replaceValue(unit.doc, ['monitoring', 'metrics', 'port'], String(port)), isPreferred: true }],
      });
    }
  },
});
