import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import { factRange } from '../../facts/model';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { containerAnchor, httpProbe, judgesMissingProbes, probeTimingOf, probePort } from './kube';
import { defaultHealthPath, probePath, probeTiming, reportWrongHealthPath, wrongHealthPath } from './support';
import { docPath, isFragment, isKube, outOfScope, primaryContainer, relatedAt, SCOPE_OPTION } from '../support/workload';
import { insertAtPath, insertKeys, setValue } from '../../fix/edits';
import { num } from '../support/values';

interface Options extends Record<string, unknown> {
  /** Extra accepted health paths per runtime, e.g. `{ vllm: ['/live'] }`. */
  healthPaths: Record<string, string[]>;
  /** Which workloads are judged (`model-servers`, or `all-workloads`); set workspace-wide by `scope`. */
  scope: string;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/liveness-probe',
    area: 'reliability',
    severity: 'warning',
    description: 'A liveness probe is present and not identical in timing to the readiness probe.',
    rationale:
      'A wedged model server (a stuck CUDA call, a dead engine loop) keeps its port open; only a liveness probe restarts it. With the same timing as readiness, a server that is merely busy is restarted at the moment it is taken out of rotation, dropping every running generation (Kubernetes probe docs; kube-score pod-probes / pod-probes-identical).',
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
    if (probes !== undefined && (probes === null || typeof probes !== 'object')) return;
    const liveness = probes?.liveness;
    const readiness = probes?.readiness;
    const r = probeTiming(readiness ?? undefined);
    // Liveness checks less often and tolerates more failures than readiness.
    const period = r.periodSeconds * 3;
    const failures = r.failureThreshold + 2;

    if (liveness === undefined || liveness === null) {
      const path = defaultHealthPath(runtime, 'liveness');
      report({
        at: 'reliability.probes.liveness',
        message: `No liveness probe: a wedged model server keeps its port open and is never restarted. Add \`reliability.probes.liveness\` on \`${path}\`, checking less often than readiness.`,
        fixes: [
          {
            title: `Add a liveness probe on \`${path}\``,
            edits: insertKeys(unit.doc, docPath(unit, 'reliability.probes'), [['liveness', `{ path: ${path}, periodSeconds: ${period}, failureThreshold: ${failures} }`]]),
            isPreferred: true,
          },
        ],
      });
      return;
    }

    const path = probePath(liveness);
    reportWrongHealthPath({ unit, options, report }, 'liveness', liveness, 'it cannot tell whether the engine is alive.');

    if (readiness === undefined || readiness === null) return; // readiness-probe reports it
    const l = probeTiming(liveness);
    const same =
      l.initialDelaySeconds === r.initialDelaySeconds &&
      l.periodSeconds === r.periodSeconds &&
      l.timeoutSeconds === r.timeoutSeconds &&
      l.failureThreshold === r.failureThreshold;
    if (!same) return;
    const isObject = typeof liveness === 'object';
    report({
      at: isObject ? (num(liveness.failureThreshold) !== undefined ? 'reliability.probes.liveness.failureThreshold' : factRange(unit, 'reliability.probes.liveness', 'key')) : 'reliability.probes.liveness',
      message: `The liveness probe has the same timing as readiness (every ${l.periodSeconds} s, ${l.failureThreshold} failures): a busy server is restarted at the moment it is taken out of rotation, dropping its running generations. Let liveness tolerate more failures or check less often.`,
      related: [relatedAt(unit, 'reliability.probes.readiness', 'the readiness probe with the same timing')],
      fixes: [
        isObject
          ? { title: `Tolerate ${l.failureThreshold + 2} liveness failures`, edits: setValue(unit.doc, docPath(unit, 'reliability.probes.liveness.failureThreshold'), String(l.failureThreshold + 2)), isPreferred: true }
          : {
              title: 'Check liveness less often than readiness',
              edits: setValue(unit.doc, docPath(unit, 'reliability.probes.liveness'), `{ path: ${path}, periodSeconds: ${period}, failureThreshold: ${failures} }`),
              isPreferred: true,
            },
      ],
    });
  },
});

/**
 * Kubernetes family: the `livenessProbe` of the serving container (not of its sidecars), against its
 * `readinessProbe`; of another workload's first container with `scope: all-workloads`. A Kustomize patch's
 * probes come from its base.
 */
