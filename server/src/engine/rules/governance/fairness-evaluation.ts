import { factRange } from '../../facts/model';
import type { RelatedLocation } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { riskCategory } from './support';
import { lazyFix } from '../../fix/lazy';
import { fixesFor } from '../support/fixes';

export default defineRule({
  meta: {
    id: 'governance/fairness-evaluation',
    area: 'governance',
    severity: 'warning',
    description: 'Systems whose outputs affect people have a bias/fairness evaluation with a dataset, a metric and a threshold.',
    rationale:
      'A model whose answers inform decisions about people can treat groups differently without anyone noticing. The EU AI Act requires high-risk systems to examine data for "possible biases that are likely to affect the health and safety of persons, have a negative impact on fundamental rights or lead to discrimination" (Art. 10(2)(f)) and to be tested against metrics and thresholds (Art. 9(8), Art. 15); NIST AI RMF (MEASURE 2.11) asks for fairness evaluation with stated metrics.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const gov = unit.spec.governance ?? {};
    const highRisk = riskCategory(unit.spec) === 'high';
    if (gov.affectsPeople !== true && !highRisk) return;
    const related: RelatedLocation[] = [
      gov.affectsPeople === true
        ? { uri: unit.uri, range: factRange(unit, 'governance.affectsPeople'), message: 'The outputs affect people.' }
        : { uri: unit.uri, range: factRange(unit, 'governance.aiAct.riskCategory'), message: 'The system is classified as high-risk here.' },
    ];
    const why = gov.affectsPeople === true ? `its outputs affect people (${unit.describe('governance.affectsPeople')})` : 'it is a high-risk AI system';
    const fairness = unit.spec.testing?.fairness;
    if (!fairness || typeof fairness !== 'object') {
      const plan = unit.plan.addKeys('testing.fairness', [
        ['dataset', '${1:./eval/fairness.jsonl}'],
        ['protectedAttributes', '[${2:gender, age}]'],
        ['metric', '${3:demographic-parity-difference}'],
        ['threshold', '${4:0.1}'],
      ]);
      report({
        // Where the evaluation would be stated; on the reason when this file cannot state it (a workload).
        at: plan ? unit.where('testing.fairness') : related[0].range,
        message: `No fairness evaluation is stated, although ${why}. State ${unit.describe('testing.fairness')} (a dataset, the protected attributes, a metric and a threshold), so a biased model is caught before release.`,
        related,
        fixes: plan ? fixesFor({ title: 'Add a fairness evaluation', edits: plan, isPreferred: true, snippet: true }) : undefined,
      });
      return;
    }
    const missing: [string, string][] = [];
    if (typeof fairness.dataset !== 'string' || fairness.dataset.trim() === '') missing.push(['dataset', '${1:./eval/fairness.jsonl}']);
    if (!Array.isArray(fairness.protectedAttributes) || fairness.protectedAttributes.length === 0) missing.push(['protectedAttributes', '[${2:gender, age}]']);
    if (typeof fairness.metric !== 'string' || fairness.metric.trim() === '') missing.push(['metric', '${3:demographic-parity-difference}']);
    if (typeof fairness.threshold !== 'number') missing.push(['threshold', '${4:0.1}']);
    if (missing.length === 0) return;
    const names = missing.map(([k]) => `\`${k}\``);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    report({
      at: `testing.fairness.${missing[0][0]}`,
      message: `\`testing.fairness\` lacks ${list}: without them the evaluation cannot pass or fail. ${why[0].toUpperCase()}${why.slice(1)}.`,
      related,
      fixes: [lazyFix({ title: `Add ${missing.map(([k]) => k).join(', ')} to testing.fairness`, edits: () => unit.edit.addKeys('testing.fairness', missing), isPreferred: true, snippet: true })],
      data: { missing: missing.map(([k]) => k) },
    });
  },
});
