import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

const OWNER_ANNOTATION = 'modelready.dev/owner';

export default defineRule({
  meta: {
    id: 'governance/owner',
    area: 'governance',
    severity: 'warning',
    description: 'An accountable owner or contact is stated.',
    rationale:
      'Someone must answer for a model in production: incidents, complaints, data-subject requests and model updates need an addressee. The EU AI Act assigns duties to named roles (providers Art. 16, deployers Art. 26, with human oversight by "natural persons who have the necessary competence", Art. 26(2)); GDPR Art. 30 records name the controller and a contact.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const metadata = unit.spec.metadata ?? {};
    const stated = (v: unknown) => typeof v === 'string' && v.trim() !== '';
    // A manifest may name its owner with the workloads' annotation too (docs/rules/governance/owner.md).
    if (stated(metadata.owner) || stated(metadata.contact) || stated(metadata.annotations?.[OWNER_ANNOTATION])) return;
    report({
      at: unit.where('metadata.owner'),
      message: `No accountable owner is stated for \`${unit.name}\`. Add ${unit.describe('metadata.owner')} (a person or team address; or ${unit.describe('metadata.contact')}), so incidents, complaints and data-protection requests reach someone who answers for this model.`,
      fixes: [lazyFix({ title: 'State an owner', edits: () => unit.edit.set('metadata.owner', '${1:team@example.com}'), isPreferred: true, snippet: true })],
    });
  },
});
