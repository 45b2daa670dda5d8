import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'monitoring/runbook',
    area: 'monitoring',
    severity: 'warning',
    description: 'A runbook is linked, so whoever is paged knows what to do.',
    rationale:
      'Google SRE, "Being On-Call": every alert needs a playbook; model servers fail in model-specific ways (OOM on long prompts, KV-cache exhaustion, slow weight loads) that an on-call engineer cannot guess.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    if (unit.spec.monitoring?.runbook) return;
    report({
      at: unit.where('monitoring.runbook'),
      message: `No runbook is linked for \`${unit.name}\`. Add ${unit.describe('monitoring.runbook')} with the URL of the page on-call engineers follow when this model misbehaves.`,
      fixes: [lazyFix({ title: 'Link a runbook', edits: () => unit.edit.set('monitoring.runbook', `\${1:https://runbooks.example.com/${unit.name}}`), isPreferred: true, snippet: true })],
    });
  },
});
