import { factRange } from '../../facts/model';
import type { RelatedLocation } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { personalData } from './support';
import { areaContains, areaName, countryName, placeRegion } from '../support/regions';
import { lazyFix } from '../../fix/lazy';

/** Mechanisms that make a transfer out of the area lawful (GDPR Art. 45, 46, 47, 49). */
const MECHANISMS = ['scc', 'adequacy', 'bcr', 'consent', 'derogation'];

export default defineRule({
  meta: {
    id: 'governance/transfers',
    area: 'governance',
    severity: 'warning',
    description: 'Personal data that leaves the data-residency area has a transfer mechanism (SCCs, adequacy, BCRs).',
    rationale:
      'GDPR Chapter V (Art. 44-49): personal data may leave the EU/EEA only to a country with an adequacy decision (Art. 45), under appropriate safeguards such as standard contractual clauses or binding corporate rules (Art. 46, 47), or under a narrow derogation (Art. 49). Serving a model in a region outside the residency area sends every prompt there.',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // The mechanism is a legal fact to establish: the fix is offered, never applied by fix-all.
    fixable: false,
  },
  check({ unit, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const arch = unit.spec.architecture ?? {};
    const residency = typeof arch.dataResidency === 'string' ? arch.dataResidency : undefined;
    if (!residency || residency === 'global' || personalData(unit.spec) === false) return;
    const mechanism = typeof arch.transfers?.mechanism === 'string' && arch.transfers.mechanism.trim() !== '' ? arch.transfers.mechanism.trim().toLowerCase() : undefined;
    if (mechanism && MECHANISMS.includes(mechanism)) return;

    const related: RelatedLocation[] = [{ uri: unit.uri, range: factRange(unit, 'architecture.dataResidency'), message: `Data must stay in ${areaName(residency)}.` }];
    if (mechanism) related.push({ uri: unit.uri, range: factRange(unit, 'architecture.transfers.mechanism'), message: `The transfer mechanism is \`${mechanism}\`.` });
    const fix = lazyFix({
      title: 'State the transfer mechanism',
      edits: () => unit.edit.set('architecture.transfers.mechanism', '${1:scc}'),
      snippet: true,
    });
    const field = unit.describe('architecture.transfers.mechanism');
    const stated = mechanism === 'none' ? `${field} is \`none\`` : `no ${field.replace(/^the /, '')} is stated`;
    const ask = `State the GDPR Chapter V mechanism in ${field} (adequacy, scc, bcr, or an Art. 49 derogation), or keep the data inside the area.`;

    const regions: unknown[] = Array.isArray(arch.regions) ? arch.regions : [];
    regions.forEach((region, i) => {
      const placed = placeRegion(region);
      if (!placed.country || areaContains(residency, placed.country)) return;
      const item = typeof region === 'string' ? `architecture.regions.${i}` : `architecture.regions.${i}.${placed.source === 'country' ? 'country' : 'name'}`;
      // Regions stated in one value (an annotation's list) have no place of their own: report on the list.
      const at = unit.sourcePath(item) ? item : 'architecture.regions';
      report({
        at,
        message: `Region \`${placed.name ?? placed.country}\` is in ${countryName(placed.country)}, outside the data-residency area ${areaName(residency)}, and ${stated}: personal data in prompts and logs served there is transferred out of the area. ${ask}`,
        related,
        fixes: [fix],
        data: { region: placed.name, country: placed.country },
      });
    });

    const destinations: unknown[] = Array.isArray(arch.transfers?.destinations) ? arch.transfers!.destinations! : [];
    destinations.forEach((dest, i) => {
      if (typeof dest !== 'string' || areaContains(residency, dest)) return;
      const where = dest === dest.toUpperCase() ? countryName(dest) : areaName(dest);
      report({
        at: `architecture.transfers.destinations.${i}`,
        message: `Data is transferred to ${where}, outside the data-residency area ${areaName(residency)}, and ${stated}. ${ask}`,
        related,
        fixes: [fix],
        data: { destination: dest },
      });
    });
  },
});
