import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { riskCategory } from './support';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'governance/risk-category',
    area: 'governance',
    severity: 'error',
    description: 'The EU AI Act risk category is stated; a `prohibited` system is an error.',
    rationale:
      'The AI Act\'s obligations follow the risk category: prohibited practices (Art. 5) may not be placed on the market or used at all; high-risk systems (Art. 6 and Annex III) carry the requirements of Art. 9-15; systems that interact with people carry the transparency duties of Art. 50. A deployment cannot be judged ready without knowing which applies.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // Classification is a legal assessment: the fix is offered, never applied by fix-all.
    fixable: false,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const category = riskCategory(unit.spec);
    if (category === 'prohibited') {
      report({
        at: 'governance.aiAct.riskCategory',
        message: `The system is classified as a prohibited AI practice (EU AI Act Art. 5): it may not be placed on the market, put into service or used in the EU. Do not deploy it; if the classification is wrong, correct ${unit.describe('governance.aiAct.riskCategory')} after a legal review.`,
      });
      return;
    }
    if (category) return;
    report({
      at: unit.where('governance.aiAct.riskCategory'),
      message: `The EU AI Act risk category is not stated. Set ${unit.describe('governance.aiAct.riskCategory')} (minimal, limited, high, gpai or prohibited) after classifying the intended use: the obligations of Art. 5, 6, 9-15 and 50 depend on it.`,
      fixes: [lazyFix({ title: 'State the AI Act risk category', edits: () => unit.edit.set('governance.aiAct.riskCategory', '${1:limited}'), snippet: true })],
    });
  },
});
