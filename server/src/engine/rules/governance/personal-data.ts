import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'governance/personal-data',
    area: 'governance',
    severity: 'warning',
    description: 'Whether personal data is processed is stated.',
    rationale:
      'Prompts, outputs and logs of a generative model routinely contain names, e-mail addresses and free text about people. Whether they do decides which GDPR duties apply (lawful basis Art. 6, information Art. 13, records Art. 30, security Art. 32, DPIA Art. 35, transfers Art. 44-49); the other governance rules need the answer.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const processed = unit.spec.governance?.personalData?.processed;
    if (typeof processed === 'boolean') return;
    report({
      at: unit.where('governance.personalData.processed'),
      message: `It is not stated whether \`${unit.name}\` processes personal data. Add ${unit.describe('governance.personalData.processed')} (true, or false when it does not): prompts, outputs and logs of a generative model usually contain personal data, and the GDPR duties that follow depend on it.`,
      // The cautious default: assume personal data until someone who knows says otherwise.
      fixes: [lazyFix({ title: 'State that personal data is processed', edits: () => unit.edit.set('governance.personalData.processed', '${1:true}'), isPreferred: true, snippet: true })],
    });
  },
});
