import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

/** Approximate length in days of an ISO 8601 duration (`P30D`, `P6M`, `P1Y`, `PT12H`), or undefined. */
export function durationDays(text: string | undefined): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => (x ? Number(x) : 0));
  return y * 365 + mo * 30 + w * 7 + d + h / 24 + mi / 1440 + s / 86400;
}

export default defineRule<{ highRiskMinRetention: string }>({
  meta: {
    id: 'monitoring/request-logging',
    area: 'monitoring',
    severity: 'warning',
    description: 'Requests are logged, with a sampling rate when sampled, and a stated retention.',
    rationale:
      'Request logs are how an incident, a harmful answer or a complaint is investigated. The EU AI Act requires automatic logging for high-risk systems (Art. 12) and deployers to keep those logs for at least six months (Art. 26(6)); GDPR Art. 5(1)(e) requires that logs with personal data are not kept longer than needed, so the retention must be stated.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { highRiskMinRetention: 'P6M' },
  },
  check({ unit, options, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const logging = unit.spec.monitoring?.logging;
    const governanceRetention = unit.spec.governance?.personalData?.retention;
    const defaultRetention = typeof governanceRetention === 'string' && /^P[0-9A-Z.]+$/.test(governanceRetention) ? governanceRetention : 'P30D';
    if (!logging || typeof logging !== 'object') {
      report({
        at: unit.where('monitoring.logging'),
        message: `Request logging is not stated for \`${unit.name}\`. Add ${unit.describe('monitoring.logging')} with \`requests\` (sampled or all), a \`sampleRate\` and a \`retention\`, so incidents and complaints can be investigated.`,
        fixes: fixesFor({
          title: 'Add sampled request logging',
          edits: unit.plan.addKeys('monitoring.logging', [
            ['requests', 'sampled'],
            ['sampleRate', '${1:0.1}'],
            ['retention', `\${2:${defaultRetention}}`],
          ]),
          isPreferred: true,
          snippet: true,
        }),
      });
      return;
    }
    const requests = logging.requests;
    if (requests === undefined) {
      const entries: [string, string][] = [['requests', 'sampled']];
      if (logging.sampleRate === undefined) entries.push(['sampleRate', '${1:0.1}']);
      report({
        at: 'monitoring.logging.requests',
        message: '`monitoring.logging` does not say which requests are logged. Set `requests: sampled` (with a `sampleRate`) or `requests: all`.',
        fixes: [lazyFix({ title: 'Log a sample of requests', edits: () => unit.edit.addKeys('monitoring.logging', entries), isPreferred: true, snippet: true })],
      });
    } else if (requests === 'none') {
      const edits = unit.edit.set('monitoring.logging.requests', 'sampled');
      if (logging.sampleRate === undefined) edits.push(...unit.edit.addKeys('monitoring.logging', [['sampleRate', '0.1']]));
      report({
        at: 'monitoring.logging.requests',
        message:
          'No requests are logged (`requests: none`), so an incident, a harmful answer or a complaint cannot be traced. Log at least a sample (`requests: sampled` with a `sampleRate`).',
        fixes: [{ title: 'Log a sample of requests', edits }],
      });
      return;
    } else if (requests === 'sampled' && logging.sampleRate === undefined) {
      report({
        at: 'monitoring.logging.requests',
        message: 'Requests are `sampled` but no `sampleRate` says how many. Add `sampleRate` (a fraction between 0 and 1, e.g. 0.1).',
        fixes: [lazyFix({ title: 'Add a sample rate', edits: () => unit.edit.addKeys('monitoring.logging', [['sampleRate', '${1:0.1}']]), isPreferred: true, snippet: true })],
      });
    }
    if (logging.retention === undefined || logging.retention === '') {
      report({
        at: 'monitoring.logging.retention',
        message: '`monitoring.logging` does not say how long request logs are kept. Add `retention` as an ISO 8601 duration (e.g. `P30D`), no longer than the personal-data retention.',
        fixes: [lazyFix({ title: 'Add a retention period', edits: () => unit.edit.addKeys('monitoring.logging', [['retention', `\${1:${defaultRetention}}`]]), isPreferred: true, snippet: true })],
      });
      return;
    }
    const minimum = options.highRiskMinRetention;
    const kept = durationDays(logging.retention);
    const required = durationDays(minimum);
    if (unit.spec.governance?.aiAct?.riskCategory === 'high' && kept !== undefined && required !== undefined && kept < required) {
      report({
        at: 'monitoring.logging.retention',
        message: `Request logs of a high-risk AI system are kept for ${logging.retention}, less than ${minimum}. The AI Act (Art. 26(6)) requires deployers to keep them at least six months: raise \`retention\`.`,
        related: [{ uri: unit.uri, range: factRange(unit, 'governance.aiAct.riskCategory'), message: 'The system is classified as high-risk here.' }],
        fixes: [lazyFix({ title: `Keep request logs for ${minimum}`, edits: () => unit.edit.set('monitoring.logging.retention', String(minimum)) })],
      });
    }
  },
});
