import { factRange } from '../../facts/model';
import type { Fix } from '../../types';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { personalData } from './support';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'governance/log-redaction',
    area: 'governance',
    severity: 'warning',
    description: 'Logged prompts and outputs that may hold personal data are redacted.',
    rationale:
      'GDPR Art. 5(1)(c) (data minimisation), Art. 25 (data protection by design) and Art. 32 (security of processing, including pseudonymisation): request logs are copied to log stores, dashboards and support tickets with far wider access than the model server, so personal data in prompt and output text should be removed before logging.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    if (personalData(unit.spec) === false) return;
    const logging = unit.spec.monitoring?.logging;
    if (!logging || typeof logging !== 'object' || logging.requests === 'none') return;
    const redaction = unit.spec.governance?.personalData?.redaction ?? {};
    for (const what of ['prompts', 'outputs'] as const) {
      if (logging[what] !== true || redaction[what] === true) continue;
      const fixes: Fix[] = [
        lazyFix({ title: `Stop logging ${what} text`, edits: () => unit.edit.set(`monitoring.logging.${what}`, 'false'), isPreferred: true }),
        lazyFix({ title: `Declare that ${what} are redacted before logging`, edits: () => unit.edit.set(`governance.personalData.redaction.${what}`, 'true') }),
      ];
      const pdText = personalData(unit.spec) === true ? 'personal data is processed' : 'the manifest does not rule out personal data';
      report({
        at: `monitoring.logging.${what}`,
        message: `${what === 'prompts' ? 'Prompt' : 'Output'} text is logged (\`monitoring.logging.${what}\`) without redaction, and ${pdText}: names, e-mail addresses and other personal data end up in the log store. Redact them (\`governance.personalData.redaction.${what}: true\`) or stop logging the text.`,
        related: [{ uri: unit.uri, range: factRange(unit, `governance.personalData.redaction.${what}`), message: `Redaction of ${what} is stated here (or would be).` }],
        fixes,
        data: { what },
      });
    }
  },
});
