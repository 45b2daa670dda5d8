import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

const FIELDS = [
  ['baseline', '${1:./eval/baseline.jsonl}', 'the reference data (`baseline`)'],
  ['metric', '${2:psi}', 'the drift measure (`metric`)'],
  ['threshold', '${3:0.2}', 'the value that counts as drift (`threshold`)'],
] as const;

export default defineRule({
  meta: {
    id: 'monitoring/drift',
    area: 'monitoring',
    severity: 'warning',
    description: 'Drift or anomaly detection is configured with a baseline, a metric and a threshold.',
    rationale:
      'Inputs and the quality of answers change after launch (new products, new user groups, seasonal topics) while the model stays the same. NIST AI RMF MEASURE 2.4 and MANAGE 4.1 ask for monitoring of deployed behaviour; the EU AI Act Art. 72 asks providers of high-risk systems for post-market monitoring. Drift is only detectable against a stated baseline with a threshold.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const drift = unit.spec.monitoring?.drift;
    if (!drift || typeof drift !== 'object') {
      report({
        at: unit.where('monitoring.drift'),
        message: `No drift detection is stated for \`${unit.name}\`. Add ${unit.describe('monitoring.drift')} with a \`baseline\`, a \`metric\` and a \`threshold\`, so a shift in inputs or answer quality is noticed before users report it.`,
        fixes: fixesFor({ title: 'Add drift detection', edits: unit.plan.addKeys('monitoring.drift', FIELDS.map(([k, v]) => [k, v] as const)), isPreferred: true, snippet: true }),
      });
      return;
    }
    const missing = FIELDS.filter(([k]) => {
      const v = drift[k];
      return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    });
    if (missing.length > 0) {
      report({
        at: factRange(unit, 'monitoring.drift', 'key'),
        message: `\`monitoring.drift\` lacks ${missing.map(([, , what]) => what).join(', ')}; without ${missing.length === 1 ? 'it' : 'them'} drift cannot be measured or alerted on.`,
        data: { missing: missing.map(([k]) => k) },
        fixes: [
          lazyFix({
            title: `Add ${missing.map(([k]) => k).join(', ')}`,
            edits: () => unit.edit.addKeys('monitoring.drift', missing.map(([k, v]) => [k, v] as const)),
            isPreferred: true,
            snippet: true,
          }),
        ],
      });
    }
    if (typeof drift.threshold === 'number' && drift.threshold <= 0) {
      report({
        at: 'monitoring.drift.threshold',
        message: `A drift threshold of ${drift.threshold} flags every window as drifted (distances are never below 0). Set the smallest change that should alert, e.g. 0.2 for PSI.`,
      });
    }
  },
});
