import { factRange } from '../../facts/model';
import type { RelatedLocation } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { personalData, riskCategory, specialCategories } from './support';
import { lazyFix } from '../../fix/lazy';

export default defineRule<{ requireForAllPersonalData: boolean }>({
  meta: {
    id: 'governance/dpia',
    area: 'governance',
    severity: 'warning',
    description: 'High-risk systems and special categories of personal data have a DPIA reference (GDPR Art. 35).',
    rationale:
      'GDPR Art. 35 requires a data protection impact assessment before processing "likely to result in a high risk", in particular large-scale special-category data (Art. 35(3)(b)); deployers of high-risk AI systems use the provider\'s information to carry it out (AI Act Art. 26(9)).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // A DPIA is a document to write: the fix adds the reference, but fix-all does not invent one.
    fixable: false,
    defaultOptions: { requireForAllPersonalData: false },
  },
  check({ unit, options, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const dpia = unit.spec.governance?.personalData?.dpia;
    if (typeof dpia === 'string' && dpia.trim() !== '') return;
    const special = specialCategories(unit.spec);
    const processed = personalData(unit.spec);
    const highRisk = riskCategory(unit.spec) === 'high' && processed !== false;
    const reasons: string[] = [];
    const related: RelatedLocation[] = [];
    if (special.length > 0) {
      reasons.push(`special categories of personal data (${special.join(', ')}) are processed`);
      related.push({ uri: unit.uri, range: factRange(unit, 'governance.personalData.specialCategories'), message: 'Special categories (GDPR Art. 9) are listed here.' });
    }
    if (highRisk) {
      reasons.push('the system is classified high-risk under the AI Act');
      related.push({ uri: unit.uri, range: factRange(unit, 'governance.aiAct.riskCategory'), message: 'The system is classified as high-risk here.' });
    }
    if (reasons.length === 0 && options.requireForAllPersonalData === true && processed === true) reasons.push('personal data is processed with a new technology');
    if (reasons.length === 0) return;
    report({
      at: unit.where('governance.personalData.dpia'),
      message: `No data protection impact assessment is referenced, although ${reasons.join(' and ')}. GDPR Art. 35 requires one before processing starts: link it in ${unit.describe('governance.personalData.dpia')}.`,
      related,
      fixes: [lazyFix({ title: 'Reference the DPIA', edits: () => unit.edit.set('governance.personalData.dpia', `\${1:./compliance/dpia-${unit.name}.md}`), snippet: true })],
    });
  },
});
