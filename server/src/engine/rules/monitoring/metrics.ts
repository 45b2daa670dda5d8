import type { DeploymentUnit, KubeResource, WorkspaceFacts } from '../../facts/model';
import { derived, mayShareNamespace, resourcesMaySelect, resourcesOfKind, selectorMatches } from '../../facts/relations';
import type { Fix, Range } from '../../types';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { annotationEdits, isFragment, podLabels, podMetadataPath } from '../support/workload';
import { insertKeys } from '../../fix/edits';
import { lazyFix } from '../../fix/lazy';

/** Runtimes whose metrics are not on the API port (Triton serves Prometheus metrics on 8002). */
const METRICS_PORTS: Record<string, number> = { triton: 8002 };

/** Where each runtime serves Prometheus metrics (the serving port unless a port is given). */
const RUNTIME_METRICS: Readonly<Record<string, { path: string; port?: number; note?: string }>> = {
  vllm: { path: '/metrics' },
  tgi: { path: '/metrics' },
  nim: { path: '/v1/metrics' },
  triton: { path: '/metrics', port: 8002 },
  torchserve: { path: '/metrics', port: 8082 },
  'ray-serve': { path: '/metrics', port: 8080 },
  sglang: { path: '/metrics', note: ' (SGLang needs `--enable-metrics`)' },
  'llama-cpp': { path: '/metrics', note: ' (llama.cpp server needs `--metrics`)' },
};

/** Kinds that scrape pods they select (Prometheus Operator PodMonitor, Google Managed Prometheus PodMonitoring). */
const POD_MONITORS = ['PodMonitor', 'PodMonitoring', 'ClusterPodMonitoring'];
const METRICS_PORT_NAME = /^(metrics|http-metrics|prometheus|prom)$/;

const SCRAPE = 'prometheus.io/scrape';
const isTrue = (v: string | undefined): boolean => v?.trim().toLowerCase() === 'true';

/**
 * What scrapes the unit's pods, anywhere in the workspace (any candidate keeps the rule silent): a PodMonitor
 * or PodMonitoring selecting them, a Service selecting them with `prometheus.io/scrape: "true"`, or a
 * ServiceMonitor selecting such a Service by its labels.
 */
function monitorsOf(unit: DeploymentUnit, workspace: WorkspaceFacts): KubeResource[] {
  const seen = unit.pod ? { ...unit, pod: { ...unit.pod, labels: podLabels(unit) } } : unit;
  const podMonitors = resourcesMaySelect(seen, workspace, POD_MONITORS);
  const services = resourcesMaySelect(seen, workspace, ['Service']);
  const annotated = services.filter((svc) => isTrue(svc.facts.annotations[SCRAPE]));
  // Services the controller creates for the pods (KServe's) are labelled like them.
  const controllerServices = unit.pod?.controllerServices ? [{ namespace: unit.namespace, labels: seen.pod?.labels }] : [];
  const serviceLabels = [...services.map((svc) => ({ namespace: svc.namespace, labels: svc.facts.labels })), ...controllerServices];
  const serviceMonitors = resourcesOfKind(workspace, 'ServiceMonitor').filter((r) => serviceLabels.some((svc) => mayShareNamespace(r, svc) && selectorMatches(r.selector, svc.labels)));
  return [...podMonitors, ...annotated, ...serviceMonitors];
}

/**
 * Whether the platform adds the scrape annotations itself by default (KServe's `metricsAggregator.enablePrometheusScraping`
 * in its `inferenceservice-config` ConfigMap), which the workspace shows only when it holds that ConfigMap.
 * `undefined` when it does not.
 */
function platformScrapes(workspace: WorkspaceFacts, configMap: string): boolean | undefined {
  const config = resourcesOfKind(workspace, 'ConfigMap').find((r) => r.name === configMap);
  if (!config) return undefined;
  const aggregator = ((config.value.data ?? {}) as Record<string, unknown>).metricsAggregator;
  return typeof aggregator === 'string' && /"enablePrometheusScraping"\s*:\s*"?true/i.test(aggregator);
}

