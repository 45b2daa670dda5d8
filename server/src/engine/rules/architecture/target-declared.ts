import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { docPath, relatedAt } from '../support/workload';
import { str } from '../support/values';
import { isOnPremProvider, placeRegion } from '../support/regions';
import { linkedManifest } from '../support/governance-scope';

const TARGETS = ['on-prem', 'cloud', 'hybrid'] as const;

export default defineRule({
  meta: {
    id: 'architecture/target-declared',
    area: 'architecture',
    severity: 'warning',
    description: 'The deployment target (on-prem, cloud or hybrid) is stated and agrees with the regions.',
    rationale:
      'Where a model runs decides which data-residency, network and GPU-capacity constraints apply (GDPR Chapter V for transfers, the cloud provider\'s shared-responsibility model); reviewers cannot judge a deployment whose location is unstated.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
  },
  check({ unit, report }) {
    // A workload that links its native manifest states its target there (judged on its own).
    if (linkedManifest(unit) !== undefined) return;
    const arch = unit.spec.architecture;
    const regions = Array.isArray(arch?.regions) ? arch!.regions : [];
    const placed = regions.map((r) => placeRegion(r));
    const target = str(arch?.target);
    const fact = 'architecture.target';

    if (!target) {
      // A manifest states where it runs; a workload is judged once it states where it runs (regions or residency).
      if (!unit.declaration && regions.length === 0 && !str(arch?.dataResidency)) return;
      // Infer the target from the regions (or a cloud provider) when every one can be placed.
      let inferred: (typeof TARGETS)[number] | undefined;
      if (placed.length > 0 && placed.every((p) => p.kind !== 'unknown')) {
        const cloud = placed.some((p) => p.kind === 'cloud');
        const onPrem = placed.some((p) => p.kind === 'on-prem');
        inferred = cloud && onPrem ? 'hybrid' : cloud ? 'cloud' : 'on-prem';
      } else if (placed.length === 0 && str(arch?.provider)) {
        inferred = isOnPremProvider(arch!.provider) ? 'on-prem' : 'cloud';
      }
      report({
        at: unit.where(fact),
        message: `The deployment target is not stated. Add ${unit.describe(fact)} (on-prem, cloud or hybrid): it tells reviewers where prompts and weights live and which residency, network and GPU-capacity constraints apply.`,
        fixes: fixesFor(
          inferred
            ? { title: `Declare the target \`${inferred}\` (from the regions)`, edits: unit.plan.set(fact, inferred), isPreferred: true }
            : { title: 'Declare the deployment target', edits: unit.plan.set(fact, '${1:cloud}'), snippet: true },
        ),
      });
      return;
    }

    if (!(TARGETS as readonly string[]).includes(target)) {
      // A manifest's schema reports the enum; an annotation has no schema.
      if (!unit.declaration) report({ at: fact, message: `${unit.describe(fact)} is \`${target}\`, which is not a deployment target: use on-prem, cloud or hybrid.` });
      return;
    }

    // A stated target must agree with the regions it lists.
    placed.forEach((p, i) => {
      const conflict = (target === 'cloud' && p.kind === 'on-prem') || (target === 'on-prem' && p.kind === 'cloud');
      if (!conflict) return;
      // On the region where each is its own node, else on the list (an annotation's comma-separated value).
      const item = typeof regions[i] === 'string' ? `architecture.regions.${i}` : `architecture.regions.${i}.name`;
      const what =
        p.kind === 'cloud'
          ? `\`${p.name ?? 'this region'}\` is a cloud region${p.provider ? ` (${p.provider.toUpperCase()})` : ''}`
          : `\`${p.name ?? 'this site'}\` is an on-prem site`;
      report({
        at: unit.doc.locate(docPath(unit, item)).node ? item : 'architecture.regions',
        message: `${what}, but ${unit.describe(fact)} is \`${target}\`. Use \`hybrid\` when the deployment spans both, or correct the region.`,
        related: [relatedAt(unit, fact, `the target is declared \`${target}\` here`)],
        fixes: fixesFor({ title: 'Change the target to `hybrid`', edits: unit.plan.set(fact, 'hybrid') }),
      });
    });
  },
});
