import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor, preferredOrSnippet } from '../support/fixes';
import { num } from '../support/values';
import { notModelServer, relatedAt, statesPodSettings } from '../support/workload';
import { probePort } from './kube';
import { defaultHealthPath, probeBudget, probePath, probeTiming, reportWrongHealthPath } from './support';
import { lazyFix } from '../../fix/lazy';

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
    // Model loads take minutes; other workloads start like any process.
    if (notModelServer(context)) return;
    const runtime = unit.spec.serving?.runtime;
    const probes = unit.spec.reliability?.probes;
    const startup = probes && typeof probes === 'object' ? probes.startup : undefined;
    const liveness = probes && typeof probes === 'object' ? probes.liveness : undefined;
    const timeout = probes && typeof probes === 'object' ? num(probes.startupTimeoutSeconds) : undefined;
    const min = num(options.minStartupSeconds) ?? 300;

    if ((startup === undefined || startup === null) && timeout === undefined) {
      // What kills a loading server is the liveness probe: without one (reliability/liveness-probe asks for it,
      // with a startup probe) or with one that waits long enough, nothing does.
      if (liveness === undefined || liveness === null || !statesPodSettings(unit)) return;
      const livenessBudget = probeBudget(liveness);
      if (livenessBudget >= min) return;
      const budget = Math.max(min, 600);
      const path = defaultHealthPath(runtime, 'readiness');
      const fact = 'reliability.probes.startup';
      report({
        at: unit.where(fact),
        message: `No startup probe (${unit.describe(fact)}): the liveness probe restarts the server after ${livenessBudget} s, while loading weights, compiling kernels and capturing CUDA graphs takes minutes, so it may never finish starting. Add a startup probe on \`${path}\` that allows at least ${min} s (failureThreshold × periodSeconds).`,
        related: [relatedAt(unit, 'reliability.probes.liveness', `the liveness probe gives up after ${livenessBudget} s`)],
        fixes: fixesFor(
          preferredOrSnippet({
            title: `Add a startup probe allowing ${budget} s`,
            edits: unit.plan.addProbe('startup', { path, port: probePort(unit, workspace)?.port, periodSeconds: 10, failureThreshold: Math.ceil(budget / 10) }),
          }),
        ),
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
        fixes: [lazyFix({ title: `Set failureThreshold to ${threshold}`, edits: () => unit.edit.set('reliability.probes.startup.failureThreshold', String(threshold)), isPreferred: true })],
      });
      return;
    }

    if (timeout === undefined) {
      // `startup: /health` alone gets Kubernetes' defaults: 3 × 10 s.
      report({
        at: 'reliability.probes.startup',
        message: `The startup probe \`${path ?? ''}\` has no budget, so Kubernetes' default applies (3 failures × 10 s = 30 s): the server is killed long before the weights are loaded. Add \`startupTimeoutSeconds\` (at least ${min}).`,
        fixes: [lazyFix({ title: `Allow ${Math.max(min, 600)} s to start`, edits: () => unit.edit.addKeys('reliability.probes', [['startupTimeoutSeconds', String(Math.max(min, 600))]]), isPreferred: true })],
      });
      return;
    }

    if (timeout < min) {
      report({
        at: 'reliability.probes.startupTimeoutSeconds',
        message: `\`startupTimeoutSeconds\` is ${timeout} s; loading weights, compiling kernels and capturing CUDA graphs takes minutes. Allow at least ${min} s (option \`minStartupSeconds\`).`,
        fixes: [lazyFix({ title: `Allow ${min} s`, edits: () => unit.edit.set('reliability.probes.startupTimeoutSeconds', String(min)), isPreferred: true })],
      });
    }
  },
});
