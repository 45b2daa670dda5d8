import { insertKeys, replaceValue } from '../../fix/edits';
import type { Range } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { docPath, isKube, relatedAt } from '../support/workload';
import { str } from '../support/values';
import { areaContains, areaName, countryName, placeRegion, RESIDENCY_AREAS } from '../support/regions';
import { linkedManifest } from '../support/governance-scope';

interface Options extends Record<string, unknown> {
  /** `report` (default): a region that cannot be placed is reported; `ignore`: it is skipped. */
  unknownRegions: 'report' | 'ignore';
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
    const arch = unit.spec.architecture;
    const residency = str(arch?.dataResidency)?.toLowerCase();
    if (!residency || residency === 'global' || !RESIDENCY_AREAS.includes(residency)) return;
    const related = [relatedAt(unit, 'architecture.dataResidency', `data residency is declared \`${residency}\` here`)];
    if (isKube(unit)) {
      // Kubernetes family: judged only when annotations state the residency (`modelready.dev/data-residency`) and
      // the workload does not defer to a native manifest (`modelready.dev/manifest`, judged on its own). Regions
      // come from `modelready.dev/regions` and from a node selector on `topology.kubernetes.io/region|zone`.
      if (linkedManifest(unit) !== undefined) return;
      const places: { region: string; at: Range }[] = [];
      for (const r of Array.isArray(arch?.regions) ? arch!.regions : []) if (typeof r === 'string') places.push({ region: r, at: unit.doc.rangeAt(docPath(unit, 'architecture.regions')) });
      for (const key of ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region']) {
        const v = unit.pod?.nodeSelector?.[key];
        if (v) places.push({ region: v, at: unit.doc.rangeAt([...unit.pod!.path, 'nodeSelector', key]) });
      }
      for (const p of places) {
        const placed = placeRegion(p.region);
        if (!placed.country) {
          if (options.unknownRegions === 'ignore') continue;
          report({
            at: p.at,
            message: `Cannot tell which country \`${p.region}\` is in, so residency \`${residency}\` cannot be checked. Use the cloud provider's region name, or set this rule's \`unknownRegions\` option to \`ignore\`.`,
            related,
            data: { region: p.region },
          });
          continue;
        }
        if (areaContains(residency, placed.country)) continue;
        report({
          at: p.at,
          message: `\`${p.region}\` is in ${countryName(placed.country)}, outside the declared data residency \`${residency}\` (${areaName(residency)}): prompts, outputs and caches stored there leave the area. Move it to a region in ${areaName(residency)}, or widen the residency and state the transfer.`,
          related,
          data: { region: p.region, country: placed.country, residency },
        });
      }
      return;
    }
    if (!Array.isArray(arch?.regions)) return;

    arch!.regions.forEach((region, i) => {
      const placed = placeRegion(region);
      const isString = typeof region === 'string';
      const at = isString ? `architecture.regions.${i}` : `architecture.regions.${i}.${placed.name !== undefined ? 'name' : ''}`.replace(/\.$/, '');
      if (!placed.country) {
        if (options.unknownRegions === 'ignore' || !placed.name) return;
        report({
          at,
          message: `Cannot tell which country \`${placed.name}\` is in, so residency \`${residency}\` cannot be checked. Write it as \`{ name: ${placed.name}, country: <ISO 3166 code> }\`.`,
          related,
          fixes: [
            isString
              ? {
                  title: 'State the country of this region',
                  edits: replaceValue(unit.doc, docPath(unit, at), `{ name: ${placed.name}, country: \${1:XX} }`),
                  snippet: true,
                }
              : { title: 'State the country of this site', edits: insertKeys(unit.doc, docPath(unit, `architecture.regions.${i}`), [['country', '${1:XX}']]), snippet: true },
          ],
          data: { region: placed.name },
        });
        return;
      }
      if (areaContains(residency, placed.country)) return;
      report({
        at,
        message: `\`${placed.name ?? placed.country}\` is in ${countryName(placed.country)}, outside the declared data residency \`${residency}\` (${areaName(residency)}): prompts, outputs and caches stored there leave the area. Move it to a region in ${areaName(residency)}, or widen \`dataResidency\` and state the transfer.`,
        related,
        data: { region: placed.name, country: placed.country, residency },
      });
    });
  },
});
