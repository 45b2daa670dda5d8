import { insertAtPath } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';

/** Annotation a Kubernetes or KServe resource states its owner with. */
const OWNER_ANNOTATION = 'modelready.dev/owner';

export default defineRule({
  meta: {
    id: 'governance/owner',
    area: 'governance',
    severity: 'warning',
    description: 'An accountable owner or contact is stated.',
    rationale:
      'Someone must answer for a model in production: incidents, complaints, data-subject requests and model updates need an addressee. The EU AI Act assigns duties to named roles (providers Art. 16, deployers Art. 26, with human oversight by "natural persons who have the necessary competence", Art. 26(2)); GDPR Art. 30 records name the controller and a contact.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    const metadata = unit.spec.metadata ?? {};
    const stated = (v: unknown) => typeof v === 'string' && v.trim() !== '';
    if (stated(metadata.owner) || stated(metadata.contact) || stated(unit.annotations[OWNER_ANNOTATION])) return;
    report({
      at: 'metadata.owner',
      message:
        'No accountable owner is stated. Add `metadata.owner` (a person or team address) or `metadata.contact`, so incidents, complaints and data-protection requests reach someone who answers for this model.',
      fixes: [
        {
          title: 'Add an owner',
          edits: insertAtPath(unit.doc, ['metadata', 'owner'], '${1:team@example.com}'),
          isPreferred: true,
          snippet: true,
        },
      ],
    });
  },
});
