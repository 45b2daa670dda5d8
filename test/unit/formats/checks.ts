import { analyzeFile, buildWorkspace, checkFile } from '../../../server/src/engine/check';
import { DEFAULT_CONFIG } from '../../../server/src/engine/config/config';
import { applyFixes } from '../../../server/src/engine/fix/apply';
import type { Finding } from '../../../server/src/engine/types';

/** Every rule's findings on YAML text under the production profile (schema findings included). */
export function checkAll(text: string): Finding[] {
  const config = { ...DEFAULT_CONFIG, profile: 'production' as const };
  const file = analyzeFile('file:///w/manifest.yaml', text, config);
  return checkFile(file, buildWorkspace([file]), config, { today: '2026-11-25' });
}

/** The finding of `code` (the only one expected), failing loudly when it is missing. */
export function findingOf(findings: Finding[], code: string): Finding {
  const f = findings.filter((x) => x.code === code);
  if (f.length !== 1) throw new Error(`expected one ${code} finding, got ${f.length}: ${JSON.stringify(findings.map((x) => `${x.code}: ${x.message}`), null, 1)}`);
  return f[0];
}

/** The text after applying a finding's first fix (the preferred one when it has one). */
export function fixed(text: string, f: Finding): string {
  const fix = f.fixes?.find((x) => x.isPreferred) ?? f.fixes?.[0];
  if (!fix) throw new Error(`${f.code} offers no fix`);
  return applyFixes(text, [fix]).text;
}
