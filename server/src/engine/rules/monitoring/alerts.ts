import type { DeploymentUnit } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

/** Where alerts should go by default: the deployment's contact, else its owner, else a placeholder channel. */
function defaultReceiver(unit: DeploymentUnit): string {
  const m = unit.spec.metadata;
  const who = (typeof m?.contact === 'string' && m.contact) || (typeof m?.owner === 'string' && m.owner) || '#ml-oncall';
  // Quoted (a channel starts with `#`); plain text only, as it becomes a snippet placeholder's default.
  return /[$}\\"]/.test(who) ? '"#ml-oncall"' : JSON.stringify(who);
}

export default defineRule({
  meta: {
    id: 'monitoring/alerts',
    area: 'monitoring',
    severity: 'warning',
    description: 'Alerts exist and every alert routes to an owner.',
    rationale:
      'Google SRE, "Monitoring Distributed Systems": an alert must be actionable and reach a human who owns the service. An alert without a receiver fires into the void; a model server without alerts fails silently (KV-cache exhaustion, queue build-up, rising error rates) until users complain.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const alerts = Array.isArray(unit.spec.monitoring?.alerts) ? unit.spec.monitoring!.alerts! : [];
    const receiver = defaultReceiver(unit);
    if (alerts.length === 0) {
      report({
        at: unit.where('monitoring.alerts'),
        message: `No alerts are stated for \`${unit.name}\`. Add ${unit.describe('monitoring.alerts')} with at least one alert (e.g. on the error rate) and a \`notify\` receiver, so failures reach whoever owns the deployment.`,
        fixes: fixesFor({
          title: 'Add an error-rate alert routed to the owner',
          edits: unit.plan.append('monitoring.alerts', [`name: high-error-rate\ncondition: \${1:5xx ratio above 1 % for 5 minutes}\nseverity: critical\nnotify: \${2:${receiver}}`]),
          isPreferred: true,
          snippet: true,
        }),
      });
      return;
    }
    alerts.forEach((alert, i) => {
      if (!alert || typeof alert !== 'object' || (typeof alert.notify === 'string' && alert.notify.trim() !== '')) return;
      report({
        at: alert.name !== undefined ? `monitoring.alerts.${i}.name` : `monitoring.alerts.${i}`,
        message: `The alert \`${alert.name ?? i}\` has no \`notify\` receiver. Route it to a channel, e-mail or pager rotation of the owner, or nobody sees it fire.`,
        fixes: [
          lazyFix({
            title: 'Route the alert to the owner',
            edits: () => unit.edit.addKeys(`monitoring.alerts.${i}`, [['notify', `\${1:${receiver}}`]]),
            isPreferred: true,
            snippet: true,
          }),
        ],
      });
    });
  },
});
