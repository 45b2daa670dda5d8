import { insertKeys, replaceValue } from '../../fix/edits';
import type { DeploymentUnit } from '../../facts/model';
import type { Report } from '../define';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { docPath, isKube, relatedAt } from '../support/workload';
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
    if (isKube(unit)) {
      checkKube(unit, report);
      return;
    }
    const arch = unit.spec.architecture;
    const regions = Array.isArray(arch?.regions) ? arch!.regions : [];
    const placed = regions.map((r) => placeRegion(r));
    const target = str(arch?.target);

    if (!target) {
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
        at: 'architecture.target',
        message:
          'The deployment target is not stated. Add `architecture.target` (on-prem, cloud or hybrid): it tells reviewers where prompts and weights live and which residency, network and GPU-capacity constraints apply.',
        fixes: [
          inferred
            ? { title: `Declare the target \`${inferred}\` (from the regions)`, edits: insertKeys(unit.doc, docPath(unit, 'architecture'), [['target', inferred]]), isPreferred: true }
            : { title: 'Declare the deployment target', edits: insertKeys(unit.doc, docPath(unit, 'architecture'), [['target', '${1:cloud}']]), snippet: true },
        ],
      });
      return;
    }

    if (!(TARGETS as readonly string[]).includes(target)) return; // the schema reports the enum

    // A stated target must agree with the regions it lists.
    placed.forEach((p, i) => {
      const conflict = (target === 'cloud' && p.kind === 'on-prem') || (target === 'on-prem' && p.kind === 'cloud');
      if (!conflict) return;
      const at = typeof regions[i] === 'string' ? `architecture.regions.${i}` : `architecture.regions.${i}.name`;
      const what =
        p.kind === 'cloud'
          ? `\`${p.name ?? 'this region'}\` is a cloud region${p.provider ? ` (${p.provider.toUpperCase()})` : ''}`
          : `\`${p.name ?? 'this site'}\` is an on-prem site`;
      report({
        at,
        message: `${what}, but \`architecture.target\` is \`${target}\`. Use \`hybrid\` when the deployment spans both, or correct the region.`,
        related: [relatedAt(unit, 'architecture.target', `the target is declared \`${target}\` here`)],
        fixes: [{ title: 'Change the target to `hybrid`', edits: replaceValue(unit.doc, docPath(unit, 'architecture.target'), 'hybrid') }],
      });
    });
  },
});

/**
 * Kubernetes family: intent is stated with annotations, so the target is judged only when the workload states
 * where it runs (`modelready.dev/regions` or `modelready.dev/data-residency`) and does not defer to a native
 * manifest (`modelready.dev/manifest`). Then a missing `modelready.dev/target` is reported (the fix adds the
 * annotation, inferred from the regions when it can be), and a stated one must agree with the regions.
 */
function checkKube(unit: DeploymentUnit, report: (r: Report) => void): void {
  if (linkedManifest(unit) !== undefined) return;
  const arch = unit.spec.architecture;
  const regions = (Array.isArray(arch?.regions) ? arch!.regions : []).filter((r): r is string => typeof r === 'string');
  const target = str(arch?.target);
  if (!target) {
    if (regions.length === 0 && !str(arch?.dataResidency)) return;
    const placed = regions.map((r) => placeRegion(r));
    let inferred: string | undefined;
    if (placed.length > 0 && placed.every((p) => p.kind !== 'unknown')) {
      const cloud = placed.some((p) => p.kind === 'cloud');
      const onPrem = placed.some((p) => p.kind === 'on-prem');
      inferred = cloud && onPrem ? 'hybrid' : cloud ? 'cloud' : 'on-prem';
    }
    const at = docPath(unit, regions.length ? 'architecture.regions' : 'architecture.dataResidency');
    report({
      at: unit.doc.rangeAt(at, 'key'),
      message: 'The deployment target is not stated. Add the annotation `modelready.dev/target` (on-prem, cloud or hybrid): it tells reviewers where prompts and weights live and which residency, network and GPU-capacity constraints apply.',
      fixes: [
        inferred
          ? { title: `Declare the target \`${inferred}\` (from the regions)`, edits: insertKeys(unit.doc, docPath(unit, at.slice(0, -1)), [['modelready.dev/target', inferred]]), isPreferred: true }
          : { title: 'Declare the deployment target', edits: insertKeys(unit.doc, docPath(unit, at.slice(0, -1)), [['modelready.dev/target', '${1:cloud}']]), snippet: true },
      ],
    });
    return;
  }
  if (!(TARGETS as readonly string[]).includes(target)) {
    report({
      at: 'architecture.target',
      message: `\`modelready.dev/target: ${target}\` is not a deployment target: use on-prem, cloud or hybrid.`,
    });
    return;
  }
  for (const region of regions) {
    const p = placeRegion(region);
    const conflict = (target === 'cloud' && p.kind === 'on-prem') || (target === 'on-prem' && p.kind === 'cloud');
    if (!conflict) continue;
    report({
      at: 'architecture.regions',
      message: `${p.kind === 'cloud' ? `\`${region}\` is a cloud region${p.provider ? ` (${p.provider.toUpperCase()})` : ''}` : `\`${region}\` is an on-prem site`}, but \`modelready.dev/target\` is \`${target}\`. Use \`hybrid\` when the deployment spans both, or correct the region.`,
      related: [relatedAt(unit, 'architecture.target', `the target is declared \`${target}\` here`)],
      fixes: [{ title: 'Change the target to `hybrid`', edits: replaceValue(unit.doc, docPath(unit, 'architecture.target'), 'hybrid') }],
    });
  }
}
