import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor, preferredOrSnippet } from '../support/fixes';
import { num } from '../support/values';
import { outOfScope, relatedAt, SCOPE_OPTION, statesPodSettings } from '../support/workload';
import { probePort } from './kube';
import { defaultHealthPath, probePath, probeTiming, reportWrongHealthPath } from './support';
import { lazyFix } from '../../fix/lazy';

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
    if (outOfScope(context)) return;
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
      // Nowhere to state probes (a workload without a serving container), or a platform that fills them in.
      if (!unit.sourcePath('reliability.probes.liveness') || !statesPodSettings(unit)) return;
      const fact = 'reliability.probes.liveness';
      // Without a startup probe (or budget) a liveness probe restarts the server while it loads: the fix is then only offered.
      const startup = (probes?.startup !== undefined && probes.startup !== null) || probes?.startupTimeoutSeconds !== undefined;
      if (!unit.isModelServer) {
        report({
          at: unit.where(fact),
          message: `No liveness probe (${unit.describe(fact)}): a process that hangs with its port open is never restarted. Add a liveness probe that checks less often than readiness.`,
          fixes: fixesFor({ title: 'Add a liveness probe', edits: unit.plan.addProbe('liveness', { path: '${1:/healthz}', port: probePort(unit, workspace)?.port, periodSeconds: period, failureThreshold: failures }), snippet: true }),
        });
        return;
      }
      const path = defaultHealthPath(runtime, 'liveness');
      const edits = unit.plan.addProbe('liveness', { path, port: probePort(unit, workspace)?.port, periodSeconds: period, failureThreshold: failures });
      report({
        at: unit.where(fact),
        message: `No liveness probe (${unit.describe(fact)}): a wedged model server keeps its port open and is never restarted. Add one on \`${path}\` that checks less often than readiness${startup ? '' : ', together with a startup probe that covers the model load (reliability/startup-probe)'}.`,
        fixes: fixesFor(preferredOrSnippet({ title: `Add a liveness probe on \`${path}\``, edits }, startup)),
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
          ? lazyFix({ title: `Tolerate ${l.failureThreshold + 2} liveness failures`, edits: () => unit.edit.set('reliability.probes.liveness.failureThreshold', String(l.failureThreshold + 2)), isPreferred: true })
          : lazyFix({
              title: 'Check liveness less often than readiness',
              edits: () => unit.edit.set('reliability.probes.liveness', `{ path: ${path}, periodSeconds: ${period}, failureThreshold: ${failures} }`),
              isPreferred: true,
            }),
      ],
    });
  },
});
