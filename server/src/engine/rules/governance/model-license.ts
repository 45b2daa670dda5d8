import { factRange } from '../../facts/model';
import type { RelatedLocation } from '../../types';
import { ALL_FORMATS, defineRule, PRODUCTION_AND_UP } from '../define';
import { judgesGovernance } from '../support/governance-scope';
import { lazyFix } from '../../fix/lazy';

/**
 * Licences that forbid commercial use: Creative Commons NC variants, research-only and non-production model
 * licences. Matched case-insensitively against `model.license`.
 */
const NON_COMMERCIAL: readonly RegExp[] = [
  /(^|[-_. ])nc([-_. ]|$)/i, // cc-by-nc-4.0, cc-by-nc-sa-4.0, cc-by-nc-nd-4.0, c4ai-cc-by-nc
  /non-?commercial/i, // fair-noncommercial-research-license, deepfloyd noncommercial, ...
  /research(-only)?([-_. ]license)?$/i, // llama-research, qwen-research, research-only
  /^(llama-?1|llama-research|llama-2-research|llama2-research)$/i,
  /^mnpl(-\d+(\.\d+)*)?$/i, // Mistral Non-Production License
  /^mrl(-\d+(\.\d+)*)?$/i, // Mistral Research License
  /^(nsclv1|nvidia-source-code-license-nc)$/i,
];

function isNonCommercial(license: string, extra: readonly string[]): boolean {
  const l = license.trim();
  return NON_COMMERCIAL.some((re) => re.test(l)) || extra.some((e) => e.toLowerCase() === l.toLowerCase());
}

export default defineRule<{ commercialUse: boolean | null; nonCommercialLicenses: string[] }>({
  meta: {
    id: 'governance/model-license',
    area: 'governance',
    severity: 'warning',
    description: 'The model licence is stated; non-commercial licences in commercial use are flagged.',
    rationale:
      'Model weights are licensed, and many popular checkpoints forbid commercial use (CC BY-NC, research-only and non-production licences). Serving them in a commercial product infringes the licence; the EU AI Act also expects deployers to use systems in line with the provider\'s instructions for use (Art. 26(1)) and providers of general-purpose models to document licences (Art. 53, Annex XII).',
    formats: ALL_FORMATS,
    profiles: PRODUCTION_AND_UP,
    // Naming a licence needs the model card: the fix is offered, never applied by fix-all.
    fixable: false,
    defaultOptions: { commercialUse: null, nonCommercialLicenses: [] },
  },
  check({ unit, options, profile, workspace, report, notApplicable }) {
    if (!judgesGovernance({ unit, profile, workspace, notApplicable })) return;
    const model = unit.spec.model ?? {};
    const license = typeof model.license === 'string' && model.license.trim() !== '' ? model.license.trim() : undefined;
    if (!license) {
      report({
        at: unit.where('model.license'),
        message: `The model licence is not stated. Set ${unit.describe('model.license')} (the SPDX id or licence name from the model card), so reviewers can check that this use is allowed.`,
        fixes: [lazyFix({ title: 'State the model licence', edits: () => unit.edit.set('model.license', '${1:apache-2.0}'), snippet: true })],
      });
      return;
    }
    const declared = unit.spec.governance?.commercialUse;
    const commercial = typeof declared === 'boolean' ? declared : options.commercialUse === true;
    if (!commercial) return;
    const related: RelatedLocation[] =
      typeof declared === 'boolean'
        ? [{ uri: unit.uri, range: factRange(unit, 'governance.commercialUse'), message: 'Commercial use is declared here.' }]
        : [];
    const whereCommercial = typeof declared === 'boolean' ? `${unit.describe('governance.commercialUse')} is true` : 'the configuration declares commercial use';
    const allowance = model.licenseCommercialUse;
    if (allowance === 'permitted' || allowance === 'restricted') return; // an explicit review wins (e.g. a bought commercial licence)
    const extra = Array.isArray(options.nonCommercialLicenses) ? options.nonCommercialLicenses.map(String) : [];
    if (allowance === 'prohibited' || isNonCommercial(license, extra)) {
      report({
        at: allowance === 'prohibited' ? 'model.licenseCommercialUse' : 'model.license',
        message: `The model licence \`${license}\` does not allow commercial use${allowance === 'prohibited' ? ' (`model.licenseCommercialUse: prohibited`)' : ''}, but ${whereCommercial}. Use a model whose licence permits it, or obtain a commercial licence and record it in ${unit.describe('model.licenseCommercialUse')}.`,
        related,
        data: { license },
      });
      return;
    }
    if (allowance === 'unknown') {
      report({
        at: 'model.licenseCommercialUse',
        message: `Whether the licence \`${license}\` allows commercial use has not been reviewed (\`model.licenseCommercialUse: unknown\`), but ${whereCommercial}. Review the licence and record the outcome (permitted, restricted or prohibited).`,
        related,
      });
    }
  },
});
