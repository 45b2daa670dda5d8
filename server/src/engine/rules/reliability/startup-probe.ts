import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import { factRange } from '../../facts/model';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { containerAnchor, httpProbe, judgesMissingProbes, probeBudgetOf, probePort, probeTimingOf } from './kube';
import { defaultHealthPath, probeBudget, probePath, probeTiming, reportWrongHealthPath, wrongHealthPath } from './support';
import { docPath, isFragment, isKube, notModelServer, primaryContainer, relatedAt } from '../support/workload';
import { insertAtPath, insertKeys, setValue } from '../../fix/edits';
import { num } from '../support/values';

interface Options extends Record<string, unknown> {
  /** Shortest acceptable load budget, in seconds. */
  minStartupSeconds: number;
  /** Extra accepted health paths per runtime, e.g. `{ vllm: ['/ready'] }`. */
  healthPaths: Record<string, string[]>;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/startup-probe',
    area: 'reliability',
    severity: 'warning',
    description: 'A startup probe (or startup budget) covers the minutes it takes to load the weights, so liveness does not kill the server while it loads.',
    rationale:
      'Loading weights, compiling kernels and capturing CUDA graphs takes minutes; without a startup probe the liveness probe starts at once and restarts the container before it is ready, forever (Kubernetes "Protect slow starting containers with startup probes"; NVIDIA NIM allows ~30 min, vLLM production-stack 600 s; vLLM k8s troubleshooting: "increase the failureThreshold").',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { minStartupSeconds: 300, healthPaths: {} },
  },
  check(context) {
    const { unit, workspace, options, report } = context;
    if (isKube(unit)) {
      // Model loads take minutes; other workloads start like any process.
      if (notModelServer(context)) return;
      checkKube(unit, workspace, options, report);
      return;
    }
    const runtime = unit.spec.serving?.runtime;
    const probes = unit.spec.reliability?.probes;
    const startup = probes && typeof probes === 'object' ? probes.startup : undefined;
    const timeout = probes && typeof probes === 'object' ? num(probes.startupTimeoutSeconds) : undefined;
    const min = num(options.minStartupSeconds) ?? 300;

    if ((startup === undefined || startup === null) && timeout === undefined) {
      const budget = Math.max(min, 600);
      const path = defaultHealthPath(runtime, 'readiness');
      report({
        at: 'reliability.probes.startup',
        message: `No startup probe or \`startupTimeoutSeconds\`: liveness checks start at once and restart the server while it is still loading its weights. Add \`reliability.probes.startup\` with a budget that covers the load (at least ${min} s).`,
        fixes: [
          {
            title: `Add a startup probe allowing ${budget} s`,
            edits: insertKeys(unit.doc, docPath(unit, 'reliability.probes'), [['startup', `{ path: ${path}, periodSeconds: 10, failureThreshold: ${Math.ceil(budget / 10)} }`]]),
            isPreferred: true,
          },
        ],
      });
      return;
    }

    const path = probePath(startup);
    reportWrongHealthPath({ unit, options, report }, 'startup', startup, 'it cannot tell when the weights are loaded.');

    if (startup && typeof startup === 'object') {
      // The written-out probe decides: initialDelay + failureThreshold × period.
      const t = probeTiming(startup);
      const budget = probeBudget(startup);
      const need = Math.max(min, timeout ?? 0);
      if (budget >= need) return;
      const threshold = Math.ceil((need - t.initialDelaySeconds) / t.periodSeconds);
      const short = timeout !== undefined && budget < timeout;
      report({
        at: num(startup.failureThreshold) !== undefined ? 'reliability.probes.startup.failureThreshold' : factRange(unit, 'reliability.probes.startup', 'key'),
        message: short
          ? `The startup probe allows ${budget} s (${t.initialDelaySeconds} + ${t.failureThreshold} × ${t.periodSeconds} s), less than \`startupTimeoutSeconds\` (${timeout}): a load that stays within the stated budget is killed. Raise \`failureThreshold\` to ${threshold}.`
          : `The startup probe allows only ${budget} s (${t.initialDelaySeconds} + ${t.failureThreshold} × ${t.periodSeconds} s) to load the model; loads take minutes. Raise \`failureThreshold\` to at least ${threshold} (${need} s).`,
        related: short ? [relatedAt(unit, 'reliability.probes.startupTimeoutSeconds', `the startup budget is ${timeout} s`)] : undefined,
        fixes: [{ title: `Set failureThreshold to ${threshold}`, edits: setValue(unit.doc, docPath(unit, 'reliability.probes.startup.failureThreshold'), String(threshold)), isPreferred: true }],
      });
      return;
    }

    if (timeout === undefined) {
      // `startup: /health` alone gets Kubernetes' defaults: 3 × 10 s.
      report({
        at: 'reliability.probes.startup',
        message: `The startup probe \`${path ?? ''}\` has no budget, so Kubernetes' default applies (3 failures × 10 s = 30 s): the server is killed long before the weights are loaded. Add \`startupTimeoutSeconds\` (at least ${min}).`,
        fixes: [{ title: `Allow ${Math.max(min, 600)} s to start`, edits: insertKeys(unit.doc, docPath(unit, 'reliability.probes'), [['startupTimeoutSeconds', String(Math.max(min, 600))]]), isPreferred: true }],
      });
      return;
    }

    if (timeout < min) {
      report({
        at: 'reliability.probes.startupTimeoutSeconds',
        message: `\`startupTimeoutSeconds\` is ${timeout} s; loading weights, compiling kernels and capturing CUDA graphs takes minutes. Allow at least ${min} s (option \`minStartupSeconds\`).`,
        fixes: [{ title: `Allow ${min} s`, edits: setValue(unit.doc, docPath(unit, 'reliability.probes.startupTimeoutSeconds'), String(min)), isPreferred: true }],
      });
    }
  },
});

