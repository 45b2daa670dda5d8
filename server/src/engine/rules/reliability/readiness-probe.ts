import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { containerAnchor, httpProbe, judgesMissingProbes, probePort } from './kube';
import { defaultHealthPath, reportWrongHealthPath, wrongHealthPath } from './support';
import { docPath, isFragment, isKube, outOfScope, primaryContainer, SCOPE_OPTION } from '../support/workload';
import { insertAtPath, insertKeys, setValue } from '../../fix/edits';

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
    if (isKube(unit)) {
      if (outOfScope(context)) return;
      checkKube(unit, workspace, options, report);
      return;
    }
    const runtime = unit.spec.serving?.runtime;
    const probes = unit.spec.reliability?.probes;
    const readiness = probes && typeof probes === 'object' ? probes.readiness : undefined;
    const expected = defaultHealthPath(runtime, 'readiness');

    if (readiness === undefined || readiness === null) {
      report({
        at: 'reliability.probes.readiness',
        message: `No readiness probe: traffic reaches a replica before its weights are loaded and keeps reaching one that stopped answering. Add \`reliability.probes.readiness\` on the server's health endpoint (\`${expected}\`).`,
        fixes: [{ title: `Add a readiness probe on \`${expected}\``, edits: insertKeys(unit.doc, docPath(unit, 'reliability.probes'), [['readiness', expected]]), isPreferred: true }],
      });
      return;
    }

    reportWrongHealthPath({ unit, options, report }, 'readiness', readiness, 'the probe never reflects whether the model is loaded and answering.', ", or add the path to this rule's `healthPaths` option");
  },
});

/**
 * Kubernetes family: the `readinessProbe` of the serving container (sidecars and routers in the same pod need
 * none); of another workload's first container with `scope: all-workloads`. A Kustomize patch's probes come
 * from its base.
 */
function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, options: Options, report: (r: Report) => void): void {
  const c = primaryContainer(unit);
  if (!c) return;
  const runtime = unit.spec.serving?.runtime;
  const probe = c.probes?.readiness;
  const expected = defaultHealthPath(runtime, 'readiness');
  if (!probe) {
    if (!judgesMissingProbes(unit) || isFragment(unit)) return;
    const port = probePort(unit, c, workspace);
    if (!unit.isModelServer) {
      report({
        at: containerAnchor(unit, c),
        message: `Container \`${c.name || '(unnamed)'}\` has no \`readinessProbe\`: its Service sends traffic as soon as the process starts, and keeps sending it when it stops answering. Add a readiness probe on its health endpoint.`,
        fixes: [{ title: 'Add a readiness probe', edits: insertAtPath(unit.doc, [...c.path, 'readinessProbe'], `httpGet:\n  path: \${1:/healthz}\n  port: \${2:${port?.port ?? 8080}}\nperiodSeconds: 10`), snippet: true }],
      });
      return;
    }
    report({
      at: containerAnchor(unit, c),
      message: `Container \`${c.name || '(unnamed)'}\` has no \`readinessProbe\`: its Service sends traffic before the weights are loaded, and keeps sending it to a replica that stopped answering. Add an HTTP readiness probe on the server's health endpoint (\`${expected}\`).`,
      fixes: [
        port
          ? { title: `Add a readiness probe on \`${expected}\``, edits: insertAtPath(unit.doc, [...c.path, 'readinessProbe'], httpProbe(expected, port.port, { periodSeconds: 10, failureThreshold: 3 })), isPreferred: true }
          : { title: `Add a readiness probe on \`${expected}\``, edits: insertAtPath(unit.doc, [...c.path, 'readinessProbe'], `httpGet:\n  path: ${expected}\n  port: \${1:8000}\nperiodSeconds: 10\nfailureThreshold: 3`), snippet: true },
      ],
    });
    return;
  }
  if (probe.type !== 'httpGet') return;
  const wrong = wrongHealthPath(runtime, 'readiness', probe.httpPath, options.healthPaths);
  if (!wrong) return;
  const at = [...probe.path, 'httpGet', 'path'];
  report({
    at: unit.doc.rangeAt(at),
    message: `The readiness probe checks \`${probe.httpPath}\`, which is not a health endpoint of ${wrong.label} (\`${wrong.expected}\`): the probe never reflects whether the model is loaded and answering. Probe \`${wrong.expected}\`, or add the path to this rule's \`healthPaths\` option.`,
    fixes: [{ title: `Probe \`${wrong.expected}\``, edits: setValue(unit.doc, at, wrong.expected), isPreferred: true }],
  });
}
