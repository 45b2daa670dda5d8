import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor, preferredOrSnippet } from '../support/fixes';
import { outOfScope, SCOPE_OPTION, statesPodSettings } from '../support/workload';
import { probePort } from './kube';
import { defaultHealthPath, reportWrongHealthPath } from './support';

interface Options extends Record<string, unknown> {
  /** Extra accepted health paths per runtime, e.g. `{ vllm: ['/ready'] }`. */
  healthPaths: Record<string, string[]>;
  /** Which workloads are judged (`model-servers`, or `all-workloads`); set workspace-wide by `scope`. */
  scope: string;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/readiness-probe',
    area: 'reliability',
    severity: 'warning',
    description: 'The model server has a readiness probe on its health endpoint.',
    rationale:
      'Without a readiness probe Kubernetes sends traffic to a pod as soon as its process starts, minutes before the weights are loaded, and keeps sending it to a server that has stopped answering; the probe must hit the runtime\'s own health endpoint (vLLM /health, NIM /v1/health/ready, Triton /v2/health/ready) (Kubernetes "Configure Liveness, Readiness and Startup Probes"; kube-linter no-readiness-probe, Polaris readinessProbeMissing).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { healthPaths: {}, ...SCOPE_OPTION },
  },
  check(context) {
    const { unit, workspace, options, report } = context;
    if (outOfScope(context)) return;
    const runtime = unit.spec.serving?.runtime;
    const probes = unit.spec.reliability?.probes;
    const readiness = probes && typeof probes === 'object' ? probes.readiness : undefined;
    const expected = defaultHealthPath(runtime, 'readiness');
    const fact = 'reliability.probes.readiness';

    if (readiness === undefined || readiness === null) {
      // Nowhere to state probes (a workload without a serving container), or a platform that fills them in.
      if (!unit.sourcePath(fact) || !statesPodSettings(unit)) return;
      if (!unit.isModelServer) {
        report({
          at: unit.where(fact),
          message: `No readiness probe (${unit.describe(fact)}): its Service sends traffic as soon as the process starts, and keeps sending it when it stops answering. Add a readiness probe on its health endpoint.`,
          fixes: fixesFor({ title: 'Add a readiness probe', edits: unit.plan.addProbe('readiness', { path: '${1:/healthz}', port: probePort(unit, workspace)?.port, periodSeconds: 10 }), snippet: true }),
        });
        return;
      }
      const edits = unit.plan.addProbe('readiness', { path: expected, port: probePort(unit, workspace)?.port, periodSeconds: 10, failureThreshold: 3 });
      report({
        at: unit.where(fact),
        message: `No readiness probe (${unit.describe(fact)}): traffic reaches a replica before its weights are loaded, and keeps reaching one that stopped answering. Add one on the server's health endpoint (\`${expected}\`).`,
        fixes: fixesFor(preferredOrSnippet({ title: `Add a readiness probe on \`${expected}\``, edits })),
      });
      return;
    }

    reportWrongHealthPath({ unit, options, report }, 'readiness', readiness, 'the probe never reflects whether the model is loaded and answering.', ", or add the path to this rule's `healthPaths` option");
  },
});
