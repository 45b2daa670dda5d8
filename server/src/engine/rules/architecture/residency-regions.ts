import { replaceValue } from '../../fix/edits';
import { defineRule, PRODUCTION_AND_UP } from '../define';
import { docPath, insertKeys, relatedAt, str } from '../reliability/support';
import { areaContains, areaName, countryName, placeRegion, RESIDENCY_AREAS } from './regions';

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
    formats: ['modeldeployment'],
    profiles: PRODUCTION_AND_UP,
    fixable: true,
    defaultOptions: { unknownRegions: 'report' },
  },
  check({ unit, options, report }) {
    const arch = unit.spec.architecture;
    const residency = str(arch?.dataResidency)?.toLowerCase();
    if (!residency || residency === 'global' || !RESIDENCY_AREAS.includes(residency)) return;
    if (!Array.isArray(arch?.regions)) return;
    const related = [relatedAt(unit, 'architecture.dataResidency', `data residency is declared \`${residency}\` here`)];

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
              : { title: 'State the country of this site', edits: insertKeys(unit, `architecture.regions.${i}`, [['country', '${1:XX}']]), snippet: true },
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
