import { setValue } from '../security/support';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { annotationEdits, annotationsRange, isNative, judgesGovernance } from './support';

const ANNOTATION = 'modelready.dev/personal-data';

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
    if (!isNative(unit)) {
      report({
        at: annotationsRange(unit),
        message: `It is not stated whether \`${unit.name}\` processes personal data. Add the annotation \`${ANNOTATION}\` (\`"none"\` when it does not, otherwise e.g. \`"yes"\`): prompts, outputs and logs of a generative model usually contain personal data, and the GDPR duties that follow depend on it.`,
        // The cautious default: assume personal data until someone who knows says otherwise.
        fixes: [{ title: 'State that personal data is processed', edits: annotationEdits(unit, ANNOTATION, '"${1:yes}"'), isPreferred: true, snippet: true }],
      });
      return;
    }
    report({
      at: 'governance.personalData.processed',
      message:
        'It is not stated whether personal data is processed. Set `governance.personalData.processed`: prompts, outputs and logs of a generative model usually contain personal data, and the GDPR duties that follow depend on it.',
      fixes: [
        {
          // The cautious default: assume personal data until someone who knows says otherwise.
          title: 'State that personal data is processed',
          edits: setValue(unit, 'governance.personalData.processed', '${1:true}'),
          isPreferred: true,
          snippet: true,
        },
      ],
    });
  },
});
