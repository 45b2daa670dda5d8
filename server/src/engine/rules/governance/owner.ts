import { insertAtPath } from '../../fix/edits';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { annotationEdits, annotationsRange, isNative, judgesGovernance } from './support';

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
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const metadata = unit.spec.metadata ?? {};
    const stated = (v: unknown) => typeof v === 'string' && v.trim() !== '';
    if (stated(metadata.owner) || stated(metadata.contact) || stated(unit.annotations[OWNER_ANNOTATION])) return;
    if (!isNative(unit)) {
      report({
        at: annotationsRange(unit),
        message: `No accountable owner is stated for \`${unit.name}\`. Add the annotation \`${OWNER_ANNOTATION}\` (a person or team address; or \`modelready.dev/contact\`), so incidents, complaints and data-protection requests reach someone who answers for this model.`,
        fixes: [{ title: 'Add the modelready.dev/owner annotation', edits: annotationEdits(unit, OWNER_ANNOTATION, '"${1:team@example.com}"'), isPreferred: true, snippet: true }],
      });
      return;
    }
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
