import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { personalData, specialCategories } from './support';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'governance/lawful-basis',
    area: 'governance',
    severity: 'warning',
    description: 'Personal data is processed on a stated GDPR Art. 6 lawful basis.',
    rationale:
      'GDPR Art. 6(1): processing is lawful only on one of six bases (consent, contract, legal obligation, vital interests, public task, legitimate interests); Art. 13(1)(c) requires telling people which one, and Art. 30 requires it in the records of processing. Special categories also need an Art. 9(2) condition.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // Choosing a lawful basis is a legal decision: the fix is offered, never applied by fix-all.
    fixable: false,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const special = specialCategories(unit.spec);
    if (personalData(unit.spec) !== true && special.length === 0) return;
    const basis = unit.spec.governance?.personalData?.lawfulBasis;
    if (typeof basis === 'string' && basis.trim() !== '') return;
    const extra = special.length > 0 ? ` The special categories (${special.join(', ')}) also need a GDPR Art. 9(2) condition, e.g. explicit consent.` : '';
    report({
      at: unit.where('governance.personalData.lawfulBasis'),
      message: `Personal data is processed without a stated lawful basis. Set ${unit.describe('governance.personalData.lawfulBasis')} to the GDPR Art. 6(1) basis (consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests).${extra}`,
      related: special.length > 0
        ? [{ uri: unit.uri, range: factRange(unit, 'governance.personalData.specialCategories'), message: 'Special categories of personal data (GDPR Art. 9) are listed here.' }]
        : [{ uri: unit.uri, range: factRange(unit, 'governance.personalData.processed'), message: `Personal data is processed (${unit.describe('governance.personalData.processed')}).` }],
      fixes: [lazyFix({ title: 'State the lawful basis', edits: () => unit.edit.set('governance.personalData.lawfulBasis', '${1:contract}'), snippet: true })],
    });
  },
});
