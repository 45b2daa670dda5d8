import { defineRule, PRODUCTION_AND_UP } from '../define';
import { insertKeys, setValue } from '../../fix/edits';
import { docPath } from '../support/workload';
import { num, str } from '../support/values';
import { lazyFix } from '../../fix/lazy';

const TEMPLATE = '{ name: ${1:quality}, dataset: ${2:./eval/golden.jsonl}, metric: ${3:win-rate}, threshold: ${4:0.8} }';

/** A dataset reference the workspace can resolve (a relative or absolute path, not a URI). */
function isLocalPath(p: string): boolean {
  return !/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(p);
}

interface Options extends Record<string, unknown> {
  /** Report local dataset paths that do not exist in the workspace. */
  checkDatasetFiles: boolean;
}

export default defineRule<Options>({
  meta: {
    id: 'reliability/evaluation-gate',
    area: 'reliability',
    severity: 'warning',
    description: 'Evaluations with a dataset, a metric and a threshold gate the release to production.',
    rationale:
      'A generative model can pass every health check and still give wrong, ungrounded or harmful answers; only an evaluation on a fixed dataset with a pass threshold tells whether a new model, revision or prompt is good enough (EU AI Act Art. 15 accuracy and robustness for high-risk systems; NIST AI RMF MEASURE 2; Google "ML Test Score" model tests).',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { checkDatasetFiles: false },
  },
  check({ unit, workspace, options, report }) {
    const testing = unit.spec.testing;
    if (testing !== undefined && (testing === null || typeof testing !== 'object')) return;
    const evaluations = testing?.evaluations;

    if (!Array.isArray(evaluations) || evaluations.length === 0) {
      report({
        at: 'testing.evaluations',
        message:
          'No evaluations gate this deployment: a new model, revision or prompt reaches production without evidence that its answers are good enough. Add `testing.evaluations` with a dataset, a metric and a pass threshold.',
        fixes: [
          lazyFix({
            title: 'Add an evaluation',
            edits: () => Array.isArray(evaluations) ? setValue(unit.doc, docPath(unit, 'testing.evaluations'), `[${TEMPLATE}]`) : insertKeys(unit.doc, docPath(unit, 'testing'), [['evaluations', `[${TEMPLATE}]`]]),
            snippet: true,
          }),
        ],
      });
      return;
    }

    evaluations.forEach((ev, i) => {
      if (!ev || typeof ev !== 'object') return;
      const base = `testing.evaluations.${i}`;
      const at = str(ev.name) ? `${base}.name` : base;
      const label = str(ev.name) ? `Evaluation \`${ev.name}\`` : `Evaluation ${i + 1}`;
      const missing = [!str(ev.dataset) && 'dataset', !str(ev.metric) && 'metric', num(ev.threshold) === undefined && 'threshold'].filter((m): m is string => !!m);
      if (missing.length > 0) {
        const defaults: Record<string, string> = { dataset: './eval/${1:golden}.jsonl', metric: '${2:accuracy}', threshold: '${3:0.8}' };
        report({
          at,
          message: `${label} has no ${missing.map((m) => `\`${m}\``).join(', ').replace(/, ([^,]*)$/, ' and $1')}: without a fixed dataset, a metric and a pass threshold it cannot gate a release.`,
          fixes: [lazyFix({ title: `Add ${missing.join(', ')}`, edits: () => insertKeys(unit.doc, docPath(unit, base), missing.map((m) => [m, defaults[m]] as const)), snippet: true })],
        });
      }
      const dataset = str(ev.dataset);
      if (options.checkDatasetFiles === true && dataset && isLocalPath(dataset) && workspace.fileExists(dataset, unit.uri) === false) {
        report({
          at: `${base}.dataset`,
          message: `${label}: the dataset \`${dataset}\` does not exist in the workspace, so the evaluation cannot run. Fix the path or add the file.`,
        });
      }
    });
  },
});
