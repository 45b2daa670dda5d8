import { insertAtPath, replaceValue } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { count, relatedAt, stated } from './support';

export default defineRule({
  meta: {
    id: 'scaling/replica-bounds',
    area: 'scaling',
    severity: 'error',
    description: 'maxReplicas ≥ minReplicas; scale to zero only with a cold-start budget the model load fits in, and an autoscaler that can do it.',
    rationale:
      'Kubernetes HorizontalPodAutoscaler API: `maxReplicas` must be at least `minReplicas`, and `minReplicas: 0` needs the alpha `HPAScaleToZero` feature gate (KEDA and Knative scale to zero). A replica scaled from zero pays the whole model load before its first answer.',
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    const s = unit.spec.scaling;
    if (!s) return;
    const min = count(s.minReplicas);
    const max = count(s.maxReplicas);
    if (min !== undefined && max !== undefined && max < min) {
      report({
        at: 'scaling.maxReplicas',
        message: `\`scaling.maxReplicas\` (${max}) is below \`minReplicas\` (${min}): an autoscaler with these bounds is rejected (HorizontalPodAutoscaler) or never scales. Make \`maxReplicas\` at least \`minReplicas\`.`,
        related: [relatedAt(unit, 'scaling.minReplicas', 'minReplicas')],
        fixes: [
          { title: 'Swap minReplicas and maxReplicas', edits: [...replaceValue(unit.doc, ['scaling', 'minReplicas'], String(max)), ...replaceValue(unit.doc, ['scaling', 'maxReplicas'], String(min))] },
          { title: `Raise scaling.maxReplicas to ${min}`, edits: replaceValue(unit.doc, ['scaling', 'maxReplicas'], String(min)) },
        ],
      });
    }
    if (min !== 0) return;

    if (s.autoscaler === 'hpa') {
      report({
        at: 'scaling.minReplicas',
        message: '`scaling.minReplicas` is 0 but `scaling.autoscaler` is hpa: a HorizontalPodAutoscaler cannot scale to zero unless the alpha `HPAScaleToZero` feature gate is on. Use KEDA or Knative for scale to zero, or keep at least one replica.',
        related: [relatedAt(unit, 'scaling.autoscaler', 'the autoscaler')],
        fixes: [
          { title: 'Use KEDA (scales to zero)', edits: replaceValue(unit.doc, ['scaling', 'autoscaler'], 'keda') },
          { title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') },
        ],
      });
    }

    const startup = count(unit.spec.reliability?.probes?.startupTimeoutSeconds);
    const budget = count(s.coldStartBudgetSeconds);
    if (!stated(s.coldStartBudgetSeconds)) {
      report({
        at: 'scaling.minReplicas',
        message: '`scaling.minReplicas` is 0 (scale to zero) but no `scaling.coldStartBudgetSeconds` is stated: the first request after an idle period waits for a pod to be scheduled, the image to be pulled and the weights to load, often minutes. State the wait you accept, or keep at least one replica.',
        fixes: [
          { title: 'Add scaling.coldStartBudgetSeconds', edits: insertAtPath(unit.doc, ['scaling', 'coldStartBudgetSeconds'], `\${1:${startup ?? 600}}`), isPreferred: true, snippet: true },
          { title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') },
        ],
      });
    } else if (budget !== undefined && startup !== undefined && budget < startup) {
      report({
        at: 'scaling.coldStartBudgetSeconds',
        message: `\`scaling.coldStartBudgetSeconds\` (${budget} s) is shorter than the model's startup budget (\`reliability.probes.startupTimeoutSeconds\`, ${startup} s): after scaling to zero the first request cannot be answered in time. Raise the budget, speed up the load (cached weights) or keep one replica.`,
        related: [relatedAt(unit, 'reliability.probes.startupTimeoutSeconds', 'the startup budget')],
        fixes: [
          { title: `Raise the cold-start budget to ${startup} s`, edits: replaceValue(unit.doc, ['scaling', 'coldStartBudgetSeconds'], String(startup)) },
          { title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') },
        ],
      });
    } else if (budget === 0) {
      report({
        at: 'scaling.coldStartBudgetSeconds',
        message: '`scaling.coldStartBudgetSeconds` is 0, but a replica scaled from zero needs time to start and load the weights. State the wait you accept, or keep at least one replica.',
        fixes: [{ title: 'Keep one replica', edits: replaceValue(unit.doc, ['scaling', 'minReplicas'], '1') }],
      });
    }
  },
});
