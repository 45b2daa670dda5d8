import { factRange } from '../../facts/model';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

export default defineRule<{ requireHumanApproval: boolean }>({
  meta: {
    id: 'monitoring/retraining',
    area: 'monitoring',
    severity: 'warning',
    description: 'A retraining or update policy states its trigger, an evaluation gate and who approves.',
    rationale:
      'A model, prompt or base-model update changes behaviour as much as a code release. Google\'s "ML Test Score" (Breck et al., 2017) asks that models are re-evaluated before serving, and the EU AI Act Art. 43(4) treats substantial modifications of high-risk systems as new conformity assessments, which need a person to decide. Without a stated policy, updates ship ad hoc or never.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { requireHumanApproval: false },
  },
  check({ unit, options, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const retraining = unit.spec.monitoring?.retraining;
    if (!retraining || typeof retraining !== 'object') {
      report({
        at: unit.where('monitoring.retraining'),
        message: `No retraining or update policy is stated for \`${unit.name}\`. Add ${unit.describe('monitoring.retraining')} with a \`trigger\`, \`evaluationGate: true\` and \`approval\`, so model updates are evaluated and approved before they ship.`,
        fixes: fixesFor({
          title: 'Add an update policy',
          edits: unit.plan.addKeys('monitoring.retraining', [
            ['trigger', '${1:drift}'],
            ['evaluationGate', 'true'],
            ['approval', '${2:required}'],
          ]),
          isPreferred: true,
          snippet: true,
        }),
      });
      return;
    }
    if (!retraining.trigger) {
      report({
        at: 'monitoring.retraining.trigger',
        message: '`monitoring.retraining` does not say what starts an update. Set `trigger` (drift, schedule, performance, upstream-release or manual).',
        fixes: [lazyFix({ title: 'Add a trigger', edits: () => unit.edit.addKeys('monitoring.retraining', [['trigger', '${1:drift}']]), isPreferred: true, snippet: true })],
      });
    } else if (retraining.trigger === 'schedule' && !retraining.schedule) {
      report({
        at: 'monitoring.retraining.trigger',
        message: 'The update trigger is `schedule` but no `schedule` interval is given. Add `schedule` as an ISO 8601 duration (e.g. `P3M`).',
        fixes: [lazyFix({ title: 'Add a schedule', edits: () => unit.edit.addKeys('monitoring.retraining', [['schedule', '${1:P3M}']]), isPreferred: true, snippet: true })],
      });
    }
    if (retraining.evaluationGate === false) {
      report({
        at: 'monitoring.retraining.evaluationGate',
        message:
          '`evaluationGate` is false: updated models ship without passing `testing.evaluations`. Gate every update on the evaluations, or a regression reaches users unnoticed.',
        fixes: [lazyFix({ title: 'Gate updates on the evaluations', edits: () => unit.edit.set('monitoring.retraining.evaluationGate', 'true') })],
      });
    } else if (retraining.evaluationGate !== true) {
      report({
        at: 'monitoring.retraining.evaluationGate',
        message: '`monitoring.retraining` does not gate updates on the evaluations. Set `evaluationGate: true` so an updated model ships only when `testing.evaluations` pass.',
        fixes: [lazyFix({ title: 'Gate updates on the evaluations', edits: () => unit.edit.addKeys('monitoring.retraining', [['evaluationGate', 'true']]), isPreferred: true })],
      });
    }
    const highRisk = unit.spec.governance?.aiAct?.riskCategory === 'high';
    if (!retraining.approval) {
      report({
        at: 'monitoring.retraining.approval',
        message: '`monitoring.retraining` does not say who approves an update. Set `approval: required` (a person signs off) or `automatic` (promoted when the gate passes).',
        fixes: [lazyFix({ title: 'Require approval', edits: () => unit.edit.addKeys('monitoring.retraining', [['approval', '${1:required}']]), isPreferred: true, snippet: true })],
      });
    } else if (retraining.approval === 'automatic' && (highRisk || options.requireHumanApproval)) {
      report({
        at: 'monitoring.retraining.approval',
        message: highRisk
          ? 'Updates of a high-risk system (`governance.aiAct.riskCategory: high`) are promoted automatically. A person must approve each update (AI Act Art. 14 human oversight, Art. 43(4) substantial modification): set `approval: required`.'
          : 'Updates are promoted automatically, but this workspace requires a person to approve them (`requireHumanApproval`). Set `approval: required`.',
        related: highRisk
          ? [{ uri: unit.uri, range: factRange(unit, 'governance.aiAct.riskCategory'), message: 'The system is classified as high-risk here.' }]
          : undefined,
        fixes: [lazyFix({ title: 'Require a person to approve updates', edits: () => unit.edit.set('monitoring.retraining.approval', 'required') })],
      });
    }
  },
});
