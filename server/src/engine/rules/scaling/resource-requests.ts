import { replaceValue } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys, parseQuantity, relatedAt, scalarText, stated } from './support';

const DEFAULTS: Record<'cpu' | 'memory', string> = { cpu: '"${1:8}"', memory: '${2:32Gi}' };

export default defineRule({
  meta: {
    id: 'scaling/resource-requests',
    area: 'scaling',
    severity: 'warning',
    description: 'CPU and memory requests are stated, and limits are not below them.',
    rationale:
      'Kubernetes, "Resource Management for Pods and Containers": the scheduler places pods by their requests, and a container without a memory request is among the first evicted under node pressure. kube-score `container-resources`, kube-linter `unset-cpu-requirements` / `unset-memory-requirements`, Polaris `cpuRequestsMissing` / `memoryRequestsMissing`.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    const r = unit.spec.resources;
    const missing = (['cpu', 'memory'] as const).filter((k) => !stated(r?.[k]));
    if (missing.length > 0) {
      const names = missing.map((k) => `\`resources.${k}\``).join(' and ');
      report({
        at: `resources.${missing[0]}`,
        message: `No ${missing.join(' or ')} request is stated (${names}). The scheduler places pods by their requests: without them the model server can land on a node that cannot feed its GPUs, and it is evicted first when the node runs short of memory.`,
        fixes: [
          {
            title: `Add ${missing.map((k) => `resources.${k}`).join(' and ')}`,
            edits: insertKeys(unit.doc, ['resources'], missing.map((k) => [k, DEFAULTS[k]] as const)),
            isPreferred: true,
            snippet: true,
          },
        ],
      });
    }
    for (const k of ['cpu', 'memory'] as const) {
      const request = parseQuantity(r?.[k]);
      if (request === 0) {
        report({
          at: `resources.${k}`,
          message: `\`resources.${k}\` is 0, which is the same as no request: the scheduler reserves nothing for the model server. State what one replica needs.`,
          fixes: [{ title: `Set resources.${k}`, edits: replaceValue(unit.doc, ['resources', k], DEFAULTS[k]), snippet: true }],
        });
        continue;
      }
      const limit = parseQuantity(r?.limits?.[k]);
      if (request !== undefined && limit !== undefined && limit < request) {
        report({
          at: `resources.limits.${k}`,
          message: `The ${k} limit (\`resources.limits.${k}\`: ${String(r?.limits?.[k])}) is below the ${k} request (${String(r?.[k])}): Kubernetes rejects a container whose limit is lower than its request. Raise the limit to at least the request.`,
          related: [relatedAt(unit, `resources.${k}`, `the ${k} request`)],
          fixes: [{ title: `Set the ${k} limit to the request (${String(r?.[k])})`, edits: replaceValue(unit.doc, ['resources', 'limits', k], scalarText(r?.[k])), isPreferred: true }],
        });
      }
    }
  },
});
