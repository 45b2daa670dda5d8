import type { DeploymentUnit, WorkspaceFacts } from '../../facts/model';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import type { TextEdit } from '../../types';
import { replicaBounds } from './kube';
import { isZero, scaledCount } from './support';
import { docPath, leftToBase, notModelServer } from '../support/workload';
import { appendToSequence, insertAtPath, insertKeys, setValue } from '../../fix/edits';
import { num, str } from '../support/values';
import { lazyFix } from '../../fix/lazy';

export default defineRule({
  meta: {
    id: 'reliability/safe-rollout',
    area: 'reliability',
    severity: 'warning',
    description: 'Releases roll out without lost capacity: rolling with `maxUnavailable: 0`, or a canary / blue-green with rollback conditions.',
    rationale:
      'A replica of a model server takes minutes to become ready, so the Kubernetes default (maxUnavailable 25%) removes capacity for that long on every release; and a new model version can degrade answers without failing a health check, so a canary must name the metrics that roll it back (Kubernetes Deployment "Rolling Update Deployment"; Argo Rollouts / Flagger analysis; Google SRE "Canarying Releases").',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check(context) {
    const { unit, workspace, report } = context;
    if (!unit.declaration) {
      if (notModelServer(context)) return;
      checkKube(unit, workspace, report);
      return;
    }
    const rollout = unit.spec.reliability?.rollout;
    if (rollout === undefined || rollout === null) {
      report({
        at: 'reliability.rollout',
        message:
          'No rollout strategy: the Kubernetes default lets 25% of replicas be unavailable for the minutes a new one takes to load, and a bad model version reaches all traffic. State `reliability.rollout`: rolling with `maxUnavailable: 0`, or a canary with `rollbackOn` conditions.',
        fixes: [
          lazyFix({
            title: 'Roll out without lost capacity (rolling, maxUnavailable 0)',
            edits: () => insertKeys(unit.doc, docPath(unit, 'reliability.rollout'), [['strategy', 'rolling'], ['maxUnavailable', '0'], ['maxSurge', '1']]),
            isPreferred: true,
          }),
        ],
      });
      return;
    }
    if (typeof rollout !== 'object') return;
    const strategy = str(rollout.strategy) ?? 'rolling';
    const surgeFix = (): TextEdit[] => (rollout.maxSurge !== undefined && isZero(rollout.maxSurge) ? setValue(unit.doc, docPath(unit, 'reliability.rollout.maxSurge'), '1') : []);

    if (strategy === 'recreate') {
      report({
        at: 'reliability.rollout.strategy',
        message:
          '`recreate` stops every replica before starting the new ones: each release is an outage as long as a model load. Use `rolling` with `maxUnavailable: 0` (needs room for one extra replica\'s GPUs), or a canary.',
        fixes: [
          lazyFix({
            title: 'Use a rolling update with maxUnavailable 0',
            edits: () => [
              ...setValue(unit.doc, docPath(unit, 'reliability.rollout.strategy'), 'rolling'),
              ...(rollout.maxUnavailable === undefined ? insertKeys(unit.doc, docPath(unit, 'reliability.rollout'), [['maxUnavailable', '0']]) : setValue(unit.doc, docPath(unit, 'reliability.rollout.maxUnavailable'), '0')),
            ],
          }),
        ],
      });
      return;
    }

    if (strategy === 'rolling') {
      const mu = rollout.maxUnavailable;
      if (mu === undefined || !isZero(mu)) {
        report({
          at: 'reliability.rollout.maxUnavailable',
          message:
            mu === undefined
              ? 'A rolling update without `maxUnavailable` defaults to 25%: a quarter of the capacity is gone for the minutes each new replica takes to load. Set `maxUnavailable: 0` (and `maxSurge: 1`).'
              : `\`maxUnavailable: ${mu}\` removes replicas before their successors have loaded the model: capacity drops for minutes on every release. Set \`maxUnavailable: 0\` (and \`maxSurge: 1\`).`,
          fixes: [
            lazyFix({
              title: 'Set maxUnavailable to 0',
              edits: () => [...(mu === undefined ? insertKeys(unit.doc, docPath(unit, 'reliability.rollout'), [['maxUnavailable', '0']]) : setValue(unit.doc, docPath(unit, 'reliability.rollout.maxUnavailable'), '0')), ...surgeFix()],
              isPreferred: true,
            }),
          ],
        });
      } else if (rollout.maxSurge !== undefined && isZero(rollout.maxSurge)) {
        report({
          at: 'reliability.rollout.maxSurge',
          message: 'With `maxUnavailable: 0`, `maxSurge: 0` leaves the rollout no way to make progress (Kubernetes rejects it). Allow one extra replica (`maxSurge: 1`).',
          fixes: [lazyFix({ title: 'Set maxSurge to 1', edits: () => surgeFix(), isPreferred: true })],
        });
      }
      return;
    }

    if (strategy === 'canary' || strategy === 'blue-green') {
      const rollbackOn = rollout.rollbackOn;
      if (!Array.isArray(rollbackOn) || rollbackOn.length === 0) {
        report({
          at: 'reliability.rollout.rollbackOn',
          message: `A ${strategy} release without \`rollbackOn\` conditions is only as safe as the person watching it: a model version that degrades answers passes every health check. Name the metrics that roll it back (error rate, latency, evaluation regression).`,
          fixes: [
            lazyFix({
              title: 'Roll back on error rate and latency',
              edits: () => Array.isArray(rollbackOn)
                ? setValue(unit.doc, docPath(unit, 'reliability.rollout.rollbackOn'), '[${1:error-rate}, ${2:p95-latency}]')
                : insertKeys(unit.doc, docPath(unit, 'reliability.rollout'), [['rollbackOn', '[${1:error-rate}, ${2:p95-latency}]']]),
              isPreferred: true,
              snippet: true,
            }),
          ],
        });
      }
      const steps = rollout.steps;
      if (strategy === 'canary' && Array.isArray(steps) && steps.length > 0 && steps.every((s) => num(s) !== undefined)) {
        const increasing = steps.every((s, i) => i === 0 || s > steps[i - 1]);
        const last = steps[steps.length - 1];
        if (!increasing || last !== 100) {
          report({
            at: 'reliability.rollout.steps',
            message: !increasing
              ? `Canary steps must increase (${steps.join(', ')}): traffic should only grow while the new version proves itself.`
              : `Canary steps end at ${last}%: the release never reaches all traffic. End the steps at 100.`,
            fixes: increasing && last < 100 ? [lazyFix({ title: 'End the canary at 100%', edits: () => appendToSequence(unit.doc, docPath(unit, 'reliability.rollout.steps'), ['100']), isPreferred: true })] : undefined,
          });
        }
      }
    }
  },
});

/** Rounds an int-or-percent down (Kubernetes' maxUnavailable) or up (maxSurge) against a replica count. */
function resolve(v: unknown, total: number, up: boolean): number | undefined {
  if (typeof v === 'string' && /%$/.test(v.trim())) {
    const pct = Number(v.trim().slice(0, -1));
    if (!Number.isFinite(pct)) return undefined;
    return up ? Math.ceil((pct * total) / 100) : Math.floor((pct * total) / 100);
  }
  return scaledCount(v, total);
}

/**
 * Kubernetes family: a Deployment's `strategy` or a LeaderWorkerSet's `rolloutStrategy`, resolved against the
 * replica count as the controller does: the Deployment default (maxUnavailable 25%, rounded down) loses nothing
 * below 4 replicas, the LeaderWorkerSet default (maxUnavailable 1, maxSurge 0) always takes a group down.
 * StatefulSets (one pod at a time, no surge) and KServe (Knative shifts traffic to a ready revision) are not judged.
 */
function checkKube(unit: DeploymentUnit, workspace: WorkspaceFacts, report: (r: Report) => void): void {
  if (unit.kind !== 'Deployment' && unit.kind !== 'LeaderWorkerSet') return;
  const lws = unit.kind === 'LeaderWorkerSet';
  const strategyPath = lws ? ['spec', 'rolloutStrategy'] : ['spec', 'strategy'];
  const rollingPath = [...strategyPath, lws ? 'rollingUpdateConfiguration' : 'rollingUpdate'];
  if (leftToBase(unit, strategyPath)) return;
  const rollout = unit.spec.reliability?.rollout ?? {};
  const replicas = replicaBounds(unit, workspace).max;
  const units = lws ? 'replica group' : 'replica';

  if (rollout.strategy === 'recreate') {
    report({
      at: 'reliability.rollout.strategy',
      message: `\`Recreate\` stops every ${units} before starting the new ones: each release is an outage as long as a model load. Use \`RollingUpdate\` with \`maxUnavailable: 0\` and \`maxSurge: 1\` (needs room for one extra replica's GPUs).`,
      fixes: [
        lazyFix({
          title: 'Use a rolling update with maxUnavailable 0',
          edits: () => [...setValue(unit.doc, [...strategyPath, 'type'], 'RollingUpdate'), ...(unit.doc.locate(rollingPath).node ? [] : insertAtPath(unit.doc, rollingPath, { maxUnavailable: 0, maxSurge: 1 }))],
        }),
      ],
    });
    return;
  }
  const muRaw = rollout.maxUnavailable ?? (lws ? 1 : '25%');
  const surgeRaw = rollout.maxSurge ?? (lws ? 0 : '25%');
  const mu = resolve(muRaw, replicas, false);
  if (mu === undefined || mu === 0) {
    const surge = resolve(surgeRaw, replicas, true);
    if (mu === 0 && surge === 0 && rollout.maxUnavailable !== undefined) {
      report({
        at: rollout.maxSurge !== undefined ? 'reliability.rollout.maxSurge' : 'reliability.rollout.maxUnavailable',
        message: 'With `maxUnavailable: 0`, `maxSurge: 0` leaves the rollout no way to make progress (Kubernetes rejects it). Allow one extra replica (`maxSurge: 1`).',
        fixes: [lazyFix({ title: 'Set maxSurge to 1', edits: () => setValue(unit.doc, [...rollingPath, 'maxSurge'], '1'), isPreferred: true })],
      });
    }
    return;
  }
  const stated = rollout.maxUnavailable !== undefined;
  const edits = (): TextEdit[] => stated
    ? [...setValue(unit.doc, [...rollingPath, 'maxUnavailable'], '0'), ...(resolve(surgeRaw, replicas, true) === 0 ? setValue(unit.doc, [...rollingPath, 'maxSurge'], '1') : [])]
    : unit.doc.locate(rollingPath).node
      ? [...setValue(unit.doc, [...rollingPath, 'maxUnavailable'], '0'), ...(resolve(surgeRaw, replicas, true) === 0 ? setValue(unit.doc, [...rollingPath, 'maxSurge'], '1') : [])]
      : insertAtPath(unit.doc, rollingPath, { maxUnavailable: 0, maxSurge: 1 });
  report({
    at: stated ? 'reliability.rollout.maxUnavailable' : unit.doc.rangeAt(strategyPath, 'key'),
    message: stated
      ? `\`maxUnavailable: ${String(muRaw)}\` takes ${mu} of ${replicas} ${units}${replicas === 1 ? '' : 's'} down before their successors have loaded the model: capacity drops for minutes on every release. Set \`maxUnavailable: 0\` (and \`maxSurge: 1\`).`
      : `The default rollout (${lws ? '`maxUnavailable: 1`, `maxSurge: 0`' : '`maxUnavailable: 25%`'}) takes ${mu} of ${replicas} ${units}${replicas === 1 ? '' : 's'} down before their successors have loaded the model: ${mu >= replicas ? 'every release is an outage as long as a model load' : 'capacity drops for minutes on every release'}. Set \`maxUnavailable: 0\` and \`maxSurge: 1\`${lws ? ' (needs room for one extra group)' : ''}.`,
    fixes: [lazyFix({ title: 'Roll out without lost capacity (maxUnavailable 0, maxSurge 1)', edits, isPreferred: true })],
  });
}