/** The parent of a file's folder (`deploy/` for `deploy/model/deployment.yaml`): how far "nearby" reaches. */
function nearbyRoot(uri: string): string {
  return uri.split('/').slice(0, -2).join('/') + '/';
}

/**
 * Whether the workspace scrapes servers itself near this one (a monitor, or scrape annotations, in the files
 * around it): then a server left out is an omission. Otherwise scraping is set up elsewhere (a cluster-wide
 * scrape job, a platform's automatic monitoring) or not at all, which the workspace cannot tell.
 */
function hasScrapeConvention(unit: DeploymentUnit, workspace: WorkspaceFacts): boolean {
  // The folders that scrape (once per workspace), and per root whether one lies below it.
  const scraping = derived(workspace, 'monitoring/scrape-folders', () => {
    const scrapes = [
      ...[...POD_MONITORS, 'ServiceMonitor'].flatMap((k) => resourcesOfKind(workspace, k)),
      ...resourcesOfKind(workspace, 'Service').filter((svc) => isTrue(svc.facts.annotations[SCRAPE])),
      ...workspace.units.filter((u) => isTrue(u.pod?.annotations?.[SCRAPE])),
      ...(workspace.podsElsewhere ?? []).filter((p) => isTrue(p.annotations[SCRAPE])),
    ];
    return { folders: [...new Set(scrapes.map((x) => x.uri.slice(0, x.uri.lastIndexOf('/') + 1)))], byRoot: new Map<string, boolean>() };
  });
  const root = nearbyRoot(unit.uri);
  let near = scraping.byRoot.get(root);
  // A file lies below the root exactly when its folder does (the root ends in `/`).
  if (near === undefined) scraping.byRoot.set(root, (near = scraping.folders.some((f) => f.startsWith(root))));
  return near;
}

/**
 * A model server workload: its metrics are scraped by `prometheus.io/*` annotations (pods or a Service), a
 * port named for metrics, KServe's `serving.kserve.io/enable-prometheus-scraping` or platform default, or a
 * PodMonitor/PodMonitoring/ServiceMonitor in the workspace.
 */