/**
 * Kubernetes family: the `startupProbe` of the serving container. Without one, what kills a loading server is
 * the liveness probe, so a missing startup probe is reported only when a liveness probe would restart the
 * container before `minStartupSeconds` (its initialDelay + failureThreshold × period is shorter).
 */
function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, options: Options, report: (r: Report) => void): void {
  const c = primaryContainer(unit);
  if (!c) return;
  const runtime = unit.spec.serving?.runtime;
  const min = num(options.minStartupSeconds) ?? 300;
  const { startup, liveness } = c.probes ?? {};
  if (!startup) {
    if (!judgesMissingProbes(unit) || isFragment(unit) || !liveness) return;
    const livenessBudget = probeBudgetOf(liveness);
    if (livenessBudget >= min) return;
    const budget = Math.max(min, 600);
    const path = defaultHealthPath(runtime, 'readiness');
    const port = probePort(unit, c, workspace);
    const data = httpProbe(path, port?.port ?? '${1:8000}', { periodSeconds: 10, failureThreshold: Math.ceil(budget / 10) });
    report({
      at: containerAnchor(unit, c),
      message: `Container \`${c.name || '(unnamed)'}\` has a liveness probe but no \`startupProbe\`: liveness restarts it after ${livenessBudget} s, while loading weights, compiling kernels and capturing CUDA graphs takes minutes, so it may never finish starting. Add a startup probe on \`${path}\` that allows at least ${min} s (failureThreshold × periodSeconds).`,
      related: [{ uri: unit.uri, range: unit.doc.rangeAt(liveness.path, 'key'), message: `the liveness probe gives up after ${livenessBudget} s` }],
      fixes: [{ title: `Add a startup probe allowing ${budget} s`, edits: insertAtPath(unit.doc, [...c.path, 'startupProbe'], data), ...(port ? { isPreferred: true } : { snippet: true }) }],
    });
    return;
  }
  if (startup.type === 'httpGet') {
    const wrong = wrongHealthPath(runtime, 'startup', startup.httpPath, options.healthPaths);
    if (wrong) {
      const at = [...startup.path, 'httpGet', 'path'];
      report({
        at: unit.doc.rangeAt(at),
        message: `The startup probe checks \`${startup.httpPath}\`, which is not a health endpoint of ${wrong.label} (\`${wrong.expected}\`): it cannot tell when the weights are loaded. Probe \`${wrong.expected}\`.`,
        fixes: [{ title: `Probe \`${wrong.expected}\``, edits: setValue(unit.doc, at, wrong.expected), isPreferred: true }],
      });
    }
  }
  const budget = probeBudgetOf(startup);
  if (budget >= min) return;
  const t = probeTimingOf(startup);
  const threshold = Math.ceil((Math.max(min, 600) - t.initialDelaySeconds) / t.periodSeconds);
  const thresholdPath = [...startup.path, 'failureThreshold'];
  report({
    at: startup.failureThreshold !== undefined ? unit.doc.rangeAt(thresholdPath) : unit.doc.rangeAt(startup.path, 'key'),
    message: `The startup probe allows only ${budget} s (${t.initialDelaySeconds} + ${t.failureThreshold} × ${t.periodSeconds} s) to load the model; loads take minutes. Raise \`failureThreshold\` to ${threshold} (${t.initialDelaySeconds + threshold * t.periodSeconds} s, at least ${min} s).`,
    fixes: [{ title: `Set failureThreshold to ${threshold}`, edits: setValue(unit.doc, thresholdPath, String(threshold)), isPreferred: true }],
  });
}
