import { factRange } from '../../facts/model';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys } from '../../fix/edits';
import { docPath, relatedAt } from '../support/workload';
import { num } from '../support/values';
import { lazyFix } from '../../fix/lazy';

interface Options extends Record<string, unknown> {
  /** Factor the tested rate must reach over `scaling.expectedPeakRps` (1 = exactly the peak). */
  headroom: number;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/load-test',
    area: 'reliability',
    severity: 'warning',
    description: 'A load test covers the expected peak traffic and states a latency target.',
    rationale:
      'LLM latency grows non-linearly with load (KV-cache pressure, batching, queueing), so capacity cannot be inferred from a single request: only a test at the expected peak shows whether the replicas and autoscaler hold the latency objective (GKE "Best practices for autoscaling LLM inference workloads"; Google SRE "Load testing").',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { headroom: 1 },
  },
  check({ unit, options, report }) {
    const testing = unit.spec.testing;
    if (testing !== undefined && (testing === null || typeof testing !== 'object')) return;
    const lt = testing?.loadTest;
    const peak = num(unit.spec.scaling?.expectedPeakRps);
    const headroom = Math.max(0, num(options.headroom) ?? 1);
    const target = peak !== undefined ? Math.ceil(peak * Math.max(headroom, 1.25)) : undefined;

    if (!lt || typeof lt !== 'object') {
      report({
        at: 'testing.loadTest',
        message: `No load test: LLM latency grows sharply with load, so nothing shows that the replicas hold the latency objective at ${peak !== undefined ? `the expected peak (${peak} rps)` : 'peak traffic'}. Add \`testing.loadTest\` with the tested rate and a p95 latency target.`,
        fixes: [
          lazyFix({
            title: 'Add a load test',
            edits: () => insertKeys(unit.doc, docPath(unit, 'testing'), [['loadTest', `{ targetRps: \${1:${target ?? 50}}, durationMinutes: \${2:30}, p95LatencyMs: \${3:2000} }`]]),
            snippet: true,
          }),
        ],
      });
      return;
    }

    const rps = num(lt.targetRps);
    if (rps === undefined) {
      report({
        at: factRange(unit, 'testing.loadTest', 'key'),
        message: 'The load test does not state the rate it sustains (`targetRps`): it cannot show that peak traffic is covered.',
        fixes: [lazyFix({ title: 'State the tested rate', edits: () => insertKeys(unit.doc, docPath(unit, 'testing.loadTest'), [['targetRps', `\${1:${target ?? 50}}`]]), snippet: true })],
      });
    } else if (peak !== undefined && rps < peak * headroom) {
      report({
        at: 'testing.loadTest.targetRps',
        message: `The load test sustains ${rps} rps, below the expected peak of ${peak} rps (\`scaling.expectedPeakRps\`${headroom !== 1 ? ` × ${headroom}` : ''}): latency at the peak is unknown. Test at least ${Math.ceil(peak * headroom)} rps.`,
        related: [relatedAt(unit, 'scaling.expectedPeakRps', `the expected peak is ${peak} rps`)],
      });
    } else if (peak === undefined) {
      report({
        at: 'scaling.expectedPeakRps',
        message: `The load test runs at ${rps} rps, but \`scaling.expectedPeakRps\` is not stated, so nothing shows that the test covers real traffic. State the expected peak.`,
        related: [relatedAt(unit, 'testing.loadTest.targetRps', `the load test runs at ${rps} rps`)],
        fixes: [lazyFix({ title: 'State the expected peak', edits: () => insertKeys(unit.doc, docPath(unit, 'scaling'), [['expectedPeakRps', `\${1:${Math.floor(rps / 1.25) || rps}}`]]), snippet: true })],
      });
    }

    if (num(lt.p95LatencyMs) === undefined && num(lt.p99LatencyMs) === undefined && num(lt.p95TimeToFirstTokenMs) === undefined) {
      report({
        at: factRange(unit, 'testing.loadTest', 'key'),
        message: 'The load test states no latency target (`p95LatencyMs`, `p99LatencyMs` or `p95TimeToFirstTokenMs`): passing it says nothing about the experience under load.',
        fixes: [lazyFix({ title: 'Add a p95 latency target', edits: () => insertKeys(unit.doc, docPath(unit, 'testing.loadTest'), [['p95LatencyMs', '${1:2000}']]), snippet: true })],
      });
    }
  },
});
