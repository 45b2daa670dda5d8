import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { riskCategory } from './support';
import { lazyFix } from '../../fix/lazy';

export default defineRule<{ categories: string[] }>({
  meta: {
    id: 'governance/human-oversight',
    area: 'governance',
    severity: 'warning',
    description: 'High-risk systems state their human oversight: the mechanism, who oversees, and that they can override.',
    rationale:
      'EU AI Act Art. 14: high-risk systems are designed so that natural persons can oversee them, understand their limits, decide not to use an output, and override or reverse it (Art. 14(4)(d)); deployers assign that oversight to competent people (Art. 26(2)).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // Oversight is an organisational fact: the fix is offered, never applied by fix-all.
    fixable: false,
    defaultOptions: { categories: ['high'] },
  },
  check({ unit, options, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const category = riskCategory(unit.spec);
    const categories = Array.isArray(options.categories) ? options.categories : ['high'];
    if (!category || !categories.includes(category)) return;
    const related = [{ uri: unit.uri, range: factRange(unit, 'governance.aiAct.riskCategory'), message: `Classified \`${category}\` here.` }];
    const oversight = unit.spec.governance?.aiAct?.humanOversight;
    if (!oversight || typeof oversight !== 'object') {
      report({
        at: unit.where('governance.aiAct.humanOversight'),
        message: `The system is classified \`${category}\` but states no human oversight. Add ${unit.describe('governance.aiAct.humanOversight')} with the \`mechanism\` (human-in-the-loop, human-on-the-loop or human-in-command), the \`reviewer\`, and \`canOverride: true\`: the reviewers must be able to override the output (EU AI Act Art. 14).`,
        related,
        fixes: [
          lazyFix({
            title: 'State the human oversight',
            edits: () => unit.edit.addKeys('governance.aiAct.humanOversight', [
              ['mechanism', '${1:human-in-the-loop}'],
              ['reviewer', '${2:trained reviewers}'],
              ['canOverride', 'true'],
            ]),
            snippet: true,
          }),
        ],
      });
      return;
    }
    if (typeof oversight.mechanism !== 'string') {
      report({
        at: 'governance.aiAct.humanOversight.mechanism',
        message: '`governance.aiAct.humanOversight` does not say how people oversee the system. Set `mechanism` (human-in-the-loop, human-on-the-loop or human-in-command).',
        related,
        fixes: [lazyFix({ title: 'State the oversight mechanism', edits: () => unit.edit.set('governance.aiAct.humanOversight.mechanism', '${1:human-in-the-loop}'), snippet: true })],
      });
    }
    if (oversight.canOverride === false) {
      report({
        at: 'governance.aiAct.humanOversight.canOverride',
        message: 'The overseers cannot override the system (`canOverride: false`): the EU AI Act (Art. 14(4)(d)) requires that they can disregard, override or reverse its output.',
        related,
      });
    }
  },
});
