import { defineRule, PRODUCTION_AND_UP } from '../define';
import { defaultHealthPath, insertKeys, probePath, probePathFact, setValue, wrongHealthPath } from './support';

interface Options extends Record<string, unknown> {
  /** Extra accepted health paths per runtime, e.g. `{ vllm: ['/ready'] }`. */
  healthPaths: Record<string, string[]>;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/readiness-probe',
    area: 'reliability',
    severity: 'warning',
    description: 'The model server has a readiness probe on its health endpoint.',
    rationale:
      'Without a readiness probe Kubernetes sends traffic to a pod as soon as its process starts, minutes before the weights are loaded, and keeps sending it to a server that has stopped answering; the probe must hit the runtime\'s own health endpoint (vLLM /health, NIM /v1/health/ready, Triton /v2/health/ready) (Kubernetes "Configure Liveness, Readiness and Startup Probes"; kube-linter no-readiness-probe, Polaris readinessProbeMissing).',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { healthPaths: {} },
  },
  check({ unit, options, report }) {
    const runtime = unit.spec.serving?.runtime;
    const probes = unit.spec.reliability?.probes;
    const readiness = probes && typeof probes === 'object' ? probes.readiness : undefined;
    const expected = defaultHealthPath(runtime, 'readiness');

    if (readiness === undefined || readiness === null) {
      report({
        at: 'reliability.probes.readiness',
        message: `No readiness probe: traffic reaches a replica before its weights are loaded and keeps reaching one that stopped answering. Add \`reliability.probes.readiness\` on the server's health endpoint (\`${expected}\`).`,
        fixes: [{ title: `Add a readiness probe on \`${expected}\``, edits: insertKeys(unit, 'reliability.probes', [['readiness', expected]]), isPreferred: true }],
      });
      return;
    }

    const path = probePath(readiness);
    const wrong = wrongHealthPath(runtime, 'readiness', path, options.healthPaths);
    if (wrong) {
      const at = probePathFact('readiness', readiness);
      report({
        at,
        message: `The readiness probe checks \`${path}\`, which is not a health endpoint of ${wrong.label} (\`${wrong.expected}\`): the probe never reflects whether the model is loaded and answering. Probe \`${wrong.expected}\`, or add the path to this rule's \`healthPaths\` option.`,
        fixes: [{ title: `Probe \`${wrong.expected}\``, edits: setValue(unit, at, wrong.expected), isPreferred: true }],
      });
    }
  },
});
