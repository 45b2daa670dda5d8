import { factRange } from '../../facts/model';
import { replaceValue } from '../../fix/edits';
import type { Fix } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { durationSeconds, personalData, riskCategory } from './support';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'governance/retention',
    area: 'governance',
    severity: 'warning',
    description: 'Retention of prompts, outputs and logs with personal data is stated (ISO 8601), and request logs are kept no longer.',
    rationale:
      'GDPR Art. 5(1)(e) (storage limitation): personal data is kept no longer than necessary; Art. 13(2)(a) requires telling people how long, and Art. 30(1)(f) records the time limits. Request logs that hold prompts are personal data too, so they must not outlive the stated retention.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const pd = unit.spec.governance?.personalData;
    const retention = pd?.retention;
    const logRetention = unit.spec.monitoring?.logging?.retention;
    const hasRetention = typeof retention === 'string' && retention.trim() !== '';
    if (!hasRetention) {
      if (personalData(unit.spec) !== true) return;
      const fallback = typeof logRetention === 'string' && durationSeconds(logRetention) !== undefined ? logRetention : 'P30D';
      report({
        at: unit.where('governance.personalData.retention'),
        message: `Personal data is processed but ${unit.describe('governance.personalData.retention')} does not say how long prompts, outputs and logs are kept. State it as an ISO 8601 duration (e.g. \`P30D\`): GDPR Art. 5(1)(e) allows keeping personal data only as long as needed.`,
        fixes: [lazyFix({ title: 'State a retention period', edits: () => unit.edit.set('governance.personalData.retention', `\${1:${fallback}}`), isPreferred: true, snippet: true })],
      });
      return;
    }
    const kept = durationSeconds(retention);
    const logged = durationSeconds(logRetention);
    if (kept === undefined || logged === undefined || logged <= kept) return;
    // Request logs outlive the personal-data retention.
    const highRisk = riskCategory(unit.spec) === 'high';
    const fixes: Fix[] = highRisk
      ? []
      : [lazyFix({ title: `Keep request logs for ${retention}`, edits: () => replaceValue(unit.doc, unit.sourcePath('monitoring.logging.retention') ?? ['monitoring', 'logging', 'retention'], retention!), isPreferred: true })];
    const advice = highRisk
      ? 'A high-risk system must keep its logs at least six months (AI Act Art. 26(6)), so raise `governance.personalData.retention` to cover them (and say so in the DPIA) rather than shortening the logs.'
      : `Shorten the log retention to ${retention}, or raise the personal-data retention if the logs are needed longer.`;
    report({
      at: 'monitoring.logging.retention',
      message: `Request logs are kept for ${logRetention}, longer than the ${retention} stated for personal data in \`governance.personalData.retention\`. ${advice}`,
      related: [{ uri: unit.uri, range: factRange(unit, 'governance.personalData.retention'), message: `Personal data is kept for ${retention}.` }],
      fixes,
    });
  },
});
