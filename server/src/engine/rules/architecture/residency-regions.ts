import type { FactPath } from '../../facts/model';
import type { PlacedRegion } from '../support/regions';
import type { EditPlan, Range } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { fixesFor } from '../support/fixes';
import { docPath, relatedAt } from '../support/workload';
import { str } from '../support/values';
import { areaContains, areaName, countryName, placeRegion, RESIDENCY_AREAS } from '../support/regions';
import { linkedManifest } from '../support/governance-scope';

interface Options extends Record<string, unknown> {
  /** `report` (default): a region that cannot be placed is reported; `ignore`: it is skipped. */
  unknownRegions: 'report' | 'ignore';
}

/** A place the unit runs, where it is stated, and the edits that state its country (none where that cannot be written). */
interface Place {
  placed: PlacedRegion;
  at: FactPath | Range;
  stateCountry: EditPlan | undefined;
  site: boolean;
}

export default defineRule<Options>({
  meta: {
    id: 'architecture/residency-regions',
    area: 'architecture',
    severity: 'error',
    description: 'Every region lies inside the declared data residency (EU, US, ...).',
    rationale:
      'A residency commitment (contract, DPA, GDPR Chapter V Art. 44-49 for personal data leaving the EEA) is broken the moment one replica, cache or log sink runs in a region outside it; the manifest must not contradict itself.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { unknownRegions: 'report' },
  },
  check({ unit, options, report }) {
    // A workload that links its native manifest states its residency there (judged on its own).
    if (linkedManifest(unit) !== undefined) return;
    const arch = unit.spec.architecture;
    const residency = str(arch?.dataResidency)?.toLowerCase();
    if (!residency || residency === 'global' || !RESIDENCY_AREAS.includes(residency)) return;
    const related = [relatedAt(unit, 'architecture.dataResidency', `data residency is declared \`${residency}\` here`)];

    // Where the unit runs: its regions, and a node selector pinning a region or zone.
    const places: Place[] = (Array.isArray(arch?.regions) ? arch!.regions : []).map((region, i) => {
      const placed = placeRegion(region);
      const item = typeof region === 'string' ? `architecture.regions.${i}` : `architecture.regions.${i}${placed.name !== undefined ? '.name' : ''}`;
      // On the region where each is its own node, else on the list (an annotation's comma-separated value).
      const at = unit.doc.locate(docPath(unit, item)).node ? item : 'architecture.regions';
      const stateCountry =
        typeof region === 'string'
          ? unit.plan.set(`architecture.regions.${i}`, `{ name: ${placed.name}, country: \${1:XX} }`)
          : unit.plan.addKeys(`architecture.regions.${i}`, [['country', '${1:XX}']]);
      return { placed, at, stateCountry, site: typeof region !== 'string' };
    });
    const selector = unit.spec.resources?.nodeSelector;
    const selectorPath = unit.sourcePath('resources.nodeSelector');
    for (const key of ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region']) {
      const v = selector && typeof selector === 'object' ? selector[key] : undefined;
      if (typeof v === 'string' && v && selectorPath) places.push({ placed: placeRegion(v), at: unit.doc.rangeAt([...selectorPath, key]), stateCountry: undefined, site: false });
    }

    for (const { placed, at, stateCountry, site } of places) {
      if (!placed.country) {
        if (options.unknownRegions === 'ignore' || !placed.name) continue;
        report({
          at,
          message: stateCountry
            ? `Cannot tell which country \`${placed.name}\` is in, so residency \`${residency}\` cannot be checked. Write it as \`{ name: ${placed.name}, country: <ISO 3166 code> }\`.`
            : `Cannot tell which country \`${placed.name}\` is in, so residency \`${residency}\` cannot be checked. Use the cloud provider's region name, or set this rule's \`unknownRegions\` option to \`ignore\`.`,
          related,
          fixes: fixesFor({ title: site ? 'State the country of this site' : 'State the country of this region', edits: stateCountry, snippet: true }),
          data: { region: placed.name },
        });
        continue;
      }
      if (areaContains(residency, placed.country)) continue;
      report({
        at,
        message: `\`${placed.name ?? placed.country}\` is in ${countryName(placed.country)}, outside the declared data residency \`${residency}\` (${areaName(residency)}): prompts, outputs and caches stored there leave the area. Move it to a region in ${areaName(residency)}, or widen ${unit.describe('architecture.dataResidency')} and state the transfer.`,
        related,
        data: { region: placed.name, country: placed.country, residency },
      });
    }
  },
});