function checkWorkload(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  // A Kustomize patch's pod labels and annotations come with its base: judged on the base (or the built overlay).
  if (!unit.isModelServer || !unit.pod || isFragment(unit)) return;
  const pod = unit.pod;
  const metrics = unit.spec.monitoring?.metrics;
  const podScrape = pod.annotations?.[SCRAPE]?.trim().toLowerCase();
  const scrape = typeof metrics?.scrape === 'boolean' ? metrics.scrape : podScrape === 'true' ? true : podScrape !== undefined ? false : undefined;
  if (scrape === true) return;
  const platform = unit.platformScraping;
  if (platform) {
    const stated = unit.annotations[platform.annotation]?.trim().toLowerCase();
    if (stated === 'true') return;
    // Not stated on the resource: the platform's default decides, and the workspace may not show it.
    if (stated === undefined && scrape === undefined && platformScrapes(workspace, platform.configMap) !== false) return;
  }
  if (monitorsOf(unit, workspace).length > 0) return;
  if (scrape === undefined && pod.containers.some((c) => c.ports.some((p) => METRICS_PORT_NAME.test(p.name ?? '')))) return;

  if (scrape === false) {
    const at = unit.sourcePath('monitoring.metrics.scrape') ? 'monitoring.metrics.scrape' : unit.doc.rangeAt([...podMetadataPath(unit)!, 'annotations', 'prometheus.io/scrape']);
    report({
      at,
      message: '`prometheus.io/scrape` is not "true" and no PodMonitor or ServiceMonitor selects these pods: the model server\'s metrics are exposed but nothing collects them. Autoscaling on queue depth and SLO alerts need them: scrape them (`"true"`, or a monitor).',
    });
    return;
  }
  const runtime = unit.spec.serving?.runtime ?? '';
  const where = RUNTIME_METRICS[runtime];
  const port = where?.port ?? unit.spec.serving?.port ?? 8000;
  const fixes: Fix[] = [];
  let at: Range;
  if (platform && unit.kind === 'InferenceService') {
    at = unit.doc.rangeAt(['metadata', 'annotations'], 'key');
    fixes.push(lazyFix({ title: 'Let KServe add the Prometheus scrape annotations', edits: () => annotationEdits(unit, platform.annotation, '"true"'), isPreferred: true }));
  } else {
    const meta = podMetadataPath(unit)!;
    at = unit.doc.rangeAt([...meta, 'annotations'], 'key');
    if (where && unit.kind !== 'LLMInferenceService') {
      fixes.push(lazyFix({
        title: `Scrape ${where.path} on port ${port} (prometheus.io annotations on the pods)`,
        edits: () => insertKeys(unit.doc, [...meta, 'annotations'], [
          ['prometheus.io/scrape', '"true"'],
          ['prometheus.io/port', `"${port}"`],
          ['prometheus.io/path', where.path],
        ]),
        isPreferred: true,
      }));
    }
  }
  const endpoint = where ? ` (${runtime} serves them on ${where.path}, port ${port}${where.note ?? ''})` : runtime === 'ollama' ? ' (Ollama serves no Prometheus metrics: add an exporter)' : '';
  // Where nothing nearby scrapes, scraping is the cluster's (a cluster-wide job, a platform's automatic
  // monitoring): a hint there; a warning where the files around it scrape other servers but not this one.
  const convention = hasScrapeConvention(unit, workspace);
  report({
    at,
    severity: convention ? undefined : 'info',
    message: `No scrape configuration in the workspace covers the metrics of \`${unit.name}\`${endpoint}: no \`prometheus.io/scrape\` annotation on its pods or a Service of them, no port named \`metrics\`, and no PodMonitor, PodMonitoring or ServiceMonitor selects them. Autoscaling on queue depth and SLO alerts need the server's metrics collected: add the scrape annotations or a monitor${convention ? '' : ' (if the cluster scrapes them another way, e.g. a cluster-wide scrape job, say so with the annotations)'}.`,
    fixes,
  });
}

export default defineRule({
  meta: {
    id: 'monitoring/metrics',
    area: 'monitoring',
    severity: 'warning',
    description: 'Metrics are exposed and scraped (path, port, and a collector that scrapes them).',
    rationale:
      'Autoscaling on queue depth, SLO alerts and capacity planning all read the model server\'s Prometheus metrics (vLLM `vllm:num_requests_waiting`, TGI, NIM); GKE "Configure autoscaling for LLM workloads" scrapes them with a PodMonitoring on the serving port, and NIM ships a ServiceMonitor. Metrics nobody scrapes are not monitoring.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, workspace, report }) {
    if (!unit.declaration) {
      checkWorkload(unit, workspace, report);
      return;
    }
    const metrics = unit.spec.monitoring?.metrics;
    if (!metrics || typeof metrics !== 'object') {
      const runtime = unit.spec.serving?.runtime ?? '';
      const port = METRICS_PORTS[runtime] ?? unit.spec.serving?.port ?? 8000;
      report({
        at: 'monitoring.metrics',
        message:
          'No metrics endpoint is declared. Add `monitoring.metrics` (path, port, `scrape: true`): autoscaling on queue depth and SLO alerts need the server\'s metrics collected.',
        fixes: [
          lazyFix({
            title: 'Add a scraped metrics endpoint',
            edits: () => insertKeys(unit.doc, ['monitoring', 'metrics'], [
              ['path', '${1:/metrics}'],
              ['port', `\${2:${port}}`],
              ['scrape', 'true'],
            ]),
            isPreferred: true,
            snippet: true,
          }),
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
          lazyFix({
            title: 'Declare the metrics scraped',
            edits: () => insertKeys(unit.doc, ['monitoring', 'metrics'], [['scrape', 'true']]),
            isPreferred: true,
          }),
        ],
      });
    }
  },
});
