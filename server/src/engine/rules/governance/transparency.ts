import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { riskCategory } from './support';
import { lazyFix } from '../../fix/lazy';

/** Tasks whose systems talk to people or generate content people see (AI Act Art. 50(1), 50(2)). */
const INTERACTIVE_TASKS = new Set(['chat', 'text-generation', 'vision-language', 'image-generation', 'text-to-speech', 'speech-to-text', 'video-generation', 'audio-generation']);

export default defineRule<{ categories: string[] }>({
  meta: {
    id: 'governance/transparency',
    area: 'governance',
    severity: 'warning',
    description: 'People are told they interact with an AI system or see AI-generated content (AI Act Art. 50).',
    rationale:
      'EU AI Act Art. 50(1): systems intended to interact directly with people must inform them that they are interacting with an AI system; Art. 50(2) requires synthetic text, audio, images and video to be marked as AI-generated; Art. 50(4) covers deep fakes and AI-written text published on matters of public interest.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // Whether people are told is a product fact: the fix is offered, never applied by fix-all.
    fixable: false,
    defaultOptions: { categories: ['limited', 'high'] },
  },
  check({ unit, options, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const category = riskCategory(unit.spec);
    const categories = Array.isArray(options.categories) ? options.categories : ['limited', 'high'];
    const task = unit.spec.model?.task;
    const applies = category ? categories.includes(category) : typeof task === 'string' && INTERACTIVE_TASKS.has(task);
    if (!applies) return;
    const notice = unit.spec.governance?.aiAct?.transparencyNotice;
    if (notice === true) return;
    const why = category ? `the system is classified \`${category}\`` : `the model does \`${task}\` for people`;
    report({
      at: unit.where('governance.aiAct.transparencyNotice'),
      message:
        notice === false
          ? `${capitalize(unit.describe('governance.aiAct.transparencyNotice'))} is false, but ${why}: the EU AI Act (Art. 50) requires telling people they interact with an AI system and marking AI-generated content. Show a notice and set it to true.`
          : `It is not stated that people are told they interact with AI, and ${why}: the EU AI Act (Art. 50) requires it. Show a notice (and mark generated content), then set ${unit.describe('governance.aiAct.transparencyNotice')} to \`true\`.`,
      related: category ? [{ uri: unit.uri, range: factRange(unit, 'governance.aiAct.riskCategory'), message: `Classified \`${category}\` here.` }] : undefined,
      fixes: [lazyFix({ title: 'Declare the AI transparency notice', edits: () => unit.edit.set('governance.aiAct.transparencyNotice', 'true') })],
    });
  },
});

function capitalize(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