function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, options: Options, report: (r: Report) => void): void {
  const c = primaryContainer(unit);
  if (!c) return;
  const runtime = unit.spec.serving?.runtime;
  const { liveness, readiness, startup } = c.probes ?? {};
  const r = readiness ? probeTimingOf(readiness) : { periodSeconds: 10, failureThreshold: 3 };
  if (!liveness) {
    if (!judgesMissingProbes(unit) || isFragment(unit)) return;
    if (!unit.isModelServer) {
      const port = probePort(unit, c, workspace);
      report({
        at: containerAnchor(unit, c),
        message: `Container \`${c.name || '(unnamed)'}\` has no \`livenessProbe\`: a process that hangs with its port open is never restarted. Add a liveness probe that checks less often than readiness.`,
        fixes: [{ title: 'Add a liveness probe', edits: insertAtPath(unit.doc, [...c.path, 'livenessProbe'], `httpGet:\n  path: \${1:/healthz}\n  port: \${2:${port?.port ?? 8080}}\nperiodSeconds: ${r.periodSeconds * 3}\nfailureThreshold: ${r.failureThreshold + 2}`), snippet: true }],
      });
      return;
    }
    const path = defaultHealthPath(runtime, 'liveness');
    const port = probePort(unit, c, workspace);
    const data = httpProbe(path, port?.port ?? '${1:8000}', { periodSeconds: r.periodSeconds * 3, failureThreshold: r.failureThreshold + 2 });
    // Without a startup probe a liveness probe restarts the server while it loads: the fix is then only offered.
    const safe = !!port && !!startup;
    report({
      at: containerAnchor(unit, c),
      message: `Container \`${c.name || '(unnamed)'}\` has no \`livenessProbe\`: a wedged model server keeps its port open and is never restarted. Add an HTTP liveness probe on \`${path}\` that checks less often than readiness${startup ? '' : ', together with a startup probe that covers the model load (reliability/startup-probe)'}.`,
      fixes: [{ title: `Add a liveness probe on \`${path}\``, edits: insertAtPath(unit.doc, [...c.path, 'livenessProbe'], data), ...(safe ? { isPreferred: true } : { snippet: true }) }],
    });
    return;
  }
  if (liveness.type === 'httpGet') {
    const wrong = wrongHealthPath(runtime, 'liveness', liveness.httpPath, options.healthPaths);
    if (wrong) {
      const at = [...liveness.path, 'httpGet', 'path'];
      report({
        at: unit.doc.rangeAt(at),
        message: `The liveness probe checks \`${liveness.httpPath}\`, which is not a health endpoint of ${wrong.label} (\`${wrong.expected}\`): it cannot tell whether the engine is alive. Probe \`${wrong.expected}\`.`,
        fixes: [{ title: `Probe \`${wrong.expected}\``, edits: setValue(unit.doc, at, wrong.expected), isPreferred: true }],
      });
    }
  }
  if (!readiness) return; // readiness-probe reports it
  const l = probeTimingOf(liveness);
  const rt = probeTimingOf(readiness);
  const same = l.initialDelaySeconds === rt.initialDelaySeconds && l.periodSeconds === rt.periodSeconds && l.timeoutSeconds === rt.timeoutSeconds && l.failureThreshold === rt.failureThreshold;
  if (!same) return;
  const thresholdPath = [...liveness.path, 'failureThreshold'];
  report({
    at: liveness.failureThreshold !== undefined ? unit.doc.rangeAt(thresholdPath) : unit.doc.rangeAt(liveness.path, 'key'),
    message: `The liveness probe has the same timing as readiness (every ${l.periodSeconds} s, ${l.failureThreshold} failures): a busy server is restarted at the moment it is taken out of rotation, dropping its running generations. Let liveness tolerate more failures or check less often.`,
    related: [{ uri: unit.uri, range: unit.doc.rangeAt(readiness.path, 'key'), message: 'the readiness probe with the same timing' }],
    fixes: [{ title: `Tolerate ${l.failureThreshold + 2} liveness failures`, edits: setValue(unit.doc, thresholdPath, String(l.failureThreshold + 2)), isPreferred: true }],
  });
}
