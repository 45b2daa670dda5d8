import type { NativeSpec } from '../../facts/model';
import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

type Slo = NonNullable<NonNullable<NativeSpec['monitoring']>['slos']>[number];
type Kind = 'latency' | 'availability' | 'error-rate';

const KINDS: readonly Kind[] = ['latency', 'availability', 'error-rate'];

/** What each kind of objective is called in messages, and the objective a new one starts from. */
const KIND_INFO: Record<Kind, { label: string; template: string }> = {
  latency: { label: 'latency', template: 'name: p95-latency\nindicator: latency\npercentile: 95\nobjective: ${1:2s}\nwindow: P30D' },
  availability: { label: 'availability', template: 'name: availability\nindicator: availability\nobjective: "${2:99.9%}"\nwindow: P30D' },
  'error-rate': { label: 'error rate', template: 'name: error-rate\nindicator: error-rate\nobjective: "${3:1%}"\nwindow: P30D' },
};

/** Objective to start from, by indicator, for an SLO that has none. */
const DEFAULT_OBJECTIVE: Record<string, string> = {
  latency: '2s',
  'time-to-first-token': '500ms',
  'inter-token-latency': '50ms',
  availability: '"99.9%"',
  'error-rate': '"1%"',
};

/** The kind an SLO covers: by `indicator`, or by its name when `indicator` is missing. */
export function sloKind(slo: Slo): Kind | undefined {
  const indicator = slo.indicator;
  if (indicator) {
    if (indicator === 'latency' || indicator === 'time-to-first-token' || indicator === 'inter-token-latency') return 'latency';
    if (indicator === 'availability' || indicator === 'error-rate') return indicator;
    return undefined;
  }
  const name = (slo.name ?? '').toLowerCase();
  if (/latency|ttft|time-to-first-token|response-time|duration/.test(name)) return 'latency';
  if (/availab|uptime/.test(name)) return 'availability';
  if (/error|failure|success-rate/.test(name)) return 'error-rate';
  return undefined;
}

function list(labels: string[]): string {
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

export default defineRule<{ required: string[] }>({
  meta: {
    id: 'monitoring/slos',
    area: 'monitoring',
    severity: 'warning',
    description: 'Latency, availability and error-rate objectives are stated.',
    rationale:
      'Google SRE, "Service Level Objectives": without explicit objectives there is no shared definition of "working", no error budget and nothing for alerts to protect. LLM latency also depends on prompt and output length, so it must be pinned down as a percentile with a target.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { required: ['latency', 'availability', 'error-rate'] },
  },
  check({ unit, options, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const required = KINDS.filter((k) => (options.required ?? KINDS).includes(k));
    const slos = Array.isArray(unit.spec.monitoring?.slos) ? unit.spec.monitoring!.slos! : [];
    const covered = new Set(slos.map(sloKind));
    const missing = required.filter((k) => !covered.has(k));
    if (missing.length > 0) {
      const labels = missing.map((k) => KIND_INFO[k].label);
      const message =
        slos.length === 0
          ? `No service-level objectives are stated for \`${unit.name}\`. Add ${unit.describe('monitoring.slos')} with ${list(labels)} objectives, so alerts and error budgets have a target.`
          : `\`monitoring.slos\` has no ${list(labels)} objective. Add ${missing.length === 1 ? 'it' : 'them'} (set \`indicator\`), so alerts and error budgets cover ${missing.length === 1 ? 'it' : 'them'}.`;
      report({
        // On the `slos` key when the list has items (narrower than the whole list), else where it would go.
        at: slos.length > 0 ? factRange(unit, 'monitoring.slos', 'key') : unit.where('monitoring.slos'),
        message,
        data: { missing },
        fixes: fixesFor({
          title: `Add ${list(labels)} objectives`,
          edits: unit.plan.append('monitoring.slos', missing.map((k) => KIND_INFO[k].template)),
          isPreferred: true,
          snippet: true,
        }),
      });
    }
    slos.forEach((slo, i) => {
      if (!slo || typeof slo !== 'object' || (slo.objective !== undefined && slo.objective !== '')) return;
      const objective = DEFAULT_OBJECTIVE[slo.indicator ?? sloKind(slo) ?? ''];
      report({
        at: `monitoring.slos.${i}.name`,
        message: `The SLO \`${slo.name ?? i}\` has no \`objective\`. State the target (\`2s\`, \`"99.9%"\`), or there is nothing to alert on.`,
        fixes: objective
          ? [
              lazyFix({
                title: 'Add an objective',
                edits: () => unit.edit.addKeys(`monitoring.slos.${i}`, [['objective', `\${1:${objective}}`]]),
                isPreferred: true,
                snippet: true,
              }),
            ]
          : [],
      });
    });
  },
});
